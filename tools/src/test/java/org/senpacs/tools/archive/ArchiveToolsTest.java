package org.senpacs.tools.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.Archive;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.server.SenNode;
import org.senpacs.server.config.ConfigLoader;
import org.senpacs.tools.SenTools;

/** ./sen ae and ./sen verify against an archive's data folder. */
class ArchiveToolsTest {

    @TempDir
    Path dir;

    /** Runs a tool in-process with SEN_DATA pointing at the temp folder (through a config file). */
    private String[] run(String... args) throws Exception {
        Path cfg = dir.resolve("sen.yaml");
        Files.writeString(cfg, "data: " + dir.resolve("data") + "\n");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code;
        try {
            ArchiveAccess.environment = Map.of("SEN_CONFIG", cfg.toString());
            code = SenTools.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
            ArchiveAccess.environment = null;
        }
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void remoteAesAreAddedListedAndRemoved() throws Exception {
        String[] r = run("ae", "add", "WS1", "10.0.0.21", "104");
        assertEquals("0", r[0], r[2]);
        r = run("ae", "add", "PACS2", "pacs2.benhvien.vn", "11112", "--tls");
        assertEquals("0", r[0], r[2]);
        r = run("ae", "list");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("WS1") && r[1].contains("10.0.0.21") && r[1].contains("PACS2") && r[1].contains("yes"), r[1]);
        r = run("ae", "remove", "WS1");
        assertEquals("0", r[0], r[2]);
        r = run("ae", "list");
        assertTrue(!r[1].contains("WS1"), r[1]);
        r = run("ae", "remove", "NOPE");
        assertEquals("1", r[0]);
        r = run("ae", "add", "A_TITLE_LONGER_THAN_16", "h", "104");
        assertEquals("2", r[0]);
        r = run("ae", "add", "WS1");
        assertEquals("2", r[0], "missing parameters are a usage error");
    }

    @Test
    void verifyReportsAlteredAndOrphanFiles() throws Exception {
        Path cfg = dir.resolve("sen.yaml");
        Files.writeString(cfg, "data: " + dir.resolve("data") + "\n");
        var config = SenNode.archiveConfig(new ConfigLoader().load(cfg, Map.of()));
        try (Archive archive = Archive.open(config)) {
            for (int i = 1; i <= 3; i++) {
                DataSet ds = new DataSet();
                ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
                ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.5." + i);
                ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.5");
                ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.5.0");
                ds.setString(Tag.PatientID, VR.LO, "P5");
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                new DataSetWriter().writeDataSet(b, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                archive.store().store(RequestOrigin.local("test"), UID.CTImageStorage, "2.25.5." + i, UID.ExplicitVRLittleEndian,
                        new java.io.ByteArrayInputStream(b.toByteArray()));
            }
        }
        String[] r = run("verify");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("3 objects checked, 0 problem(s)"), r[1]);
        Path objects = dir.resolve("data").resolve("objects");
        Path one;
        try (var s = Files.walk(objects)) {
            one = s.filter(p -> p.toString().endsWith("2.25.5.2.dcm")).findFirst().orElseThrow();
        }
        Files.write(one, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Files.createDirectories(objects.resolve("00")).resolve("x.dcm").toFile().createNewFile();
        r = run("verify");
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("SIZE_DIFFERS") && r[1].contains("2.25.5.2"), r[1]);
        assertTrue(r[1].contains("ORPHAN 00/x.dcm"), r[1]);
        r = run("verify", "--remove-orphans", "--min-age", "PT0S");
        assertTrue(r[1].contains("removed orphan 00/x.dcm"), r[1]);
    }
}
