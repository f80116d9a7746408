package org.senpacs.tools.synth;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * UIDs under the 2.25 root (PS3.5 Annex B.2: a UUID as one decimal number), drawn from the seeded
 * random source so the same seed gives the same UIDs.
 */
final class Uids {

    private Uids() {}

    static String next(SplittableRandom rnd) {
        long msb = rnd.nextLong();
        long lsb = rnd.nextLong();
        // Shape it like a random (version 4, IETF variant) UUID.
        msb = (msb & ~0xF000L) | 0x4000L;
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        BigInteger v = new BigInteger(1, toBytes(msb, lsb));
        return "2.25." + v;
    }

    private static byte[] toBytes(long msb, long lsb) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (msb >>> (56 - 8 * i));
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }
}
