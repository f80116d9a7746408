package org.senpacs.dicom.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Self-signed EC certificates made in-process for the TLS tests (no key material in the
 * repository, no keytool start-up per key): a minimal DER encoder of an X.509 v3 certificate
 * (RFC 5280) with a subjectAltName for localhost, signed with ECDSA P-256 / SHA-256.
 */
final class TestCertificates {

    private TestCertificates() {}

    record KeyAndCertificate(KeyPair keyPair, X509Certificate certificate) {}

    static KeyAndCertificate selfSigned(String commonName) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        byte[] ecdsaWithSha256 = seq(oid(1, 2, 840, 10045, 4, 3, 2));
        byte[] name = seq(set(seq(oid(2, 5, 4, 3), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        DateTimeFormatter utcTime = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
        byte[] validity = seq(tlv(0x17, ascii(now.minusDays(1).format(utcTime))), tlv(0x17, ascii(now.plusDays(2).format(utcTime))));
        byte[] subjectAltName = seq(tlv(0x82, ascii("localhost")), tlv(0x87, new byte[] {127, 0, 0, 1}));
        byte[] extensions = tlv(0xA3, seq(seq(oid(2, 5, 29, 17), tlv(0x04, subjectAltName))));
        byte[] tbs = seq(
                tlv(0xA0, tlv(0x02, new byte[] {2})), // version 3
                tlv(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
                ecdsaWithSha256, name, validity, name,
                kp.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER already
                extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(kp.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bitString = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bitString, 1, signature.length);
        byte[] der = seq(tbs, ecdsaWithSha256, tlv(0x03, bitString));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
        cert.verify(kp.getPublic());
        return new KeyAndCertificate(kp, cert);
    }

    /** A PKCS#12 key store with the key pair and its certificate. */
    static void writeKeyStore(Path file, String alias, KeyAndCertificate k, char[] password) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, k.keyPair().getPrivate(), password, new Certificate[] {k.certificate()});
        store(ks, file, password);
    }

    /** A PKCS#12 trust store with the given certificates. */
    static void writeTrustStore(Path file, char[] password, X509Certificate... trusted) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < trusted.length; i++) ks.setCertificateEntry("trusted" + i, trusted[i]);
        store(ks, file, password);
    }

    private static void store(KeyStore ks, Path file, char[] password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
    }

    // ---- DER

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(value.length + 4);
        b.write(tag);
        int n = value.length;
        if (n < 0x80) {
            b.write(n);
        } else if (n < 0x100) {
            b.write(0x81);
            b.write(n);
        } else {
            b.write(0x82);
            b.write(n >>> 8);
            b.write(n);
        }
        b.writeBytes(value);
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >>> shift) == 0) shift -= 7;
            for (; shift > 0; shift -= 7) b.write(0x80 | ((v >>> shift) & 0x7F));
            b.write(v & 0x7F);
        }
        return tlv(0x06, b.toByteArray());
    }
}
