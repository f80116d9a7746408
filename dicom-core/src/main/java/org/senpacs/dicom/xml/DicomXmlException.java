package org.senpacs.dicom.xml;

import org.senpacs.dicom.io.DicomFormatException;

/**
 * Input that is not a valid Native DICOM Model document (PS3.19 Annex A), or a value that XML 1.0
 * cannot carry.
 */
public final class DicomXmlException extends DicomFormatException {

    public DicomXmlException(String message, String path, int line, int column, Throwable cause) {
        super(message, path, line, column, cause);
    }
}
