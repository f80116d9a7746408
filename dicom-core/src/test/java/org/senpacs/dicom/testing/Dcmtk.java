package org.senpacs.dicom.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs dcmtk's command-line tools, the independent peer our tests check against. In CI (CI=true)
 * a missing dcmtk is a failure; on a developer's machine the test is skipped with a clear reason.
 */
public final class Dcmtk {

    private Dcmtk() {}

    public record Result(int exitCode, String output) {}

    public static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** Skips (or in CI fails) the calling test when the tool is not installed. */
    public static void require(String tool) {
        if ("true".equals(System.getenv("CI")) && !available(tool)) {
            throw new AssertionError(tool + " (dcmtk) is not installed: .ci/run should have installed it");
        }
        assumeTrue(available(tool), tool + " (dcmtk) is not installed: apt-get install dcmtk");
    }

    /** Runs a tool to completion (at most 2 minutes), returning its exit code and merged output. */
    public static Result run(String... command) throws IOException, InterruptedException {
        require(command[0]);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Lines of dcmtk output that are errors or warnings ("E: ...", "W: ..."). */
    public static List<String> problems(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("E:") || line.startsWith("W:") || line.startsWith("F:")) lines.add(line);
        }
        return lines;
    }
}
