package org.senpacs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.testing.Dcmtk;

/** The product as a user runs it: a separate process on embedded defaults, checked from outside. */
class SenRunTest {

    @TempDir
    Path dir;

    @Test
    void startsSaysWhatItServesAnswersEchoAndStopsCleanly() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("SEN_DICOM_PORT", "0"); // any free port: the start-up line says which
        pb.environment().put("SEN_HTTP_PORT", "0");
        pb.environment().put("SEN_DATA", dir.resolve("data").toString());
        pb.environment().put("SEN_AET", "SENTEST");
        Process p = pb.start();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) lines.add(line);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // One "serving" line per service, DICOM first: wait for the DICOMweb one too, which the
            // reader thread may not have reached when the first appears.
            while (lines.stream().noneMatch(l -> l.contains("SEN-0005 serving DICOMweb")) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String serving = lines.stream().filter(l -> l.contains("SEN-0005 serving DICOM SENTEST on 0.0.0.0:")).findFirst()
                    .orElseThrow(() -> new AssertionError(String.join("\n", lines)));
            Matcher m = Pattern.compile("0\\.0\\.0\\.0:(\\d+)").matcher(serving);
            assertTrue(m.find(), serving);
            int port = Integer.parseInt(m.group(1));
            assertTrue(Files.isDirectory(dir.resolve("data")));

            Dcmtk.Result echo = Dcmtk.run("echoscu", "-aec", "SENTEST", "localhost", Integer.toString(port));
            assertEquals(0, echo.exitCode(), echo.output());
            String web = lines.stream().filter(l -> l.contains("SEN-0005 serving DICOMweb on http://")).findFirst()
                    .orElseThrow(() -> new AssertionError(String.join("\n", lines)));
            Matcher w = Pattern.compile(":(\\d+)/dicom-web").matcher(web);
            assertTrue(w.find(), web);
            java.net.http.HttpResponse<String> studies = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + w.group(1) + "/dicom-web/studies")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, studies.statusCode(), studies.body());
            assertEquals("[]", studies.body().strip());
            java.net.http.HttpResponse<String> iid = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + w.group(1)
                            + "/IHEInvokeImageDisplay?requestType=STUDY")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(400, iid.statusCode(), iid.body()); // served, and the missing studyUID is refused

            // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops the node.
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("SEN-0004 stopped")), String.join("\n", lines));
    }

    @Test
    void aBadConfigurationIsOneClearLine() throws Exception {
        Files.writeString(dir.resolve("sen.yaml"), "dicom:\n  prot: 104\n");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("sen: sen.yaml: unknown configuration key: dicom.prot", out.strip());
    }
}
