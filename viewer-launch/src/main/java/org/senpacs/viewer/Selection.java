package org.senpacs.viewer;

import java.util.List;

/**
 * What to open: studies named directly or found by patient, accession number, series or instance,
 * optionally narrowed (IHE RAD-106 PATIENT requests: date range, modalities, the most recent N).
 *
 * @param lowerDate lowest study date, {@code yyyyMMdd}, or null
 * @param upperDate highest study date, {@code yyyyMMdd}, or null
 * @param mostRecent keep only this many most recent studies; 0: all
 */
record Selection(List<String> studyUids, List<String> patientIds, String issuer, List<String> accessionNumbers,
                 List<String> seriesUids, List<String> objectUids, String lowerDate, String upperDate,
                 List<String> modalities, int mostRecent) {

    Selection {
        studyUids = List.copyOf(studyUids);
        patientIds = List.copyOf(patientIds);
        accessionNumbers = List.copyOf(accessionNumbers);
        seriesUids = List.copyOf(seriesUids);
        objectUids = List.copyOf(objectUids);
        modalities = List.copyOf(modalities);
    }

    /** The keys of {@code /viewer/weasis} and {@code /viewer/manifest}: studyUID, patientID (+ issuerOfPatientID), accessionNumber, seriesUID, objectUID. */
    static Selection of(QueryParams p) throws ViewerException {
        Selection s = new Selection(p.all("studyUID", ','), p.all("patientID"), p.first("issuerOfPatientID"),
                p.all("accessionNumber", ','), p.all("seriesUID", ','), p.all("objectUID", ','), null, null, List.of(), 0);
        if (s.isEmpty()) throw new ViewerException(400, "give studyUID, patientID, accessionNumber, seriesUID or objectUID");
        s.checkUids();
        return s;
    }

    boolean isEmpty() {
        return studyUids.isEmpty() && patientIds.isEmpty() && accessionNumbers.isEmpty() && seriesUids.isEmpty()
                && objectUids.isEmpty();
    }

    void checkUids() throws ViewerException {
        for (List<String> uids : List.of(studyUids, seriesUids, objectUids)) {
            for (String uid : uids) {
                if (uid.length() > 64 || !uid.matches("[0-9]+(\\.[0-9]+)*")) throw new ViewerException(400, "not a UID: " + uid);
            }
        }
    }
}
