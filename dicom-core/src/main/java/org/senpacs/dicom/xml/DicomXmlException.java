package org.senpacs.dicom.xml;

import java.io.IOException;

/**
 * Input that is not a valid Native DICOM Model document (PS3.19 Annex A), or a value that XML 1.0
 * cannot carry. The message names the element (as a path of tags and 0-based item indexes) and,
 * when reading, the line and column.
 */
public final class DicomXmlException extends IOException {

    private final String path;
    private final int line;
    private final int column;

    public DicomXmlException(String message, String path, int line, int column, Throwable cause) {
        super(message + (path.isEmpty() ? "" : " in " + path) + (line > 0 ? " at line " + line + ", column " + column : ""),
                cause);
        this.path = path;
        this.line = line;
        this.column = column;
    }

    /** Where in the data set, e.g. {@code 00101002[1].00100021}; empty at the top level. */
    public String path() {
        return path;
    }

    /** Line in the input (1-based), or -1 when unknown or when writing. */
    public int line() {
        return line;
    }

    /** Column in the input (1-based), or -1 when unknown or when writing. */
    public int column() {
        return column;
    }
}
