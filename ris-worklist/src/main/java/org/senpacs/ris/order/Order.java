package org.senpacs.ris.order;

import java.time.Instant;
import java.time.LocalDateTime;
import org.senpacs.archive.patient.Patients.PatientKey;

/**
 * One order as stored: a requested procedure with its one scheduled procedure step, the patient
 * it is for, and whether images of its study are in the archive.
 *
 * @param imagesAvailable the archive holds a study with this order's Study Instance UID
 * @param version bumped by every change (optimistic locking for REST updates)
 */
public record Order(long pk, long patientPk, PatientKey patient, String patientName, String placerOrderNumber,
                    String fillerOrderNumber, String accessionNumber, String requestedProcedureId, String studyUid,
                    String spsId, String modality, String stationAet, String stationName, LocalDateTime scheduledStart,
                    String procedureCode, String procedureScheme, String procedureMeaning, String requestingPhysician,
                    String referringPhysician, String reason, String medicalAlerts, OrderStatus status, OrderSource source,
                    Instant created, Instant updated, int version, boolean imagesAvailable) {}
