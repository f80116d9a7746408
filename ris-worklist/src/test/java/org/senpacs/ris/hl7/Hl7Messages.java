package org.senpacs.ris.hl7;

import java.util.TreeMap;

/** Builds the HL7 messages of the tests, field by field (no counting of bars by hand). */
public final class Hl7Messages {

    private Hl7Messages() {}

    /** A segment from (position, value) pairs; MSH positions count MSH-1 as the separator. */
    public static String seg(String name, Object... positionsAndValues) {
        TreeMap<Integer, String> fields = new TreeMap<>();
        for (int i = 0; i < positionsAndValues.length; i += 2) {
            fields.put((Integer) positionsAndValues[i], (String) positionsAndValues[i + 1]);
        }
        StringBuilder sb = new StringBuilder(name);
        int first = name.equals("MSH") ? 2 : 1;
        if (name.equals("MSH")) sb.append("|^~\\&");
        int last = fields.isEmpty() ? 0 : fields.lastKey();
        for (int n = first + (name.equals("MSH") ? 1 : 0); n <= last; n++) {
            sb.append('|').append(fields.getOrDefault(n, ""));
        }
        return sb.toString();
    }

    public static String msh(String type, String control, String version, String charset) {
        return seg("MSH", 3, "HIS", 4, "BVBM", 5, "SENRIS", 6, "BVTEST", 7, "20240601080000", 9, type, 10, control, 11, "P",
                12, version, 17, "VNM", 18, charset);
    }

    public static String pid(String id, String name, String birth, String sex) {
        return seg("PID", 1, "1", 3, id + "^^^BVBM^PI", 5, name, 7, birth, 8, sex);
    }

    /** An ADT message (v2.3.1, UTF-8) for a patient. */
    public static String adt(String event, String control, String id, String name) {
        return Hl7TestClient.message(msh("ADT^" + event, control, "2.3.1", "UNICODE UTF-8"),
                seg("EVN", 1, event, 2, "20240601080000"), pid(id, name, "19800115", "M"), seg("PV1", 1, "1", 2, "O"));
    }

    /** An ORM^O01 v2.3.1 in UTF-8 with every field the mapping reads. */
    public static String orm(String control, String orderControl, String patientId, String name, String placer,
                             String accession, String rp, String sps, String studyUid) {
        java.util.List<String> segments = new java.util.ArrayList<>(java.util.List.of(
                msh("ORM^O01", control, "2.3.1", "UNICODE UTF-8"),
                pid(patientId, name, "19800115", "M"),
                seg("PV1", 1, "1", 2, "O", 8, "BS01^TRẦN^VĂN BÌNH"),
                seg("ORC", 1, orderControl, 2, placer, 3, "F" + placer, 7, "^^^20240602083000", 18, "CT01"),
                seg("OBR", 1, "1", 2, placer, 3, "F" + placer, 4, "18.0119.0028^Chụp CT sọ não^BYT", 13, "Dị ứng thuốc cản quang",
                        16, "BS02^LÊ^THỊ HOA", 18, accession, 19, rp, 20, sps, 24, "CT", 27, "^^^20240602083000",
                        31, "^Đau đầu kéo dài")));
        if (studyUid != null) segments.add(seg("ZDS", 1, studyUid + "^100^Application^DICOM"));
        return Hl7TestClient.message(segments.toArray(String[]::new));
    }

    /** An OMI^O23 v2.5.1 in UTF-8 with one IPC. */
    public static String omi(String control, String orderControl, String patientId, String name, String placer,
                             String accession, String rp, String sps, String studyUid) {
        return Hl7TestClient.message(msh("OMI^O23^OMI_O23", control, "2.5.1", "UNICODE UTF-8"),
                pid(patientId, name, "19751230", "F"),
                seg("PV1", 1, "1", 2, "O", 8, "BS03^PHẠM^MINH"),
                seg("ORC", 1, orderControl, 2, placer, 3, "F" + placer),
                seg("TQ1", 1, "1", 7, "20240603091500"),
                seg("OBR", 1, "1", 2, placer, 3, "F" + placer, 4, "US-BUNG^Siêu âm ổ bụng^LOCAL"),
                seg("IPC", 1, accession, 2, rp, 3, studyUid, 4, sps, 5, "US", 7, "PHONG1", 9, "US01"));
    }
}
