package org.senpacs.tools.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.tools.SenTools;

/** The same seed gives the same corpus, byte for byte, whatever the number of writer threads. */
class SynthDeterminismTest {

    @TempDir
    Path tmp;

    private static final String[] SHAPE = {
        "--patients", "6", "--studies", "1-2", "--series", "1-2", "--instances", "2-5", "--frames", "2",
        "--mix", "CT=2,MR=1,CR=1,DX=1,US=1,SR=1", "--reports", "0.5", "--pixels", "small", "-q"};

    private int synth(Path out, String seed, String threads) {
        String[] args = Stream.concat(Stream.of("synth", "--out", out.toString(), "--seed", seed, "--threads", threads),
                Stream.of(SHAPE)).toArray(String[]::new);
        return SenTools.run(args);
    }

    @Test
    void sameSeedSameBytes() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(SenTools.OK, synth(a, "42", "1"));
        assertEquals(SenTools.OK, synth(b, "42", "4"));
        List<Path> filesA = files(a);
        List<Path> filesB = files(b);
        assertEquals(filesA, filesB);
        assertTrue(filesA.size() > 5);
        for (Path rel : filesA) {
            assertArrayEquals(Files.readAllBytes(a.resolve(rel)), Files.readAllBytes(b.resolve(rel)), rel.toString());
        }
    }

    @Test
    void anotherSeedAnotherCorpus() throws IOException {
        Path a = tmp.resolve("a");
        Path c = tmp.resolve("c");
        assertEquals(SenTools.OK, synth(a, "42", "2"));
        assertEquals(SenTools.OK, synth(c, "43", "2"));
        String ma = Files.readString(a.resolve("manifest.json"));
        String mc = Files.readString(c.resolve("manifest.json"));
        assertNotEquals(ma, mc);
        // No UID of one corpus appears in the other.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(2\\.25\\.\\d+)\"").matcher(ma);
        int uids = 0;
        while (m.find()) {
            uids++;
            assertTrue(!mc.contains(m.group(1)), "UID shared between seeds: " + m.group(1));
        }
        assertTrue(uids > 10);
    }

    @Test
    void forceReplacesAnEarlierCorpusOnly(@TempDir Path other) throws IOException {
        Path a = tmp.resolve("a");
        assertEquals(SenTools.OK, synth(a, "1", "2"));
        assertEquals(SenTools.USAGE, synth(a, "1", "2"), "a non-empty folder needs --force");
        String[] force = Stream.concat(Stream.of("synth", "--out", a.toString(), "--seed", "2", "--force"),
                Stream.of(SHAPE)).toArray(String[]::new);
        assertEquals(SenTools.OK, SenTools.run(force));

        Files.writeString(other.resolve("precious.txt"), "keep me");
        String[] notOurs = Stream.concat(Stream.of("synth", "--out", other.toString(), "--force"), Stream.of(SHAPE))
                .toArray(String[]::new);
        assertEquals(SenTools.USAGE, SenTools.run(notOurs));
        assertTrue(Files.exists(other.resolve("precious.txt")));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
