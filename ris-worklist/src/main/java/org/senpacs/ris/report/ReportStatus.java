package org.senpacs.ris.report;

/** Where a report stands; every status but DRAFT is sent to the HIS with its HL7 result status (OBR-25, OBX-11). */
public enum ReportStatus {
    /** Being written; seen only in the RIS. */
    DRAFT(null),
    /** Read but not yet signed off (HL7 P). */
    PRELIMINARY("P"),
    /** Signed off (HL7 F); changes after this are corrections. */
    FINAL("F"),
    /** A final report amended (HL7 C). */
    CORRECTED("C");

    private final String resultStatus;

    ReportStatus(String resultStatus) {
        this.resultStatus = resultStatus;
    }

    /** The HL7 result status (table 0123), or null for a draft. */
    public String resultStatus() {
        return resultStatus;
    }

    /** Final or corrected: the text changes only through a correction. */
    public boolean signed() {
        return this == FINAL || this == CORRECTED;
    }
}
