package org.senpacs.dicom.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for DICOM (PS3.15 Annex B, BCP 195 profile): TLS 1.3 and 1.2 only, AEAD cipher suites with
 * forward secrecy, optional client authentication. Key and trust stores are PKCS#12 or JKS files.
 *
 * @param keyStore our certificate and key (required for a listener), or null
 * @param keyStorePassword its password
 * @param trustStore the certificates we trust (peers or their CA), or null for the JDK's defaults
 * @param trustStorePassword its password
 * @param needClientAuth a listener asks every client for a trusted certificate
 */
public record Tls(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword, boolean needClientAuth) {

    /** BCP 195 (RFC 9325) recommended suites that the JDK offers. */
    public static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};

    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public SSLContext context() throws IOException {
        try {
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keyStore, keyStorePassword), keyStorePassword);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore == null ? null : load(trustStore, trustStorePassword));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, password);
            return ks;
        }
    }

    SSLParameters parameters(SSLParameters defaults) {
        SSLParameters p = defaults;
        p.setProtocols(intersect(PROTOCOLS, p.getProtocols()));
        p.setCipherSuites(intersect(CIPHER_SUITES, p.getCipherSuites()));
        return p;
    }

    void configure(SSLSocket s) {
        s.setSSLParameters(parameters(s.getSSLParameters()));
    }

    void configure(SSLServerSocket s) {
        SSLParameters p = parameters(s.getSSLParameters());
        p.setNeedClientAuth(needClientAuth);
        s.setSSLParameters(p);
    }

    private static String[] intersect(String[] wanted, String[] available) {
        return Arrays.stream(wanted).filter(w -> Arrays.asList(available).contains(w)).toArray(String[]::new);
    }

    /** Passwords are not printed. */
    @Override
    public String toString() {
        return "Tls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", needClientAuth=" + needClientAuth + "]";
    }
}
