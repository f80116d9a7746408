package org.senpacs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the bytes of stored objects live. The archive addresses objects by key and keeps what it
 * knows about them (checksum, which instance they hold) in its index; a backend only stores bytes,
 * so a file system today and an object store (S3-like) later are interchangeable.
 *
 * <p>Keys are relative, '/'-separated paths made by the caller (see {@link ObjectKeys}); every
 * method rejects a key that breaks {@link ObjectKeys#requireValidKey the key rules} with an
 * {@link IllegalArgumentException}. Failures are {@link StorageException}s whose
 * {@link StorageException.Reason reason} the caller turns into a protocol status.
 *
 * <p>Implementations are thread-safe.
 */
public interface StorageBackend extends AutoCloseable {

    /**
     * Starts writing a new object. The object is not visible under its key until
     * {@link PendingObject#commit commit()}; closing the pending object without committing
     * discards it.
     */
    PendingObject create(String key) throws IOException;

    /**
     * Opens a committed object for reading.
     *
     * @throws StorageException with reason {@link StorageException.Reason#NOT_FOUND NOT_FOUND}
     *         when there is no object under the key
     */
    InputStream open(String key) throws IOException;

    /**
     * Opens a committed object as a channel: a {@link java.nio.channels.FileChannel} where the
     * backend has files, which a server can hand to the kernel to send (sendfile) without copying.
     *
     * @throws StorageException NOT_FOUND when there is no object under the key
     */
    default java.nio.channels.ReadableByteChannel openChannel(String key) throws IOException {
        return java.nio.channels.Channels.newChannel(open(key));
    }

    /**
     * Opens {@code length} bytes of a committed object from {@code offset} (bulk data references,
     * frames).
     *
     * @throws StorageException with reason {@code NOT_FOUND} when absent, {@code INVALID_RANGE}
     *         when the range runs past the end of the object
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /**
     * Size and last-modified time of a committed object, or empty when there is none. The
     * returned {@link StoredObject} has no checksum: the checksum lives in the index.
     */
    Optional<StoredObject> stat(String key) throws IOException;

    /** Deletes a committed object; true if it existed. */
    boolean delete(String key) throws IOException;

    /**
     * Every committed key, in no particular order (for verification and orphan scans). The
     * stream is lazy (the store may hold millions of objects) and must be closed.
     */
    Stream<String> keys() throws IOException;

    /**
     * Removes leftovers of writes that never committed (a crash during a write), older than
     * {@code olderThan}. Writes still pending in this process are left alone.
     *
     * @return how many leftovers were removed
     */
    int cleanUpIncomplete(Duration olderThan) throws IOException;

    /** One line for logs, e.g. "filesystem /srv/sen/data/objects". */
    String describe();

    @Override
    void close() throws IOException;
}
