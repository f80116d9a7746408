package org.senpacs.archive;

/** A request the archive could not do, with the reason every transport can answer with. */
public class ArchiveException extends Exception {

    private final ArchiveError error;

    public ArchiveException(ArchiveError error, String message) {
        super(message);
        this.error = error;
    }

    public ArchiveException(ArchiveError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public ArchiveError error() {
        return error;
    }
}
