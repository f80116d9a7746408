package org.senpacs.ris.study;

/**
 * A stored study that no order claims: neither by Study Instance UID nor by Accession Number.
 *
 * @param studyDate DA (YYYYMMDD) or null
 * @param studyTime HHMMSS or null
 * @param modalities the modalities of its series, backslash-separated
 */
public record UnmatchedStudy(String studyUid, String studyDate, String studyTime, String accessionNumber,
                             String description, String modalities, int series, int instances, String patientId,
                             String issuerOfPatientId, String patientName, String birthDate, String sex) {}
