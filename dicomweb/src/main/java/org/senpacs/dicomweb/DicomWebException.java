package org.senpacs.dicomweb;

/** A request the DICOMweb layer refuses, answered as problem details with its HTTP status. */
public final class DicomWebException extends RuntimeException {

    private final int status;

    public DicomWebException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static DicomWebException badRequest(String detail) {
        return new DicomWebException(400, detail);
    }

    static DicomWebException notFound(String detail) {
        return new DicomWebException(404, detail);
    }

    static DicomWebException notAcceptable(String detail) {
        return new DicomWebException(406, detail);
    }

    static DicomWebException unsupportedMediaType(String detail) {
        return new DicomWebException(415, detail);
    }
}
