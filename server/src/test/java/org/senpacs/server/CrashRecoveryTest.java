package org.senpacs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.Archive;
import org.senpacs.archive.verify.VerifyService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.ris.hl7.Hl7Messages;
import org.senpacs.ris.hl7.Hl7TestClient;
import org.senpacs.server.config.ConfigLoader;
import org.senpacs.server.config.SenConfig;

/**
 * The process killed (kill -9), then started again: in the middle of a 2,000-instance ingest,
 * every instance that was acknowledged is there and verifies, and nothing is left orphaned; right
 * after the RIS answered (HL7 ACK, MPPS response, REST write), what it answered is there.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    record Running(Process process, int port, int httpPort, int hl7Port, List<String> lines) {}

    /** Every server this test started: none may outlive it, even when an assertion fails midway. */
    private final List<Process> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stopEveryServer() {
        started.forEach(Process::destroyForcibly);
    }

    Running start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env());
        Process p = pb.start();
        started.add(p);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) lines.add(l);
            } catch (IOException ignored) {
                // ended
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // The server logs one "serving" line per service; wait for all three, since the reader
        // thread may have passed the first line and not yet the others.
        while (System.nanoTime() < deadline && p.isAlive()) {
            int dicom = port(lines, "SEN-0005 serving DICOM \\S+ on [^:]+:(\\d+)");
            int rest = port(lines, "SEN-0005 serving REST API on http://[^:]+:(\\d+)/");
            int hl7 = port(lines, "SEN-0005 serving HL7 v2 \\(MLLP\\) on [^:]+:(\\d+)");
            if (dicom > 0 && rest > 0 && hl7 > 0) return new Running(p, dicom, rest, hl7, lines);
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("server did not start:\n" + String.join("\n", lines));
    }

    /** The port in the first line matching the pattern, or -1 when no line does (yet). */
    private static int port(List<String> lines, String pattern) {
        Pattern p = Pattern.compile(pattern);
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return -1;
    }

    Map<String, String> env() {
        return Map.of("SEN_DATA", dir.resolve("data").toString(), "SEN_DICOM_PORT", "0", "SEN_HTTP_PORT", "0", "SEN_HL7_PORT", "0",
                "SEN_DICOM_BIND", "127.0.0.1", "SEN_HTTP_BIND", "127.0.0.1", "SEN_HL7_BIND", "127.0.0.1", "SEN_AET", "SEN");
    }

    static DataSet image(int n) {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.77." + n);
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.77.0." + (n / 100));
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.77.1." + (n / 50));
        ds.setString(Tag.PatientID, VR.LO, "BN" + (n / 200));
        ds.setString(Tag.PatientName, VR.PN, "PHẠM^THỊ " + (n / 200));
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(n));
        ds.setBytes(Tag.PixelData, VR.OW, new byte[2048]);
        return ds;
    }

    @Test
    void killedDuringIngestLosesNothingAcknowledged() throws Exception {
        Running first = start();
        Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
        Association as = new Connector().connect("localhost", first.port(),
                new AssociationRequest("MODALITY", "SEN").addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian), null);
        Scu scu = new Scu(as);
        // The kill comes from another thread, so it lands wherever the server is: most likely mid-store.
        Thread killer = Thread.ofPlatform().start(() -> {
            try {
                while (acknowledged.size() < 700) Thread.sleep(1);
                new ProcessBuilder("kill", "-9", Long.toString(first.process().pid())).start().waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int n = 0; n < 2000; n++) {
            try {
                DimseResult r = scu.store(image(n));
                if (r.status() == Status.SUCCESS) acknowledged.add("2.25.77." + n);
            } catch (IOException e) {
                break; // the server is gone
            }
        }
        killer.join(60_000);
        assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
        assertTrue(acknowledged.size() < 2000, "the kill came too late to test anything");
        assertTrue(acknowledged.size() >= 700, "acknowledged " + acknowledged.size());

        Running second = start();
        assertTrue(second.lines().stream().anyMatch(l -> l.contains("SEN-A003 recovered")), String.join("\n", second.lines()));
        new ProcessBuilder("kill", "-TERM", Long.toString(second.process().pid())).start().waitFor();
        assertTrue(second.process().waitFor(60, TimeUnit.SECONDS));

        SenConfig config = new ConfigLoader().load(null, env());
        try (Archive archive = Archive.open(SenNode.archiveConfig(config))) {
            List<VerifyService.Problem> problems = new ArrayList<>();
            VerifyService.Report report = archive.verify().verifyAll(problems::add);
            assertEquals(List.of(), problems);
            Set<String> indexed = new HashSet<>(archive.database().sessions().fromSession(s ->
                    s.createSelectionQuery("select i.sopUid from InstanceEntity i", String.class).getResultList()));
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(indexed);
            assertEquals(Set.of(), lost, "acknowledged but not in the archive");
            assertEquals(indexed.size(), report.checked());
        }
    }

    /**
     * The embedded H2 writes commits in the background; each answer below waits until what it
     * confirms is forced to the disk. Killed right after it, the node must still have it. (Without
     * the forcing, the kill lands inside H2's write delay and the test fails.)
     */
    @Test
    void killedRightAfterTheRisAnswersKeepsWhatItAnswered() throws Exception {
        String studyUid = "2.25.88.1";
        Running node = start();
        try (Hl7TestClient hl7 = new Hl7TestClient(node.hl7Port())) {
            String orm = Hl7Messages.orm("K1", "NW", "BN8001", "VŨ^THỊ LAN", "PL8001", "ACC8001", "RP8001", "SPS8001", studyUid);
            assertEquals("AA", Hl7TestClient.field(hl7.send(orm), "MSA", 1));
        }
        node = killAndStart(node);
        JsonNode order = new RestApi(node.httpPort()).order("ACC8001");
        assertEquals("SCHEDULED", order.path("status").asText(), order.toString());

        Association as = new Connector().connect("127.0.0.1", node.port(), new AssociationRequest("CT01", "SEN")
                .addContext(UID.ModalityPerformedProcedureStep, UID.ExplicitVRLittleEndian), null);
        DataSet step = RisWorkflowTest.inProgress(studyUid, 8001, "VŨ^THỊ LAN");
        assertEquals(Status.SUCCESS, new Scu(as).nCreate(UID.ModalityPerformedProcedureStep, "2.25.88.2", step).status());
        node = killAndStart(node);
        assertEquals("IN_PROGRESS", new RestApi(node.httpPort()).order("ACC8001").path("status").asText());

        HttpResponse<String> saved = new RestApi(node.httpPort()).post("/reports", Map.of("order", order.path("pk").asLong(),
                "status", "PRELIMINARY", "findings", "Không thấy bất thường.", "author", "BS001^TRẦN^VĂN BÌNH"));
        assertEquals(201, saved.statusCode(), saved.body());
        node = killAndStart(node);
        JsonNode reports = new RestApi(node.httpPort()).get("/reports?accession=ACC8001");
        assertEquals(1, reports.size(), reports.toString());
        assertEquals("Không thấy bất thường.", reports.get(0).path("findings").asText(), reports.toString());

        new ProcessBuilder("kill", "-TERM", Long.toString(node.process().pid())).start().waitFor();
        assertTrue(node.process().waitFor(60, TimeUnit.SECONDS));
    }

    private Running killAndStart(Running node) throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(node.process().pid())).start().waitFor();
        assertTrue(node.process().waitFor(30, TimeUnit.SECONDS));
        return start();
    }
}
