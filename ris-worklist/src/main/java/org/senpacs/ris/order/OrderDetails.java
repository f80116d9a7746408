package org.senpacs.ris.order;

import java.time.LocalDateTime;

/**
 * What a request says about an order: the identifiers and the scheduled procedure step. Every
 * field may be null: on creation a missing identifier is generated and a missing modality or
 * description comes from the procedure catalogue; on update null keeps the stored value and ""
 * clears it (identifiers cannot be cleared).
 *
 * @param procedureCode the requested procedure code as the HIS gives it (a Vietnamese MoH
 *     technical-service code such as {@code 18.0119.0028}, a LOINC code, a local code), kept
 *     with its coding scheme
 * @param scheduledStart local date and time the step is scheduled for
 */
public record OrderDetails(String placerOrderNumber, String fillerOrderNumber, String accessionNumber,
                           String requestedProcedureId, String studyUid, String spsId, String modality, String stationAet,
                           String stationName, LocalDateTime scheduledStart, String procedureCode, String procedureScheme,
                           String procedureMeaning, String requestingPhysician, String referringPhysician, String reason,
                           String medicalAlerts) {

    /** Nothing set. */
    public static final OrderDetails EMPTY = new OrderDetails(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    public OrderDetails withAccessionNumber(String v) {
        return new OrderDetails(placerOrderNumber, fillerOrderNumber, v, requestedProcedureId, studyUid, spsId, modality,
                stationAet, stationName, scheduledStart, procedureCode, procedureScheme, procedureMeaning,
                requestingPhysician, referringPhysician, reason, medicalAlerts);
    }

    public OrderDetails withModalityAndMeaning(String newModality, String newMeaning) {
        return new OrderDetails(placerOrderNumber, fillerOrderNumber, accessionNumber, requestedProcedureId, studyUid, spsId,
                newModality, stationAet, stationName, scheduledStart, procedureCode, procedureScheme, newMeaning,
                requestingPhysician, referringPhysician, reason, medicalAlerts);
    }
}
