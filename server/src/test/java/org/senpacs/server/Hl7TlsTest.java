package org.senpacs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.ris.hl7.Hl7Messages;
import org.senpacs.server.config.ConfigLoader;

/** hl7.tls-key-store turns the MLLP listener into MLLP over TLS: a HIS that trusts our certificate gets its ACK. */
class Hl7TlsTest {

    @TempDir
    Path dir;

    @Test
    void mllpOverTls() throws Exception {
        Path keyStore = dir.resolve("hl7.p12");
        String password = "test-only-" + System.nanoTime();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sen", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password)
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");

        var config = new ConfigLoader().load(null, Map.of("SEN_DATA", dir.resolve("data").toString(), "SEN_DICOM_PORT", "0",
                "SEN_HTTP_PORT", "0", "SEN_HL7_PORT", "0", "SEN_DICOM_BIND", "127.0.0.1", "SEN_HTTP_BIND", "127.0.0.1",
                "SEN_HL7_BIND", "127.0.0.1", "SEN_HL7_TLS_KEY_STORE", keyStore.toString(),
                "SEN_HL7_TLS_KEY_STORE_PASSWORD", password));
        SenNode node = new SenNode(config);
        node.start();
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
                trusted.load(in, password.toCharArray());
            }
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("sen", trusted.getCertificate("sen"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", node.hl7Port())) {
                s.setSoTimeout(30_000);
                String adt = Hl7Messages.adt("A04", "TLS1", "BN7001", "VŨ^THỊ MAI");
                OutputStream out = s.getOutputStream();
                out.write(0x0B);
                out.write(adt.getBytes(StandardCharsets.UTF_8));
                out.write(new byte[] {0x1C, 0x0D});
                out.flush();
                InputStream in = s.getInputStream();
                ByteArrayOutputStream ack = new ByteArrayOutputStream();
                for (int b = in.read(); b != 0x1C && b >= 0; b = in.read()) {
                    if (b != 0x0B) ack.write(b);
                }
                String text = ack.toString(StandardCharsets.UTF_8);
                assertTrue(text.contains("MSA|AA|TLS1"), text);
                assertEquals("TLSv1.3", s.getSession().getProtocol());
            }
        } finally {
            node.close();
        }
    }
}
