package org.senpacs.dicom.json;

import org.senpacs.dicom.io.DicomFormatException;

/**
 * Input that is not valid DICOM JSON (PS3.18 Annex F): malformed JSON, a bad attribute key, an
 * unknown VR, a value of the wrong type or out of range.
 */
public final class DicomJsonException extends DicomFormatException {

    public DicomJsonException(String message, String path, int line, int column, Throwable cause) {
        super(message, path, line, column, cause);
    }
}
