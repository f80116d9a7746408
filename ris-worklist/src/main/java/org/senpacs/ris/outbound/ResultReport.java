package org.senpacs.ris.outbound;

import java.util.Objects;

/**
 * What an ORU^R01 says: the patient, the order the report is for, and the report itself.
 *
 * @param patientId Patient ID (PID-3.1)
 * @param issuer its issuer (PID-3.4), "" when none
 * @param patientName DICOM person name ({@code FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX}), or null
 * @param birthDate {@code YYYYMMDD}, or null
 * @param sex M, F, O, or null
 * @param placerOrderNumber ORC-2 / OBR-2, or null
 * @param fillerOrderNumber ORC-3 / OBR-3, or null (the accession number is used then)
 * @param procedureCode OBR-4.1, or null
 * @param procedureScheme OBR-4.3 (the coding scheme, e.g. the MoH technical-service code list), or null
 * @param procedureMeaning OBR-4.2, or null
 * @param observationTime OBR-7 as an HL7 date/time ({@code YYYYMMDDHHMMSS[+ZZZZ]}), or null
 * @param resultStatus P (preliminary), F (final) or C (corrected)
 * @param findings the findings text (lines), or null
 * @param impression the impression / conclusion text (lines), or null
 * @param author the principal result interpreter: plain text, or HL7 CNN components {@code ID^FAMILY^GIVEN...}
 * @param reportTime OBR-22 (when the result status changed), as an HL7 date/time
 */
public record ResultReport(String patientId, String issuer, String patientName, String birthDate, String sex,
                           String placerOrderNumber, String fillerOrderNumber, String accessionNumber,
                           String requestedProcedureId, String scheduledStepId, String procedureCode,
                           String procedureScheme, String procedureMeaning, String observationTime, String resultStatus,
                           String findings, String impression, String author, String reportTime) {

    public ResultReport {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(accessionNumber, "accessionNumber");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(reportTime, "reportTime");
        if (!resultStatus.equals("P") && !resultStatus.equals("F") && !resultStatus.equals("C")) {
            throw new IllegalArgumentException("result status must be P, F or C: " + resultStatus);
        }
        issuer = Objects.requireNonNullElse(issuer, "");
    }
}
