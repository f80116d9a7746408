package org.senpacs.archive;

/**
 * Why the archive refused or failed a request: one table that each transport turns into its
 * own answer (DIMSE status, HTTP status; later HL7 error codes).
 */
public enum ArchiveError {
    /** The data set is not what the request says (SOP instance or class differ). */
    DATA_SET_DOES_NOT_MATCH(0xA900, 409),
    /** The data set could not be parsed. */
    CANNOT_UNDERSTAND(0xC000, 400),
    /** A required attribute is missing or invalid (e.g. no Study Instance UID). */
    MISSING_ATTRIBUTE(0xC000, 400),
    /** The instance exists and the policy refuses duplicates. */
    DUPLICATE(0x0111, 409),
    /** No room left to store. */
    OUT_OF_SPACE(0xA700, 507),
    /** The index database is not reachable or failed. */
    DATABASE_UNAVAILABLE(0xA700, 503),
    /** Writing or reading the object failed. */
    STORAGE_FAILURE(0x0110, 500),
    /** Anything else. */
    PROCESSING_FAILURE(0x0110, 500),
    /** A query key or identifier is invalid. */
    INVALID_QUERY(0xA900, 400),
    /** An unknown C-MOVE destination. */
    UNKNOWN_DESTINATION(0xA801, 400),
    /** Nothing matches. */
    NOT_FOUND(0xC000, 404);

    /** The DIMSE status (PS3.4 / PS3.7). */
    public final int dimseStatus;
    /** The HTTP status for DICOMweb. */
    public final int httpStatus;

    ArchiveError(int dimseStatus, int httpStatus) {
        this.dimseStatus = dimseStatus;
        this.httpStatus = httpStatus;
    }
}
