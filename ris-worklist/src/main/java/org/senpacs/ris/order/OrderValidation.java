package org.senpacs.ris.order;

import org.senpacs.dicom.Uids;

/**
 * The checks every order passes before it is written, whatever its source: identifiers fit the
 * DICOM value representations the worklist returns them in (SH, CS, AE: 16 characters), UIDs are
 * UIDs, text fits its column.
 */
final class OrderValidation {

    private OrderValidation() {}

    static void check(OrderDetails d) {
        shortString(OrderField.ACCESSION_NUMBER, "accession number", d.accessionNumber());
        shortString(OrderField.REQUESTED_PROCEDURE_ID, "requested procedure ID", d.requestedProcedureId());
        shortString(OrderField.SPS_ID, "scheduled procedure step ID", d.spsId());
        shortString(OrderField.STATION_NAME, "station name", d.stationName());
        if (present(d.studyUid()) && !Uids.isValid(d.studyUid())) {
            throw invalid(OrderField.STUDY_UID, "Study Instance UID '" + d.studyUid() + "' is not a valid UID");
        }
        if (present(d.modality()) && !d.modality().matches("[A-Z0-9_]{1,16}")) {
            throw invalid(OrderField.MODALITY, "modality '" + d.modality() + "' is not a DICOM modality code (A-Z, 0-9, _; up to 16)");
        }
        if (present(d.stationAet()) && (d.stationAet().length() > 16 || d.stationAet().isBlank()
                || !d.stationAet().chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F && ch != '\\'))) {
            throw invalid(OrderField.STATION_AET, "station AE title '" + d.stationAet() + "' is not an AE title (ASCII, up to 16)");
        }
        length(OrderField.PLACER_ORDER_NUMBER, "placer order number", d.placerOrderNumber(), 64);
        length(OrderField.FILLER_ORDER_NUMBER, "filler order number", d.fillerOrderNumber(), 64);
        length(OrderField.PROCEDURE_CODE, "procedure code", d.procedureCode(), 64);
        length(OrderField.PROCEDURE_CODE, "procedure coding scheme", d.procedureScheme(), 64);
        length(OrderField.PROCEDURE_CODE, "procedure description", d.procedureMeaning(), 400);
        length(OrderField.REQUESTING_PHYSICIAN, "requesting physician", d.requestingPhysician(), 400);
        length(OrderField.REFERRING_PHYSICIAN, "referring physician", d.referringPhysician(), 400);
        length(OrderField.REASON, "reason for the procedure", d.reason(), 1000);
        length(OrderField.MEDICAL_ALERTS, "medical alerts", d.medicalAlerts(), 1000);
    }

    static boolean present(String v) {
        return v != null && !v.isEmpty();
    }

    private static void shortString(OrderField field, String what, String v) {
        if (!present(v)) return;
        if (v.length() > 16) throw invalid(field, what + " '" + v + "' is longer than 16 characters");
        if (v.isBlank() || v.chars().anyMatch(ch -> ch < 0x20 || ch == '\\')) {
            throw invalid(field, what + " '" + v + "' has characters an identifier cannot have");
        }
    }

    private static void length(OrderField field, String what, String v, int max) {
        if (v != null && v.length() > max) throw invalid(field, what + " is longer than " + max + " characters");
    }

    static OrderException invalid(OrderField field, String message) {
        return new OrderException(OrderException.Kind.INVALID, field, message);
    }
}
