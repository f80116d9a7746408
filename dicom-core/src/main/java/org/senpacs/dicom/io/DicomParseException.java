package org.senpacs.dicom.io;

import java.io.IOException;
import org.senpacs.dicom.Tags;

/** Malformed DICOM input: says where (byte offset in the stream) and in which element. */
public final class DicomParseException extends IOException {

    private final long offset;
    private final int tag;

    public DicomParseException(String message, long offset, int tag) {
        super(message + " at byte offset " + offset + (tag != -1 ? " in element " + Tags.toString(tag) : ""));
        this.offset = offset;
        this.tag = tag;
    }

    public DicomParseException(String message, long offset, int tag, Throwable cause) {
        this(message, offset, tag);
        initCause(cause);
    }

    /** Offset in the input (in the inflated stream for deflated transfer syntaxes). */
    public long offset() {
        return offset;
    }

    /** The element being read, or -1. */
    public int tag() {
        return tag;
    }
}
