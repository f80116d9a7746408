package org.senpacs.storage;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.Objects;

/**
 * A storage failure with a {@link Reason} the caller turns into a protocol status (a C-STORE
 * answers {@code OUT_OF_SPACE} with "Refused: Out of Resources", {@code IO_ERROR} with "Processing
 * failure", and so on).
 */
public class StorageException extends IOException {

    /** Why a storage operation failed. */
    public enum Reason {
        /** No object under the key. */
        NOT_FOUND,
        /** An object is already stored under the key (commit without replace). */
        EXISTS,
        /** The disk, quota or bucket is full. */
        OUT_OF_SPACE,
        /** A byte range runs past the end of the object. */
        INVALID_RANGE,
        /** Any other I/O failure. */
        IO_ERROR
    }

    private final Reason reason;
    private final String key;

    public StorageException(Reason reason, String key, String message) {
        this(reason, key, message, null);
    }

    public StorageException(Reason reason, String key, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.key = key;
    }

    public Reason reason() {
        return reason;
    }

    /** The key concerned, or null. */
    public String key() {
        return key;
    }

    /**
     * Wraps an I/O failure, recognising a full disk or quota from the operating system's message
     * (Linux, macOS and Windows wordings). A StorageException is returned as it is.
     */
    public static StorageException of(IOException e, String key, String doing) {
        if (e instanceof StorageException se) return se;
        Reason reason = isOutOfSpace(e) ? Reason.OUT_OF_SPACE : Reason.IO_ERROR;
        return new StorageException(reason, key, doing + " " + (key == null ? "" : key + ": ") + e, e);
    }

    static boolean isOutOfSpace(IOException e) {
        String text = e.getMessage();
        if (e instanceof FileSystemException fse && fse.getReason() != null) text = fse.getReason();
        if (text == null) return false;
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("no space left on device")        // ENOSPC
                || t.contains("disk quota exceeded")         // EDQUOT
                || t.contains("not enough space on the disk"); // Windows ERROR_DISK_FULL
    }
}
