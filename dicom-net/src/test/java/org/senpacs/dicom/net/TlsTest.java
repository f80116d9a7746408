package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.io.DicomFile;

/**
 * TLS between our SCU and our SCP, with key pairs made at test time (no key material in the
 * repository): echo and store, client authentication required, an untrusted or
 * missing client certificate refused, plain TCP against TLS (either way) failing cleanly.
 */
@Timeout(120) // a regression fails here instead of hanging the build
class TlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    TestScp scp;

    /** server.p12, client.p12, stranger.p12 (self-signed), and trust stores: the server trusts client, the client trusts server. */
    @BeforeAll
    static void makeKeys() throws GeneralSecurityException, IOException {
        TestCertificates.KeyAndCertificate server = TestCertificates.selfSigned("server");
        TestCertificates.KeyAndCertificate client = TestCertificates.selfSigned("client");
        TestCertificates.writeKeyStore(keys.resolve("server.p12"), "server", server, PASSWORD);
        TestCertificates.writeKeyStore(keys.resolve("client.p12"), "client", client, PASSWORD);
        TestCertificates.writeKeyStore(keys.resolve("stranger.p12"), "stranger", TestCertificates.selfSigned("stranger"), PASSWORD);
        TestCertificates.writeTrustStore(keys.resolve("server-trust.p12"), PASSWORD, client.certificate());
        TestCertificates.writeTrustStore(keys.resolve("client-trust.p12"), PASSWORD, server.certificate());
    }

    static Tls tls(String keyStore, String trustStore, boolean needClientAuth) {
        return new Tls(keyStore == null ? null : keys.resolve(keyStore + ".p12"), PASSWORD,
                trustStore == null ? null : keys.resolve(trustStore + ".p12"), PASSWORD, needClientAuth);
    }

    static final AssociationOptions OPTIONS = AssociationOptions.DEFAULT.withArtimTimeout(Duration.ofSeconds(20));

    @BeforeEach
    void start() throws IOException {
        scp = new TestScp(Files.createDirectories(dir.resolve("scp")), "TLSSCP",
                DicomListener.Options.of(0).withAssociation(OPTIONS).withTls(tls("server", "server-trust", true)));
    }

    @AfterEach
    void stop() {
        scp.close();
    }

    private static AssociationRequest request() {
        return new AssociationRequest("TLSSCU", "TLSSCP")
                .addContext(UID.Verification, UID.ImplicitVRLittleEndian)
                .addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian);
    }

    private Association connect(Tls tls) throws IOException {
        return new Connector(OPTIONS, tls).connect("localhost", scp.port(), request(), null);
    }

    private void assertTrustedClientWorks() throws IOException {
        Association as = connect(tls("client", "client-trust", false));
        assertEquals(Status.SUCCESS, new Scu(as).echo().status());
        as.release();
    }

    @Test
    void echoAndStoreOverTlsWithClientAuthentication() throws IOException {
        Association as = connect(tls("client", "client-trust", false));
        Scu scu = new Scu(as);
        assertEquals(Status.SUCCESS, scu.echo().status());
        List<DataSet> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            DataSet ds = TestFiles.instance(i, TestFiles.PATIENT_1, "BN-1", TestFiles.STUDY_1, "2.25.710001");
            ds.setBytes(org.senpacs.dicom.Tag.PixelData, org.senpacs.dicom.VR.OW, new byte[300_000 + 2 * i]); // several PDUs and TLS records
            sent.add(ds);
            assertEquals(Status.SUCCESS, scu.store(ds).status());
        }
        as.release();
        for (DataSet ds : sent) {
            DicomFile f = TestFiles.read(scp.stored.get(ds.getString(org.senpacs.dicom.Tag.SOPInstanceUID)));
            assertEquals(ds, f.dataSet());
        }
    }

    @Test
    void clientWithAnUntrustedCertificateIsRefused() throws IOException {
        assertThrows(IOException.class, () -> {
            Association as = connect(tls("stranger", "client-trust", false));
            new Scu(as).echo(); // with TLS 1.3 the refusal may only show on the first read
        });
        assertTrustedClientWorks();
    }

    @Test
    void clientWithoutACertificateIsRefused() throws IOException {
        assertThrows(IOException.class, () -> {
            Association as = connect(tls(null, "client-trust", false));
            new Scu(as).echo();
        });
        assertTrustedClientWorks();
    }

    @Test
    void clientThatDoesNotTrustTheServerGivesUp() throws IOException {
        assertThrows(IOException.class, () -> connect(tls("client", null, false))); // JDK default trust: not our self-signed server
        assertTrustedClientWorks();
    }

    @Test
    void plainTcpClientAgainstTheTlsListenerFailsCleanly() throws IOException {
        IOException e = assertThrows(IOException.class, () -> connect(null));
        assertTrue(!(e instanceof java.net.SocketTimeoutException), "failed at once, not by a timeout: " + e);
        assertTrustedClientWorks();
    }

    @Test
    void tlsClientAgainstAPlainListenerFailsCleanly() throws IOException {
        try (TestScp plain = new TestScp(Files.createDirectories(dir.resolve("plain")), "TLSSCP",
                DicomListener.Options.of(0).withAssociation(OPTIONS))) {
            IOException e = assertThrows(IOException.class, () -> new Connector(OPTIONS, tls("client", "client-trust", false))
                    .connect("localhost", plain.port(), request(), null));
            assertTrue(!(e instanceof java.net.SocketTimeoutException), "failed at once, not by a timeout: " + e);
            Association as = new Connector(OPTIONS, null).connect("localhost", plain.port(), request(), null);
            assertEquals(Status.SUCCESS, new Scu(as).echo().status());
            as.release();
        }
    }

    @Test
    void tlsClientAgainstAPeerThatSaysNothingTimesOut() throws IOException {
        // ARTIM covers the handshake: a peer that accepts the connection and never answers cannot hang the client.
        try (ServerSocket mute = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = mute.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // the client gave up
                }
            });
            AssociationOptions quick = AssociationOptions.DEFAULT.withArtimTimeout(Duration.ofMillis(500));
            assertThrows(IOException.class, () -> new Connector(quick, tls("client", "client-trust", false))
                    .connect("localhost", mute.getLocalPort(), request(), null));
            acceptor.interrupt();
        }
    }
}
