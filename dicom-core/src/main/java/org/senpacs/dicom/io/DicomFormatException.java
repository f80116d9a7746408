package org.senpacs.dicom.io;

import java.io.IOException;

/**
 * Input that is not valid in a DICOM text encoding (JSON, XML): the message names the element (as
 * a path of tags and 0-based item indexes) and, when reading, the line and column.
 */
public abstract class DicomFormatException extends IOException {

    private final String path;
    private final int line;
    private final int column;

    protected DicomFormatException(String message, String path, int line, int column, Throwable cause) {
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
