package org.senpacs.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key layout and the rules every key obeys.
 *
 * <p>An instance lives at {@code aa/bb/<study hash>/<series hash>/<SOP Instance UID>.dcm}, where
 * the hashes are the first 16 hex digits of the SHA-256 of the UID and {@code aa/bb} are the
 * study hash's first four: studies spread evenly over 65,536 directories, and the instances of
 * one series share one directory.
 *
 * <p>A key is 1 to 1,024 characters of {@code A-Z a-z 0-9 . _ -} in '/'-separated segments of at
 * most 255, none empty and none starting with '.' (so no ".", "..", or the backend's own hidden
 * folders): no key can name anything outside a backend's root.
 */
public final class ObjectKeys {

    /** The longest key, the limit of common object stores. */
    public static final int MAX_KEY_LENGTH = 1024;
    /** The longest segment, the file name limit of common file systems. */
    public static final int MAX_SEGMENT_LENGTH = 255;
    private static final int MAX_UID_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();
    private static final MessageDigest SHA_256 = newSha256();

    private ObjectKeys() {
    }

    /**
     * The key of a DICOM instance.
     *
     * @throws IllegalArgumentException when a UID is not 1 to 64 digits and dots starting with a
     *         digit
     */
    public static String forInstance(String studyUid, String seriesUid, String sopInstanceUid) {
        requireUid(studyUid, "Study Instance UID");
        requireUid(seriesUid, "Series Instance UID");
        requireUid(sopInstanceUid, "SOP Instance UID");
        String study = hash16(studyUid);
        return study.substring(0, 2) + '/' + study.substring(2, 4) + '/' + study + '/' + hash16(seriesUid) + '/'
                + sopInstanceUid + ".dcm";
    }

    /** Whether a UID can be used in a key: 1 to 64 digits and dots, starting with a digit. */
    public static boolean isValidUid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > MAX_UID_LENGTH) return false;
        if (uid.charAt(0) == '.') return false;
        for (int i = 0; i < uid.length(); i++) {
            char c = uid.charAt(i);
            if ((c < '0' || c > '9') && c != '.') return false;
        }
        return true;
    }

    /**
     * Checks a key against the rules above and returns it.
     *
     * @throws IllegalArgumentException when it breaks one
     */
    public static String requireValidKey(String key) {
        String problem = keyProblem(key);
        if (problem != null) throw new IllegalArgumentException("invalid storage key: " + problem);
        return key;
    }

    static boolean isValidKey(String key) {
        return keyProblem(key) == null;
    }

    private static String keyProblem(String key) {
        if (key == null) return "null";
        if (key.isEmpty()) return "empty";
        if (key.length() > MAX_KEY_LENGTH) return "longer than " + MAX_KEY_LENGTH + " characters";
        int segmentStart = 0;
        for (int i = 0; i <= key.length(); i++) {
            char c = i < key.length() ? key.charAt(i) : '/';
            if (c == '/') {
                if (i == segmentStart) return "empty segment (leading, trailing or doubled '/') in " + quote(key);
                if (key.charAt(segmentStart) == '.') return "segment starting with '.' in " + quote(key);
                if (i - segmentStart > MAX_SEGMENT_LENGTH) return "segment longer than " + MAX_SEGMENT_LENGTH + " characters";
                segmentStart = i + 1;
            } else if (!isKeyChar(c)) {
                return "character " + quote(String.valueOf(c)) + " not allowed in " + quote(key);
            }
        }
        return null;
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static void requireUid(String uid, String what) {
        if (!isValidUid(uid)) {
            throw new IllegalArgumentException(what + " unusable in a storage key (want 1-64 digits and dots): "
                    + (uid == null ? "null" : quote(uid.length() > 80 ? uid.substring(0, 80) + "..." : uid)));
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    private static String hash16(String uid) {
        MessageDigest sha256;
        try {
            sha256 = (MessageDigest) SHA_256.clone(); // cheaper than a look-up per call
        } catch (CloneNotSupportedException e) {
            sha256 = newSha256();
        }
        return HEX.formatHex(sha256.digest(uid.getBytes(StandardCharsets.US_ASCII)), 0, 8);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
