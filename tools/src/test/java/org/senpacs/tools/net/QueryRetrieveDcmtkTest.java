package org.senpacs.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.testing.Dcmtk;
import org.senpacs.dicom.testing.Samples;
import org.senpacs.tools.SenTools;

/**
 * find, move and get against dcmtk's dcmqrscp (an archive we did not write), with our scp as the
 * move destination. dcmqrscp only sends uncompressed data (it has no codec to convert the JPEG
 * test file), so its archive holds the uncompressed files of the test corpus.
 */
class QueryRetrieveDcmtkTest {

    @TempDir
    Path tmp;

    RunningScp scp;
    DcmtkPeer qr;
    List<Path> archived = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Dcmtk.require("dcmqrscp");
        Path corpus = TestFiles.corpus(tmp.resolve("corpus"));
        for (String f : List.of("ct1.dcm", "ct2.dcm", "ct3.dcm", "sub/mr1.dcm")) archived.add(corpus.resolve(f));
        scp = new RunningScp(tmp.resolve("moved"));
        Path db = Files.createDirectories(tmp.resolve("db"));
        Path cfg = tmp.resolve("dcmqrscp.cfg");
        Files.writeString(cfg, """
                NetworkTCPPort  = 104
                MaxPDUSize      = 16384
                MaxAssociations = 16
                HostTable BEGIN
                sen = (SEN, localhost, %d)
                HostTable END
                VendorTable BEGIN
                VendorTable END
                AETable BEGIN
                QRSCP %s RW (200, 1024mb) ANY
                AETable END
                """.formatted(scp.port, db));
        List<String> index = new ArrayList<>(List.of("dcmqridx", db.toString()));
        archived.forEach(p -> index.add(p.toString()));
        Dcmtk.Result r = Dcmtk.run(index.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.output());
        qr = DcmtkPeer.start(tmp.resolve("dcmqrscp.log"), List.of("dcmqrscp", "-c", cfg.toString(), "PORT"));
    }

    @AfterEach
    void stop() throws Exception {
        if (qr != null) qr.close();
        if (scp != null) scp.close();
    }

    @Test
    void findAVietnameseNameAsTextAndJson() throws Exception {
        Cli.Run r = Cli.run("find", "-aec", "QRSCP", "localhost", qr.port(), "-k", "PatientName=NGUYỄN*");
        assertEquals(SenTools.OK, r.exit(), r + Files.readString(qr.log));
        assertTrue(r.out().startsWith("# Match 1\n"), r.out());
        assertTrue(r.out().contains("(0010,0010) PN [" + Samples.VIETNAMESE_NAME + "]"), r.out());
        assertTrue(r.out().contains("(0020,000D) UI [2.25.100]"), r.out());
        assertTrue(!r.out().contains("# Match 2"), r.out());
        assertEquals(List.of("sen find: 1 match; final status 0x0000 Success"), r.errLines());

        r = Cli.run("find", "--json", "-aec", "QRSCP", "localhost", qr.port(), "-k", "PatientName");
        assertEquals(SenTools.OK, r.exit(), r.toString());
        JsonNode matches = new ObjectMapper().readTree(r.out());
        assertEquals(2, matches.size(), r.out());
        List<String> names = new ArrayList<>();
        matches.forEach(m -> names.add(m.get("00100010").get("Value").get(0).get("Alphabetic").asText()));
        assertTrue(names.contains(Samples.VIETNAMESE_NAME) && names.contains("TRẦN^THỊ BÌNH"), names.toString());
    }

    @Test
    void findSeriesAndImagesThenCancel() {
        Cli.Run r = Cli.run("find", "-aec", "QRSCP", "-L", "SERIES", "-k", "StudyInstanceUID=2.25.100", "localhost", qr.port());
        assertEquals(SenTools.OK, r.exit(), r.toString());
        assertTrue(r.out().contains("(0020,000E) UI [2.25.101]") && r.out().contains("(0008,0060) CS [CT]"), r.out());

        r = Cli.run("find", "-aec", "QRSCP", "-L", "IMAGE", "-k", "StudyInstanceUID=2.25.100", "-k", "SeriesInstanceUID=2.25.101",
                "localhost", qr.port());
        assertEquals(SenTools.OK, r.exit(), r.toString());
        assertTrue(r.out().contains("# Match 3") && !r.out().contains("# Match 4"), r.out());

        r = Cli.run("find", "-aec", "QRSCP", "-L", "IMAGE", "-k", "StudyInstanceUID=2.25.100", "-k", "SeriesInstanceUID=2.25.101",
                "--cancel-after", "1", "localhost", qr.port());
        assertEquals(SenTools.OK, r.exit(), r.toString());
        assertTrue(r.out().contains("# Match 1") && !r.out().contains("# Match 2"), r.out());
        assertTrue(r.err().startsWith("sen find: 1 match"), r.err());
    }

    @Test
    void moveToOurScp() throws Exception {
        Cli.Run r = Cli.run("move", "-aec", "QRSCP", "--dest", "SEN", "-k", "StudyInstanceUID=2.25.100", "localhost", qr.port());
        assertEquals(SenTools.OK, r.exit(), r + Files.readString(qr.log));
        assertEquals("C-MOVE to SEN: 0x0000 Success; completed 3, failed 0, warning 0\n", r.out());
        assertTrue(r.err().contains("sen move: remaining 1, completed 2, failed 0, warning 0"), r.err());
        OurStoreToOurScpTest.assertReceivedAsSent(archived.subList(0, 3), scp.dir, false);

        r = Cli.run("move", "-aec", "QRSCP", "--dest", "NOWHERE", "-k", "StudyInstanceUID=2.25.100", "localhost", qr.port());
        assertEquals(SenTools.FAILED, r.exit(), r.toString());
        assertTrue(r.out().startsWith("C-MOVE to NOWHERE: 0xA801 Failure"), r.out());
    }

    @Test
    void getIntoAFolder() throws Exception {
        Path out = tmp.resolve("got");
        Cli.Run r = Cli.run("get", "-aec", "QRSCP", "-o", out.toString(), "-k", "StudyInstanceUID=2.25.200", "localhost", qr.port());
        assertEquals(SenTools.OK, r.exit(), r + Files.readString(qr.log));
        assertTrue(r.out().startsWith("C-GET: 0x0000 Success; completed 1, failed 0, warning 0\n"), r.out());
        assertTrue(r.out().contains("Received 1 instances"), r.out());
        var ds = new DataSetReader().read(out.resolve("2.25.70004.dcm")).dataSet();
        assertEquals("TRẦN^THỊ BÌNH", ds.getString(Tag.PatientName));

        // Only MR proposed: the CT instances of study 2.25.100 have no context and fail on the SCP's side.
        r = Cli.run("get", "-aec", "QRSCP", "-o", out.toString(), "--sop-class", "MRImageStorage", "-k",
                "StudyInstanceUID=2.25.100", "localhost", qr.port());
        assertEquals(SenTools.FAILED, r.exit(), r.toString());
        assertTrue(r.out().contains("failed 3"), r.out());
    }
}
