package org.senpacs.ris.order;

/**
 * The fields of an order that a request sets, named once so that errors can point at them (the
 * HL7 mapping turns a field into the ERR location of the segment field it came from).
 */
public enum OrderField {
    PATIENT, PLACER_ORDER_NUMBER, FILLER_ORDER_NUMBER, ACCESSION_NUMBER, REQUESTED_PROCEDURE_ID, STUDY_UID, SPS_ID,
    MODALITY, STATION_AET, STATION_NAME, SCHEDULED_START, PROCEDURE_CODE, REQUESTING_PHYSICIAN, REFERRING_PHYSICIAN,
    REASON, MEDICAL_ALERTS, STATUS, VERSION
}
