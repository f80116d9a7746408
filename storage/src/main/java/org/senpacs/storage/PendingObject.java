package org.senpacs.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An object being written: invisible under its key until {@link #commit}. Closing it without a
 * commit discards the bytes, so {@code try (PendingObject o = storage.create(key)) {...}} never
 * leaves a partial object behind.
 *
 * <p>One thread writes and commits; {@link #abort()} may come from any thread.
 */
public interface PendingObject extends AutoCloseable {

    /**
     * Where to write the bytes; the same stream on every call. It is buffered by the
     * implementation, and its {@code flush()} and {@code close()} do not publish anything: only
     * {@link #commit} does. A write failure discards the object and throws a
     * {@link StorageException} (e.g. {@code OUT_OF_SPACE}).
     */
    OutputStream output();

    /**
     * Makes the object durable and visible under its key, atomically: readers see either no
     * object or the whole of it.
     *
     * @param replace whether to replace an object already stored under the key
     * @return the size and the checksum ("crc32c:" and 8 hex digits) of what was written
     * @throws StorageException with reason {@code EXISTS} when {@code replace} is false and the key
     *         is taken (the stored object is left intact; this pending object stays sealed, so
     *         {@code commit(true)} may still publish it and {@code close()} discards it); with
     *         another reason on failure, after which the pending object is discarded
     */
    StoredObject commit(boolean replace) throws IOException;

    /**
     * Changes the key the object is committed under, for writers that learn it from the bytes
     * they write (an archive filing an instance under its study and series, read from the data
     * set as it streams). Only before the commit.
     *
     * @throws IllegalArgumentException when the key breaks the key rules
     * @throws IllegalStateException after a commit, abort or failure
     */
    void rekey(String key);

    /** Discards the object; does nothing once committed or aborted. */
    void abort();

    /** The key the object is committed under. */
    String key();

    /** Aborts unless committed. */
    @Override
    void close();
}
