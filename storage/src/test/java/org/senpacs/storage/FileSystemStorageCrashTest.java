package org.senpacs.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.senpacs.storage.TestObjects.crc32c;
import static org.senpacs.storage.TestObjects.incoming;
import static org.senpacs.storage.TestObjects.keys;
import static org.senpacs.storage.TestObjects.read;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed mid-way leaves every committed object whole and no partial object visible. */
class FileSystemStorageCrashTest {

    @TempDir
    Path root;

    @Test
    void aKilledWriterLeavesCommittedObjectsWholeAndNothingPartialUnderAKey() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), root.toString(), "true")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> committed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String line;
            while (committed.size() < 40 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                assertTrue(line.startsWith("committed "), line);
                committed.add(line.substring("committed ".length()));
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(40, committed.size(), "the writer should have committed 40 objects");

        try (FileSystemStorage storage = new FileSystemStorage(root, true)) {
            for (String key : committed) {
                int i = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
                byte[] expected = CrashWriter.content(i);
                assertEquals(expected.length, storage.stat(key).orElseThrow().size(), key);
                byte[] stored = read(storage, key);
                assertEquals(crc32c(expected), crc32c(stored), key);
            }
            // whatever else is visible under a key (committed but not yet reported) is whole too
            List<String> visible = keys(storage);
            assertTrue(visible.containsAll(committed));
            for (String key : visible) {
                int i = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
                assertEquals(CrashWriter.key(i), key);
                assertArrayEquals(CrashWriter.content(i), read(storage, key), key);
            }
            // the object being written when killed is only a .part, which clean-up removes
            int leftovers = incoming(root).size();
            assertTrue(leftovers <= 1, "leftovers: " + leftovers);
            assertEquals(leftovers, storage.cleanUpIncomplete(Duration.ZERO));
            assertEquals(List.of(), incoming(root));
            assertEquals(visible, keys(storage));
        }
    }
}
