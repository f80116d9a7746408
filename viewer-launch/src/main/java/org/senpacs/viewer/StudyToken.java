package org.senpacs.viewer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short-lived capability to fetch the manifest of one study: {@code <expiry epoch seconds>.<base64url HMAC-SHA256
 * over "study UID \n expiry">}. A token of study A never opens study B; a changed expiry breaks the MAC.
 */
final class StudyToken {

    /** Why a token was refused. */
    enum Verdict { VALID, MALFORMED, BAD_SIGNATURE, EXPIRED }

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    StudyToken(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    String issue(String studyUid, Instant expiry) {
        long exp = expiry.getEpochSecond();
        return exp + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(studyUid, exp));
    }

    Verdict verify(String token, String studyUid, Instant now) {
        if (token == null) return Verdict.MALFORMED;
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 19) return Verdict.MALFORMED;
        long exp;
        try {
            exp = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        // compare the text, not the decoded bytes: base64 has several spellings of one value, only ours counts
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac(studyUid, exp)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, expected)) return Verdict.BAD_SIGNATURE;
        return now.getEpochSecond() > exp ? Verdict.EXPIRED : Verdict.VALID;
    }

    private byte[] mac(String studyUid, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((studyUid + "\n" + expiry).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
