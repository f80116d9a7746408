package org.senpacs.viewer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.query.QueryService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/** Turns a {@link Selection} into studies, series and instances, asking the archive's query service. */
final class StudyFinder {

    private final QueryService queries;
    private final int maxStudies;

    StudyFinder(QueryService queries, int maxStudies) {
        this.queries = queries;
        this.maxStudies = maxStudies;
    }

    /** The studies selected, each with its patient's attributes, in index order (most recent first with mostRecent). */
    List<DataSet> studies(Selection sel, RequestOrigin origin) throws ArchiveException, ViewerException {
        Set<String> studyUids = new LinkedHashSet<>(sel.studyUids());
        if (studyUids.isEmpty() && (!sel.seriesUids().isEmpty() || !sel.objectUids().isEmpty())) {
            // studies named only through a series or an instance
            if (!sel.seriesUids().isEmpty()) studyUids.addAll(studyUidsOf(Level.SERIES, Tag.SeriesInstanceUID, sel.seriesUids(), origin));
            if (!sel.objectUids().isEmpty()) studyUids.addAll(studyUidsOf(Level.IMAGE, Tag.SOPInstanceUID, sel.objectUids(), origin));
            if (studyUids.isEmpty()) return List.of();
        }
        Map<String, DataSet> found = new LinkedHashMap<>();
        List<String> patientIds = sel.patientIds().isEmpty() ? java.util.Collections.singletonList(null) : sel.patientIds();
        List<String> accessions = sel.accessionNumbers().isEmpty() ? java.util.Collections.singletonList(null) : sel.accessionNumbers();
        for (String pid : patientIds) {
            for (String acc : accessions) {
                DataSet keys = studyKeys();
                if (!studyUids.isEmpty()) keys.setString(Tag.StudyInstanceUID, VR.UI, String.join("\\", studyUids));
                if (pid != null) keys.setString(Tag.PatientID, VR.LO, pid);
                if (pid != null && sel.issuer() != null) keys.setString(Tag.IssuerOfPatientID, VR.LO, sel.issuer());
                if (acc != null) keys.setString(Tag.AccessionNumber, VR.SH, acc);
                if (sel.lowerDate() != null || sel.upperDate() != null) {
                    keys.setString(Tag.StudyDate, VR.DA, (sel.lowerDate() == null ? "" : sel.lowerDate()) + "-"
                            + (sel.upperDate() == null ? "" : sel.upperDate()));
                }
                if (!sel.modalities().isEmpty()) keys.setString(Tag.ModalitiesInStudy, VR.CS, String.join("\\", sel.modalities()));
                Predicate<DataSet> sink = ds -> {
                    found.putIfAbsent(ds.getString(Tag.StudyInstanceUID, ""), ds);
                    return found.size() <= maxStudies;
                };
                queries.query(new QueryService.Query(origin, Level.STUDY, keys, false, 0, maxStudies + 1), sink);
                if (found.size() > maxStudies && sel.mostRecent() == 0) {
                    throw new ViewerException(400, "more than " + maxStudies + " studies match; narrow the request");
                }
            }
        }
        List<DataSet> studies = new ArrayList<>(found.values());
        if (sel.mostRecent() > 0) {
            studies.sort(Comparator.comparing((DataSet ds) -> ds.getString(Tag.StudyDate, "") + ds.getString(Tag.StudyTime, "")).reversed());
            if (studies.size() > sel.mostRecent()) studies = new ArrayList<>(studies.subList(0, sel.mostRecent()));
        }
        return studies;
    }

    /** The series of a study (all, or those listed), in index order. */
    List<DataSet> series(String studyUid, List<String> seriesUids, RequestOrigin origin) throws ArchiveException {
        DataSet keys = new DataSet();
        keys.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        if (seriesUids.isEmpty()) keys.setEmpty(Tag.SeriesInstanceUID, VR.UI);
        else keys.setString(Tag.SeriesInstanceUID, VR.UI, String.join("\\", seriesUids));
        keys.setEmpty(Tag.Modality, VR.CS);
        keys.setEmpty(Tag.SeriesNumber, VR.IS);
        keys.setEmpty(Tag.SeriesDescription, VR.LO);
        List<DataSet> out = new ArrayList<>();
        queries.query(new QueryService.Query(origin, Level.SERIES, keys, false, 0, 0), out::add);
        return out;
    }

    /** Streams the instances of a series (all, or those listed) to {@code sink}. */
    void instances(String studyUid, String seriesUid, List<String> objectUids, RequestOrigin origin, Predicate<DataSet> sink)
            throws ArchiveException {
        DataSet keys = new DataSet();
        keys.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        keys.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
        if (objectUids.isEmpty()) keys.setEmpty(Tag.SOPInstanceUID, VR.UI);
        else keys.setString(Tag.SOPInstanceUID, VR.UI, String.join("\\", objectUids));
        keys.setEmpty(Tag.InstanceNumber, VR.IS);
        queries.query(new QueryService.Query(origin, Level.IMAGE, keys, false, 0, 0), sink);
    }

    private static DataSet studyKeys() {
        DataSet keys = new DataSet();
        keys.setEmpty(Tag.PatientID, VR.LO);
        keys.setEmpty(Tag.IssuerOfPatientID, VR.LO);
        keys.setEmpty(Tag.PatientName, VR.PN);
        keys.setEmpty(Tag.PatientBirthDate, VR.DA);
        keys.setEmpty(Tag.PatientSex, VR.CS);
        keys.setEmpty(Tag.StudyInstanceUID, VR.UI);
        keys.setEmpty(Tag.StudyDate, VR.DA);
        keys.setEmpty(Tag.StudyTime, VR.TM);
        keys.setEmpty(Tag.AccessionNumber, VR.SH);
        keys.setEmpty(Tag.StudyID, VR.SH);
        keys.setEmpty(Tag.StudyDescription, VR.LO);
        keys.setEmpty(Tag.ReferringPhysicianName, VR.PN);
        keys.setEmpty(Tag.ModalitiesInStudy, VR.CS);
        return keys;
    }

    private Set<String> studyUidsOf(Level level, int tag, List<String> uids, RequestOrigin origin) throws ArchiveException {
        DataSet keys = new DataSet();
        keys.setString(tag, VR.UI, String.join("\\", uids));
        keys.setEmpty(Tag.StudyInstanceUID, VR.UI);
        Set<String> out = new LinkedHashSet<>();
        queries.query(new QueryService.Query(origin, level, keys, false, 0, 0), ds -> {
            out.add(ds.getString(Tag.StudyInstanceUID, ""));
            return out.size() <= maxStudies;
        });
        return out;
    }
}
