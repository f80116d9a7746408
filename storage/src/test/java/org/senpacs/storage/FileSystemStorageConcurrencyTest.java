package org.senpacs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.senpacs.storage.TestObjects.bytes;
import static org.senpacs.storage.TestObjects.crc32c;
import static org.senpacs.storage.TestObjects.incoming;
import static org.senpacs.storage.TestObjects.keys;
import static org.senpacs.storage.TestObjects.put;
import static org.senpacs.storage.TestObjects.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStorageConcurrencyTest {

    @TempDir
    Path root;

    @Test
    void manyWritersToDifferentKeysAllSucceed() throws Exception {
        int threads = 32;
        int perThread = 25;
        Set<String> expected = ConcurrentHashMap.newKeySet();
        try (FileSystemStorage storage = new FileSystemStorage(root, false);
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // a few studies shared by every thread, so directories are created concurrently
                        String key = ObjectKeys.forInstance("1.2.3." + (i % 5), "1.2.3." + (i % 5) + ".1", "1.2.3.4." + thread + "." + i);
                        byte[] content = bytes(1000 + 997 * i, key.hashCode());
                        StoredObject stored = put(storage, key, content);
                        assertEquals(crc32c(content), stored.checksum());
                        expected.add(key);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
            assertEquals(threads * perThread, expected.size());
            assertEquals(expected, new HashSet<>(keys(storage)));
            for (String key : expected) {
                byte[] content = read(storage, key);
                assertArrayEquals(bytes(content.length, key.hashCode()), content, key);
            }
            assertEquals(List.of(), incoming(root));
        }
    }

    @Test
    void ofConcurrentCommitsToOneKeyWithoutReplaceExactlyOneWins() throws Exception {
        int threads = 16;
        try (FileSystemStorage storage = new FileSystemStorage(root, false);
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 0; round < 20; round++) {
                String key = "same/key-" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<StoredObject>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    byte[] content = bytes(10_000 + t, round * 100L + t);
                    futures.add(pool.submit(() -> {
                        try (PendingObject o = storage.create(key)) {
                            o.output().write(content);
                            start.await(10, TimeUnit.SECONDS);
                            return o.commit(false);
                        } catch (StorageException e) {
                            assertEquals(StorageException.Reason.EXISTS, e.reason(), e.toString());
                            return null;
                        }
                    }));
                }
                List<StoredObject> winners = new ArrayList<>();
                for (Future<StoredObject> f : futures) {
                    StoredObject s = f.get(30, TimeUnit.SECONDS);
                    if (s != null) winners.add(s);
                }
                assertEquals(1, winners.size(), "round " + round);
                byte[] stored = read(storage, key);
                assertEquals(winners.getFirst().size(), stored.length);
                assertEquals(winners.getFirst().checksum(), crc32c(stored));
            }
            assertEquals(List.of(), incoming(root));
        }
    }

    @Test
    void commitsSurviveConcurrentDeletesPruningTheirDirectory() throws Exception {
        try (FileSystemStorage storage = new FileSystemStorage(root, false);
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            int count = 500;
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < count; i++) put(storage, "p/q/r/" + i, bytes(100, i));
                return null;
            });
            Future<Integer> deleter = pool.submit(() -> {
                int deleted = 0;
                while (deleted < count) {
                    for (int i = 0; i < count; i++) {
                        if (storage.delete("p/q/r/" + i)) deleted++;
                    }
                    if (writer.isDone() && deleted < count) {
                        writer.get();
                    }
                }
                return deleted;
            });
            writer.get(60, TimeUnit.SECONDS);
            assertEquals(count, deleter.get(60, TimeUnit.SECONDS));
            assertEquals(List.of(), keys(storage));
        }
    }
}
