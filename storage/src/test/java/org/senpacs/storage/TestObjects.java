package org.senpacs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** Helpers shared by the storage tests. */
final class TestObjects {

    private TestObjects() {
    }

    /** Bytes that depend only on the seed. */
    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static String crc32c(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b);
        return "crc32c:" + HexFormat.of().toHexDigits((int) crc.getValue());
    }

    static StoredObject put(StorageBackend storage, String key, byte[] content) throws IOException {
        try (PendingObject o = storage.create(key)) {
            o.output().write(content);
            return o.commit(false);
        }
    }

    static byte[] read(StorageBackend storage, String key) throws IOException {
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        }
    }

    static List<String> keys(StorageBackend storage) throws IOException {
        try (Stream<String> keys = storage.keys()) {
            return keys.sorted().toList();
        }
    }

    /** Every file under the incoming folder. */
    static List<Path> incoming(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(FileSystemStorage.INCOMING))) {
            return files.toList();
        }
    }
}
