package org.senpacs.dicom;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.UUID;

/** Making and checking UIDs (PS3.5 §9). */
public final class Uids {

    private Uids() {}

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new UID under 2.25 from a random UUID (PS3.5 §B.2): needs no registered root. */
    public static String create() {
        return fromUuid(randomUuid());
    }

    /** The 2.25 UID of a UUID. */
    public static String fromUuid(UUID uuid) {
        BigInteger v = new BigInteger(1, toBytes(uuid));
        return "2.25." + v;
    }

    /**
     * A new UID under an organisation's root ("1.2.840.99999" say): root, then the decimal digits
     * of random bits, within 64 characters.
     */
    public static String create(String root) {
        if (root == null || root.isEmpty()) return create();
        if (!isValid(root) || root.length() > 40) throw new IllegalArgumentException("not a usable UID root: " + root);
        BigInteger v = new BigInteger(1, toBytes(randomUuid()));
        String suffix = v.toString();
        int room = 64 - root.length() - 1;
        if (suffix.length() > room) suffix = suffix.substring(0, room);
        suffix = suffix.replaceFirst("^0+(?=.)", "");
        return root + "." + suffix;
    }

    /**
     * True for a valid UID: 1 to 64 characters, components of digits separated by single dots, no
     * leading zero in a component of more than one digit.
     */
    public static boolean isValid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64) return false;
        int componentStart = 0;
        for (int i = 0; i <= uid.length(); i++) {
            char c = i < uid.length() ? uid.charAt(i) : '.';
            if (c == '.') {
                int len = i - componentStart;
                if (len == 0) return false;
                if (len > 1 && uid.charAt(componentStart) == '0') return false;
                componentStart = i + 1;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static UUID randomUuid() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3F) | 0x80); // IETF variant
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[i] & 0xFF);
        for (int i = 8; i < 16; i++) lo = (lo << 8) | (b[i] & 0xFF);
        return new UUID(hi, lo);
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        long hi = u.getMostSignificantBits();
        long lo = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}
