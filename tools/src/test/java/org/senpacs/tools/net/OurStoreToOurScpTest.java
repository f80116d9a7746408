package org.senpacs.tools.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.tools.SenTools;

/** echo and store against our own scp, in-process on loopback port 0. */
class OurStoreToOurScpTest {

    @TempDir
    Path tmp;

    static List<Path> dicomFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".txt")).sorted().toList();
        }
    }

    /** Each sent file arrived as DIR/<uid>.dcm, in its own transfer syntax, its data set byte for byte. */
    static void assertReceivedAsSent(List<Path> sent, Path dir) throws IOException {
        assertReceivedAsSent(sent, dir, true);
    }

    /**
     * Each sent file arrived as DIR/<uid>.dcm in its own transfer syntax, its data set byte for byte
     * or, when the sender re-encodes what it reads (dcmtk's storescu gives sequences explicit
     * lengths), element for element.
     */
    static void assertReceivedAsSent(List<Path> sent, Path dir, boolean byteForByte) throws IOException {
        for (Path f : sent) {
            TestFiles.Part10 a = TestFiles.read(f);
            Path got = dir.resolve(a.sopInstance() + ".dcm");
            assertTrue(Files.exists(got), "missing " + got);
            TestFiles.Part10 b = TestFiles.read(got);
            assertEquals(a.transferSyntax(), b.transferSyntax(), f.toString());
            if (byteForByte) {
                assertArrayEquals(a.dataSet(), b.dataSet(), f.toString());
            } else {
                assertEquals(new DataSetReader().read(f).dataSet(), new DataSetReader().read(got).dataSet(), f.toString());
            }
        }
    }

    @Test
    void echoOnceAndRepeated() throws Exception {
        try (RunningScp scp = new RunningScp(tmp.resolve("in"))) {
            Cli.Run r = Cli.run("echo", "localhost", scp.port());
            assertEquals(SenTools.OK, r.exit(), r.toString());
            assertTrue(r.out().contains("C-ECHO 1: 0x0000 Success"), r.out());

            r = Cli.run("echo", "--repeat", "3", "-aet", "MODALITY1", "localhost", scp.port());
            assertEquals(SenTools.OK, r.exit(), r.toString());
            assertTrue(r.out().contains("C-ECHO 3: 0x0000 Success") && r.out().contains("3 of 3 succeeded"), r.out());

            r = Cli.run("echo", "-aec", "NOT_SEN", "localhost", scp.port());
            assertEquals(SenTools.FAILED, r.exit(), r.toString());
            assertEquals(List.of("sen echo: association rejected by NOT_SEN: A-ASSOCIATE-RJ[rejected-permanent, "
                    + "called-AE-title-not-recognized]"), r.errLines());
        }
    }

    @Test
    void unreachablePeerIsOneLineAndExitOne() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Run r = Cli.run("echo", "localhost", Integer.toString(port));
        assertEquals(SenTools.FAILED, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().startsWith("sen echo: cannot connect to localhost:" + port), r.err());

        Path corpus = TestFiles.corpus(tmp.resolve("corpus"));
        r = Cli.run("store", "-q", "localhost", Integer.toString(port), corpus.toString());
        assertEquals(SenTools.FAILED, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot connect") && r.err().contains("(5 files not sent)"), r.err());
        assertTrue(r.out().contains("Sent 0 of 5 files"), r.out());
    }

    @Test
    void storeSendsEveryFileAsStored() throws Exception {
        Path corpus = TestFiles.corpus(tmp.resolve("corpus"));
        try (RunningScp scp = new RunningScp(tmp.resolve("in"))) {
            Cli.Run r = Cli.run("store", "localhost", scp.port(), corpus.toString());
            assertEquals(SenTools.OK, r.exit(), r.toString());
            assertTrue(r.out().contains("Sent 5 of 5 files") && r.out().contains("on 1 association:"), r.out());
            assertTrue(r.out().contains("Failed 0, warnings 0, skipped 1 (not DICOM)"), r.out());
            assertTrue(r.err().contains("sen store: skipped " + corpus.resolve("README.txt") + ": not a DICOM Part 10 file"), r.err());
            assertTrue(r.err().contains("5/5 files"), "a plain counter when not on a terminal: " + r.err());
            assertReceivedAsSent(dicomFiles(corpus), scp.dir);
            try (Stream<Path> s = Files.list(scp.dir)) {
                assertEquals(5, s.count(), "no temporary file left behind");
            }
        }
    }

    @Test
    void perStudyOneAssociationEachAndFsync() throws Exception {
        Path corpus = TestFiles.corpus(tmp.resolve("corpus"));
        try (RunningScp scp = new RunningScp(tmp.resolve("in"), "--fsync", "--aet", "ARCHIVE")) {
            Cli.Run r = Cli.run("store", "--per-study", "-q", "-aec", "ARCHIVE", "localhost", scp.port(),
                    corpus.resolve("ct1.dcm").toString(), corpus.resolve("sub").toString(), corpus.resolve("ct2.dcm").toString());
            assertEquals(SenTools.OK, r.exit(), r.toString());
            assertTrue(r.out().contains("Sent 3 of 3 files") && r.out().contains("on 2 associations:"), r.out());
            assertEquals("", r.err(), "quiet");
            assertReceivedAsSent(List.of(corpus.resolve("ct1.dcm"), corpus.resolve("sub/mr1.dcm"), corpus.resolve("ct2.dcm")),
                    scp.dir);
        }
    }

    @Test
    void aRefusedFileIsAFailureAndTheRestStillGo() throws Exception {
        Path dir = tmp.resolve("bad");
        DataSet bad = TestFiles.image(UID.CTImageStorage, "2.25.1", "2.25.2", 1, "A^B");
        bad.setString(Tag.SOPInstanceUID, VR.UI, "../../escape");
        Path badFile = TestFiles.write(dir, "a-bad.dcm", bad, UID.ExplicitVRLittleEndian);
        TestFiles.write(dir, "b-good.dcm", TestFiles.image(UID.CTImageStorage, "2.25.1", "2.25.2", 2, "A^B"),
                UID.ExplicitVRLittleEndian);
        try (RunningScp scp = new RunningScp(tmp.resolve("in"))) {
            Cli.Run r = Cli.run("store", "localhost", scp.port(), dir.toString());
            assertEquals(SenTools.FAILED, r.exit(), r.toString());
            assertTrue(r.out().contains("Sent 1 of 2 files"), r.out());
            assertTrue(r.out().contains("Failed 1, warnings 0"), r.out());
            assertTrue(r.err().contains("sen store: " + badFile + ": 0xC000 Failure: invalid Affected SOP Instance UID"), r.err());
            assertTrue(Files.exists(scp.dir.resolve("2.25.70002.dcm")));
            assertFalse(Files.exists(tmp.resolve("escape.dcm")));
        }
    }

    @Test
    void nothingToSendIsAFailure() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Cli.Run r = Cli.run("store", "localhost", "104", dir.toString());
        assertEquals(SenTools.FAILED, r.exit(), r.toString());
        assertTrue(r.err().contains("sen store: no DICOM file to send (1 skipped)"), r.err());
        r = Cli.run("store", "localhost", "104", tmp.resolve("missing").toString());
        assertEquals(SenTools.FAILED, r.exit(), r.toString());
        assertTrue(r.err().startsWith("sen store: cannot read "), r.err());
    }

    @Test
    void echoAndStoreOverTls() throws Exception {
        Path ks = tmp.resolve("sen.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "sen", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        Path corpus = TestFiles.corpus(tmp.resolve("corpus"));
        try (RunningScp scp = new RunningScp(tmp.resolve("in"), "--tls", "--key-store", ks.toString(), "--key-store-pass",
                "secret")) {
            Cli.Run r = Cli.run("echo", "--tls", "--trust-store", ks.toString(), "--trust-store-pass", "secret", "localhost",
                    scp.port());
            assertEquals(SenTools.OK, r.exit(), r.toString());
            r = Cli.run("store", "-q", "--trust-store", ks.toString(), "--trust-store-pass", "secret", "localhost", scp.port(),
                    corpus.toString());
            assertEquals(SenTools.OK, r.exit(), r.toString());
            assertReceivedAsSent(dicomFiles(corpus), scp.dir);
            // Without our certificate in the trust store, the JDK's CAs do not trust it.
            r = Cli.run("echo", "--tls", "localhost", scp.port());
            assertEquals(SenTools.FAILED, r.exit(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
            // Plain TCP to a TLS port fails too, on one line.
            r = Cli.run("echo", "--connect-timeout", "2", "localhost", scp.port());
            assertEquals(SenTools.FAILED, r.exit(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
        }
    }
}
