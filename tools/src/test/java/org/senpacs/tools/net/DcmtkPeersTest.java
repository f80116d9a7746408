package org.senpacs.tools.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.testing.Dcmtk;
import org.senpacs.tools.SenTools;

/** Our store and scp against dcmtk's storescp, storescu and echoscu: peers we did not write. */
class DcmtkPeersTest {

    @TempDir
    Path tmp;

    @Test
    void ourStoreToDcmtkStorescp() throws Exception {
        Path corpus = TestFiles.corpus(tmp.resolve("corpus"));
        Path received = Files.createDirectories(tmp.resolve("storescp"));
        // +xa: storescp accepts the JPEG file as it is, too; +B: it writes the data sets exactly as received
        try (DcmtkPeer storescp = DcmtkPeer.start(tmp.resolve("storescp.log"),
                List.of("storescp", "-aet", "STORESCP", "+xa", "+B", "-od", received.toString(), "PORT"))) {
            Cli.Run r = Cli.run("store", "-aec", "STORESCP", "localhost", storescp.port(), corpus.toString());
            assertEquals(SenTools.OK, r.exit(), r + Files.readString(storescp.log));
            assertTrue(r.out().contains("Sent 5 of 5 files"), r.out());
        }
        // storescp names its files MODALITY.SOPInstanceUID
        List<Path> sent = OurStoreToOurScpTest.dicomFiles(corpus);
        try (Stream<Path> s = Files.list(received)) {
            assertEquals(sent.size(), s.count());
        }
        for (Path f : sent) {
            TestFiles.Part10 a = TestFiles.read(f);
            Path got;
            try (Stream<Path> s = Files.list(received)) {
                got = s.filter(p -> p.getFileName().toString().endsWith("." + a.sopInstance())).findFirst().orElseThrow();
            }
            TestFiles.Part10 b = TestFiles.read(got);
            assertEquals(a.transferSyntax(), b.transferSyntax(), f.toString());
            assertArrayEquals(a.dataSet(), b.dataSet(), f + " differs from what storescp wrote");
        }
    }

    @Test
    void dcmtkEchoscuAndStorescuToOurScp() throws Exception {
        Dcmtk.require("storescu");
        Path corpus = TestFiles.corpus(tmp.resolve("corpus"));
        List<Path> sent = OurStoreToOurScpTest.dicomFiles(corpus);
        try (RunningScp scp = new RunningScp(tmp.resolve("in"))) {
            Dcmtk.Result echo = Dcmtk.run("echoscu", "-aet", "ECHOSCU", "-aec", "SEN", "localhost", scp.port());
            assertEquals(0, echo.exitCode(), echo.output());
            assertEquals(List.of(), Dcmtk.problems(echo.output()));

            // Our scp takes the first syntax proposed, so storescu sends each file as stored when told to propose
            // its syntax first: the Explicit VR files (its default), the Implicit one (-xi), the JPEG one (-xy).
            List<String> explicit = new ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", "SEN", "-R", "localhost",
                    scp.port()));
            for (Path f : sent) {
                if (f.getFileName().toString().startsWith("ct") && !f.getFileName().toString().equals("ct5.dcm")) {
                    explicit.add(f.toString());
                }
            }
            for (List<String> cmd : List.of(explicit,
                    List.of("storescu", "-aec", "SEN", "-xi", "-R", "localhost", scp.port(), corpus.resolve("sub/mr1.dcm").toString()),
                    List.of("storescu", "-aec", "SEN", "-xy", "-R", "localhost", scp.port(), corpus.resolve("ct5.dcm").toString()))) {
                Dcmtk.Result store = Dcmtk.run(cmd.toArray(String[]::new));
                assertEquals(0, store.exitCode(), store.output());
                assertEquals(List.of(), Dcmtk.problems(store.output()), String.join(" ", cmd));
            }
        }
        OurStoreToOurScpTest.assertReceivedAsSent(sent, tmp.resolve("in"), false);
    }
}
