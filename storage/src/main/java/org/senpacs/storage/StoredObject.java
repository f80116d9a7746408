package org.senpacs.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A committed object.
 *
 * @param key where it is stored
 * @param size its length in bytes
 * @param checksum "crc32c:" and 8 lower-case hex digits, computed while writing; null when the
 *        object comes from {@link StorageBackend#stat} (the checksum lives in the index)
 * @param lastModified when it was last written
 */
public record StoredObject(String key, long size, String checksum, Instant lastModified) {

    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) throw new IllegalArgumentException("negative size " + size);
    }
}
