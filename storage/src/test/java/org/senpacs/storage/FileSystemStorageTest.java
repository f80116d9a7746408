package org.senpacs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.senpacs.storage.TestObjects.bytes;
import static org.senpacs.storage.TestObjects.crc32c;
import static org.senpacs.storage.TestObjects.incoming;
import static org.senpacs.storage.TestObjects.keys;
import static org.senpacs.storage.TestObjects.put;
import static org.senpacs.storage.TestObjects.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemStorageTest {

    @TempDir
    Path root;

    @ParameterizedTest(name = "fsync={0}")
    @ValueSource(booleans = {true, false})
    void commitMakesTheObjectVisibleWithItsSizeAndChecksum(boolean fsync) throws IOException {
        byte[] content = bytes(3 * FileSystemStorage.BUFFER_SIZE + 12_345, 1);
        try (FileSystemStorage storage = new FileSystemStorage(root, fsync);
             PendingObject o = storage.create("ab/cd/object.dcm")) {
            OutputStream out = o.output();
            // single bytes, small writes filling the buffer, and a write larger than the buffer
            for (int i = 0; i < 1000; i++) out.write(content[i]);
            out.write(content, 1000, 200_000);
            out.write(content, 201_000, 100_000);
            out.write(content, 301_000, content.length - 301_000 - 10);
            out.flush();
            out.write(content, content.length - 10, 10);
            Instant before = Instant.now().minusSeconds(2);

            StoredObject stored = o.commit(false);

            assertEquals(new StoredObject("ab/cd/object.dcm", content.length, crc32c(content), stored.lastModified()), stored);
            assertTrue(stored.checksum().matches("crc32c:[0-9a-f]{8}"), stored.checksum());
            assertTrue(stored.lastModified().isAfter(before), stored.lastModified().toString());
            StoredObject stat = storage.stat("ab/cd/object.dcm").orElseThrow();
            assertEquals(content.length, stat.size());
            assertEquals(stored.lastModified(), stat.lastModified());
            assertArrayEquals(content, read(storage, "ab/cd/object.dcm"));
            assertEquals(List.of("ab/cd/object.dcm"), keys(storage));
            assertEquals(List.of(), incoming(root));
        }
    }

    @Test
    void aPendingObjectCommitsUnderTheKeyItWasLastGiven() throws IOException {
        byte[] content = bytes(FileSystemStorage.BUFFER_SIZE + 7, 2);
        try (FileSystemStorage storage = new FileSystemStorage(root, true);
             PendingObject o = storage.create("00/00/provisional.dcm")) {
            o.output().write(content, 0, 1000);
            o.rekey("12/34/study/series/instance.dcm"); // learnt from the bytes written so far
            o.output().write(content, 1000, content.length - 1000);
            assertThrows(IllegalArgumentException.class, () -> o.rekey("../outside.dcm"));

            StoredObject stored = o.commit(false);

            assertEquals("12/34/study/series/instance.dcm", stored.key());
            assertArrayEquals(content, read(storage, "12/34/study/series/instance.dcm"));
            assertEquals(List.of("12/34/study/series/instance.dcm"), keys(storage));
            assertThrows(IllegalStateException.class, () -> o.rekey("12/34/other.dcm"));
        }
    }

    @Test
    void writeBuffersAreReusedAcrossObjectsWithoutMixingTheirBytes() throws IOException {
        try (FileSystemStorage storage = new FileSystemStorage(root, false)) {
            for (int i = 0; i < 5; i++) {
                // a short object after a long one: a reused buffer must not leak the old tail
                byte[] content = bytes(i % 2 == 0 ? 2 * FileSystemStorage.BUFFER_SIZE + 99 : 10, 10 + i);
                put(storage, "k/" + i + ".dcm", content);
                assertArrayEquals(content, read(storage, "k/" + i + ".dcm"));
            }
            try (PendingObject dropped = storage.create("k/dropped.dcm")) {
                dropped.output().write(bytes(1234, 3));
            }
            byte[] after = bytes(77, 4);
            put(storage, "k/after.dcm", after);
            assertArrayEquals(after, read(storage, "k/after.dcm"));
        }
    }

    @Test
    void anEmptyObjectIsAnObject() throws IOException {
        try (FileSystemStorage storage = new FileSystemStorage(root, false)) {
            StoredObject stored = put(storage, "empty", new byte[0]);
            assertEquals(0, stored.size());
            assertEquals("crc32c:00000000", stored.checksum());
            assertEquals(0, storage.stat("empty").orElseThrow().size());
        }
    }

    @Test
    void beforeCommitTheObjectIsInvisible() throws IOException {
        try (FileSystemStorage storage = new FileSystemStorage(root, false);
             PendingObject o = storage.create("a/b/c")) {
            o.output().write(bytes(500_000, 2));

            assertTrue(storage.stat("a/b/c").isEmpty());
            StorageException e = assertThrows(StorageException.class, () -> storage.open("a/b/c"));
            assertEquals(StorageException.Reason.NOT_FOUND, e.reason());
            assertEquals(List.of(), keys(storage));
            assertFalse(Files.exists(root.resolve("a")));
            assertEquals(1, incoming(root).size());

            o.commit(false);
            assertEquals(List.of("a/b/c"), keys(storage));
        }
    }

    @Test
    void abortOrCloseWithoutCommitLeavesNothing() throws IOException {
        try (FileSystemStorage storage = new FileSystemStorage(root, true)) {
            PendingObject aborted = storage.create("x/aborted");
            aborted.output().write(bytes(700_000, 3));
            aborted.abort();
            aborted.abort();
            aborted.close();
            assertThrows(StorageException.class, () -> aborted.output().write(1));
            assertThrows(StorageException.class, () -> aborted.commit(false));

            try (PendingObject closed = storage.create("x/closed")) {
                closed.output().write(bytes(10, 4));
            }

            assertEquals(List.of(), keys(storage));
            assertEquals(List.of(), incoming(root));
            assertFalse(Files.exists(root.resolve("x")));
        }
    }

    @Test
    void commitWithoutReplaceOnATakenKeyFailsAndKeepsTheStoredObject() throws IOException {
        byte[] first = bytes(100_000, 5);
        byte[] second = bytes(200_000, 6);
        try (FileSystemStorage storage = new FileSystemStorage(root, true)) {
            put(storage, "k/obj", first);
            try (PendingObject o = storage.create("k/obj")) {
                o.output().write(second);
                StorageException e = assertThrows(StorageException.class, () -> o.commit(false));
                assertEquals(StorageException.Reason.EXISTS, e.reason());
                assertEquals("k/obj", e.key());
                assertArrayEquals(first, read(storage, "k/obj"));
                assertThrows(StorageException.class, () -> o.output().write(1), "sealed: takes no more bytes");
            }
            assertArrayEquals(first, read(storage, "k/obj"));
            assertEquals(List.of(), incoming(root));
        }
    }

    @Test
    void commitWithReplaceReplaces() throws IOException {
        byte[] first = bytes(100_000, 7);
        byte[] second = bytes(50_000, 8);
        byte[] third = bytes(70_000, 9);
        try (FileSystemStorage storage = new FileSystemStorage(root, true)) {
            put(storage, "k/obj", first);
            try (PendingObject o = storage.create("k/obj")) {
                o.output().write(second);
                assertEquals(crc32c(second), o.commit(true).checksum());
            }
            assertArrayEquals(second, read(storage, "k/obj"));

            // after EXISTS, the sealed object can still be committed with replace
            try (PendingObject o = storage.create("k/obj")) {
                o.output().write(third);
                assertThrows(StorageException.class, () -> o.commit(false));
                StoredObject stored = o.commit(true);
                assertEquals(new StoredObject("k/obj", third.length, crc32c(third), stored.lastModified()), stored);
                assertThrows(IllegalStateException.class, () -> o.commit(true));
            }
            assertArrayEquals(third, read(storage, "k/obj"));
            assertEquals(List.of("k/obj"), keys(storage));
            assertEquals(List.of(), incoming(root));
        }
    }

    @Test
    void replaceCreatesAMissingKey() throws IOException {
        try (FileSystemStorage storage = new FileSystemStorage(root, true);
             PendingObject o = storage.create("new/dir/obj")) {
            o.output().write(bytes(10, 10));
            o.commit(true);
            assertEquals(10, storage.stat("new/dir/obj").orElseThrow().size());
        }
    }

    @Test
    void rangeReads() throws IOException {
        byte[] content = bytes(1_000_000, 11);
        try (FileSystemStorage storage = new FileSystemStorage(root, false)) {
            put(storage, "r/obj", content);
            long[][] ranges = {{0, 10}, {0, content.length}, {123_456, 400_000}, {content.length - 1, 1}, {content.length, 0}, {500, 0}};
            for (long[] r : ranges) {
                try (InputStream in = storage.open("r/obj", r[0], r[1])) {
                    assertEquals(r[1], in.available());
                    assertArrayEquals(Arrays.copyOfRange(content, (int) r[0], (int) (r[0] + r[1])), in.readAllBytes(),
                            r[0] + "+" + r[1]);
                    assertEquals(-1, in.read());
                }
            }
            try (InputStream in = storage.open("r/obj", 1000, 100)) {
                assertEquals(content[1000] & 0xff, in.read());
                assertEquals(9, in.skip(9));
                assertArrayEquals(Arrays.copyOfRange(content, 1010, 1100), in.readAllBytes());
            }
            for (long[] r : new long[][] {{0, content.length + 1}, {content.length + 1, 0}, {999_999, 2}, {10, Long.MAX_VALUE}}) {
                StorageException e = assertThrows(StorageException.class, () -> storage.open("r/obj", r[0], r[1]));
                assertEquals(StorageException.Reason.INVALID_RANGE, e.reason());
            }
            assertThrows(IllegalArgumentException.class, () -> storage.open("r/obj", -1, 1));
            StorageException e = assertThrows(StorageException.class, () -> storage.open("r/none", 0, 1));
            assertEquals(StorageException.Reason.NOT_FOUND, e.reason());
        }
    }

    @Test
    void deleteRemovesTheObjectAndTheDirectoriesItLeavesEmpty() throws IOException {
        try (FileSystemStorage storage = new FileSystemStorage(root, true)) {
            put(storage, "d1/d2/a", bytes(10, 12));
            put(storage, "d1/d2/b", bytes(10, 13));
            put(storage, "d1/c", bytes(10, 14));

            assertTrue(storage.delete("d1/d2/a"));
            assertFalse(storage.delete("d1/d2/a"));
            assertTrue(storage.stat("d1/d2/a").isEmpty());
            assertEquals(List.of("d1/c", "d1/d2/b"), keys(storage));

            assertTrue(storage.delete("d1/d2/b"));
            assertFalse(Files.exists(root.resolve("d1/d2")));
            assertFalse(storage.delete("d1"), "a directory is not an object");
            assertTrue(storage.delete("d1/c"));
            assertFalse(Files.exists(root.resolve("d1")));
            assertTrue(Files.isDirectory(root.resolve(FileSystemStorage.INCOMING)));
            assertFalse(storage.delete("nothing/here"));
            assertFalse(storage.delete("d1/c/under-a-file"));
            assertEquals(List.of(), keys(storage));
        }
    }

    @Test
    void keysListsExactlyTheCommittedObjects() throws IOException {
        try (FileSystemStorage storage = new FileSystemStorage(root, false)) {
            Set<String> committed = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                String key = ObjectKeys.forInstance("1.2.826.0.1." + (i % 37), "1.2.826.0.2." + (i % 111), "1.2.826.0.3." + i);
                put(storage, key, bytes(i, i));
                committed.add(key);
            }
            put(storage, "deleted/obj", bytes(1, 1));
            storage.delete("deleted/obj");
            Files.createDirectories(root.resolve("empty/dir"));
            Files.writeString(root.resolve(".hidden"), "not an object");
            Files.writeString(root.resolve("not a key"), "not an object");
            try (PendingObject pending = storage.create("pending/obj")) {
                pending.output().write(bytes(100, 1));
                List<String> listed = keys(storage);
                assertEquals(committed.size(), listed.size(), "no duplicates, nothing extra");
                assertEquals(committed, new HashSet<>(listed));
                assertTrue(storage.keys().anyMatch(committed::contains), "a fresh stream each time");
            }
        }
    }

    @Test
    void cleanUpRemovesStaleLeftoversOnly() throws IOException {
        try (FileSystemStorage storage = new FileSystemStorage(root, false)) {
            Path in = root.resolve(FileSystemStorage.INCOMING);
            Path stale = Files.write(in.resolve("0123456789abcdef.part"), bytes(1000, 15));
            Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path fresh = Files.write(in.resolve("fedcba9876543210.part"), bytes(1000, 16));

            assertEquals(1, storage.cleanUpIncomplete(Duration.ofHours(1)));
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(fresh));
            assertEquals(0, storage.cleanUpIncomplete(Duration.ofHours(1)));
            assertEquals(List.of(), keys(storage));
        }
    }

    @Test
    void cleanUpLeavesThisProcessesPendingWritesAlone() throws IOException {
        byte[] content = bytes(300_000, 17);
        try (FileSystemStorage storage = new FileSystemStorage(root, false);
             PendingObject o = storage.create("p/obj")) {
            o.output().write(content, 0, 100_000);
            Files.setLastModifiedTime(incoming(root).getFirst(), FileTime.from(Instant.now().minus(Duration.ofDays(1))));
            assertEquals(0, storage.cleanUpIncomplete(Duration.ZERO));
            o.output().write(content, 100_000, 200_000);
            assertEquals(crc32c(content), o.commit(false).checksum());
            assertArrayEquals(content, read(storage, "p/obj"));
        }
    }

    @Test
    void keysThatCouldEscapeTheRootAreRejected() throws IOException {
        List<String> bad = new ArrayList<>(List.of("", "/etc/passwd", "../x", "a/../../x", "a/..", "..", ".", "a/./b",
                "a\\b", "..\\..\\x", "a//b", "a/", "/a", ".incoming/x.part", "a/.hidden", "C:", "c:/x", "a b", "a\u0000b",
                "é", "~/x"));
        String longestKey = "x/" + String.join("/", "b".repeat(255), "c".repeat(255), "d".repeat(255), "e".repeat(254));
        assertEquals(ObjectKeys.MAX_KEY_LENGTH, longestKey.length());
        bad.add(longestKey + "e");
        bad.add("a/" + "b".repeat(256));
        try (FileSystemStorage storage = new FileSystemStorage(root, false)) {
            for (String key : bad) {
                assertThrows(IllegalArgumentException.class, () -> storage.create(key), key);
                assertThrows(IllegalArgumentException.class, () -> storage.open(key), key);
                assertThrows(IllegalArgumentException.class, () -> storage.open(key, 0, 0), key);
                assertThrows(IllegalArgumentException.class, () -> storage.stat(key), key);
                assertThrows(IllegalArgumentException.class, () -> storage.delete(key), key);
            }
            assertThrows(IllegalArgumentException.class, () -> storage.create(null));
            assertEquals(List.of(), incoming(root));
            // the longest key is fine
            put(storage, longestKey, bytes(1, 1));
            assertEquals(List.of(longestKey), keys(storage));
        }
    }

    @Test
    void aClosedStorageTakesNoNewWrites() throws IOException {
        FileSystemStorage storage = new FileSystemStorage(root, false);
        put(storage, "obj", bytes(10, 18));
        PendingObject pending = storage.create("pending");
        storage.close();
        assertThrows(IllegalStateException.class, () -> storage.create("other"));
        pending.output().write(1);
        pending.commit(false);
        assertEquals(List.of("obj", "pending"), keys(storage));
        assertTrue(storage.describe().startsWith("filesystem " + root.toAbsolutePath()), storage.describe());
    }
}
