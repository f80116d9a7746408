package org.senpacs.dicom.json;

import java.io.IOException;

/**
 * Input that is not valid DICOM JSON (PS3.18 Annex F): malformed JSON, a bad attribute key, an
 * unknown VR, a value of the wrong type or out of range. The message names the element (as a path
 * of tags and item indexes) and the location in the input.
 */
public final class DicomJsonException extends IOException {

    private final String path;
    private final int line;
    private final int column;

    public DicomJsonException(String message, String path, int line, int column, Throwable cause) {
        super(message + (path.isEmpty() ? "" : " in " + path) + (line > 0 ? " at line " + line + ", column " + column : ""),
                cause);
        this.path = path;
        this.line = line;
        this.column = column;
    }

    /**
     * Where in the data set: attribute keys and 0-based item indexes, e.g. {@code 00101002[1].00100021};
     * empty at the top level.
     */
    public String path() {
        return path;
    }

    /** Line in the input (1-based), or -1 when unknown. */
    public int line() {
        return line;
    }

    /** Column in the input (1-based), or -1 when unknown. */
    public int column() {
        return column;
    }
}
