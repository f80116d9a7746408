package org.senpacs.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tools as {@code ./sen} runs them: the jar and the libraries copied beside it, not
 * Maven's test class path. A dependency the tests see but the package lacks (it once left out
 * jackson-databind, and {@code ./sen verify} and {@code ./sen ae} died at start) fails here.
 * Runs after the package phase (failsafe).
 */
class PackagedToolsIT {

    @TempDir
    Path dir;

    private record Run(int exit, String output) {}

    private Run sen(String... args) throws IOException, InterruptedException {
        Path target = Path.of("target").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", target.resolve("sen-tools.jar") + java.io.File.pathSeparator + target.resolve("lib") + "/*",
                "org.senpacs.tools.SenTools"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("SEN_DATA", dir.resolve("data").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running: " + String.join(" ", args));
        return new Run(p.exitValue(), out);
    }

    @Test
    void archiveToolsStartFromThePackage() throws Exception {
        Run add = sen("ae", "add", "WORKSTATION", "127.0.0.1", "11112");
        assertEquals(0, add.exit(), add.output());
        Run list = sen("ae", "list");
        assertEquals(0, list.exit(), list.output());
        assertTrue(list.output().contains("WORKSTATION"), list.output());
        Run verify = sen("verify");
        assertEquals(0, verify.exit(), verify.output());
        assertTrue(verify.output().contains("0 objects checked, 0 problem(s)"), verify.output());
    }

    @Test
    void networkAndCorpusToolsStartFromThePackage() throws Exception {
        Run synth = sen("synth", "--preset", "small", "--seed", "5", "--out", dir.resolve("corpus").toString(), "-q");
        assertEquals(0, synth.exit(), synth.output());
        assertTrue(Files.exists(dir.resolve("corpus").resolve("manifest.json")), synth.output());
        Run help = sen("store", "--help");
        assertEquals(0, help.exit(), help.output());
    }
}
