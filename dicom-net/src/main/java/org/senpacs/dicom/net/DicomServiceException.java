package org.senpacs.dicom.net;

import org.senpacs.dicom.DataSet;

/**
 * A service failure that becomes a DIMSE response: its status, an Error Comment (0000,0902) and
 * optionally more response attributes (Offending Element, Error ID, ...).
 */
public class DicomServiceException extends Exception {

    private final int status;
    private final transient DataSet responseAttributes;

    public DicomServiceException(int status, String errorComment) {
        this(status, errorComment, (DataSet) null);
    }

    public DicomServiceException(int status, String errorComment, Throwable cause) {
        super(errorComment, cause);
        this.status = status;
        this.responseAttributes = null;
    }

    public DicomServiceException(int status, String errorComment, DataSet responseAttributes) {
        super(errorComment);
        this.status = status;
        this.responseAttributes = responseAttributes;
    }

    public int status() {
        return status;
    }

    /** Extra command elements for the response, or null. */
    public DataSet responseAttributes() {
        return responseAttributes;
    }
}
