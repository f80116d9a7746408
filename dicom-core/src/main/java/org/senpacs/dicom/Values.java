package org.senpacs.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Conversions between value bytes (little endian in memory) and Java values. */
final class Values {

    private Values() {}

    static final byte[] EMPTY = new byte[0];
    static final String[] NO_STRINGS = new String[0];

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static int i32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | b[off + 3] << 24;
    }

    static long i64(byte[] b, int off) {
        return (i32(b, off) & 0xFFFFFFFFL) | ((long) i32(b, off + 4) << 32);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) v);
        put32(b, off + 4, (int) (v >> 32));
    }

    /** Reverses each unit of {@code unit} bytes in place (byte-order change). */
    static void swap(byte[] b, int off, int len, int unit) {
        if (unit <= 1) return;
        int end = off + len - len % unit;
        for (int i = off; i < end; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }

    /** The number of values of a binary VR in {@code b}. */
    static int count(VR vr, byte[] b) {
        return vr.unitSize == 0 ? 0 : b.length / vr.unitSize;
    }

    /** Value {@code i} of a binary VR as a long (signed or unsigned per VR); AT gives the tag. */
    static long binaryLong(VR vr, byte[] b, int i) {
        int off = i * vr.unitSize;
        return switch (vr) {
            case US, OW -> u16(b, off);
            case SS -> (short) u16(b, off);
            case UL, OL -> i32(b, off) & 0xFFFFFFFFL;
            case SL -> i32(b, off);
            case AT -> (u16(b, off) << 16 | u16(b, off + 2)) & 0xFFFFFFFFL;
            case SV, UV, OV -> i64(b, off);
            case FL, OF -> (long) Float.intBitsToFloat(i32(b, off));
            case FD, OD -> (long) Double.longBitsToDouble(i64(b, off));
            case OB, UN -> b[off] & 0xFF;
            default -> throw new IllegalArgumentException(vr + " is not binary");
        };
    }

    static double binaryDouble(VR vr, byte[] b, int i) {
        int off = i * vr.unitSize;
        return switch (vr) {
            case FL, OF -> Float.intBitsToFloat(i32(b, off));
            case FD, OD -> Double.longBitsToDouble(i64(b, off));
            case UV -> {
                long v = i64(b, off);
                yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            default -> binaryLong(vr, b, i);
        };
    }

    static byte[] encodeLongs(VR vr, long[] values) {
        byte[] b = new byte[values.length * vr.unitSize];
        for (int i = 0; i < values.length; i++) {
            int off = i * vr.unitSize;
            long v = values[i];
            switch (vr) {
                case US, SS, OW -> put16(b, off, (int) v);
                case UL, SL, OL -> put32(b, off, (int) v);
                case AT -> {
                    put16(b, off, (int) (v >>> 16));
                    put16(b, off + 2, (int) v);
                }
                case SV, UV, OV -> put64(b, off, v);
                case FL, OF -> put32(b, off, Float.floatToIntBits(v));
                case FD, OD -> put64(b, off, Double.doubleToLongBits(v));
                case OB, UN -> b[off] = (byte) v;
                default -> throw new IllegalArgumentException(vr + " is not binary");
            }
        }
        return b;
    }

    static byte[] encodeDoubles(VR vr, double[] values) {
        byte[] b = new byte[values.length * vr.unitSize];
        for (int i = 0; i < values.length; i++) {
            int off = i * vr.unitSize;
            switch (vr) {
                case FL, OF -> put32(b, off, Float.floatToIntBits((float) values[i]));
                case FD, OD -> put64(b, off, Double.doubleToLongBits(values[i]));
                default -> {
                    byte[] one = encodeLongs(vr, new long[] {(long) values[i]});
                    System.arraycopy(one, 0, b, off, one.length);
                }
            }
        }
        return b;
    }

    /** Splits a multi-valued string at backslashes (single-valued VRs keep it whole). */
    static String[] split(VR vr, String s) {
        if (s.isEmpty()) return NO_STRINGS;
        if (vr.isSingleValuedText() || s.indexOf('\\') < 0) return new String[] {trim(vr, s)};
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = s.indexOf('\\'); i >= 0; start = i + 1, i = s.indexOf('\\', start)) {
            parts.add(trim(vr, s.substring(start, i)));
        }
        parts.add(trim(vr, s.substring(start)));
        return parts.toArray(NO_STRINGS);
    }

    /** Removes padding: trailing spaces/NULs, and leading spaces except for the free-text VRs. */
    static String trim(VR vr, String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) end--;
        int start = 0;
        if (vr != VR.LT && vr != VR.ST && vr != VR.UT) {
            while (start < end && s.charAt(start) == ' ') start++;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** Compares two byte values that may be arrays or references by content. */
    static boolean sameBytes(Object a, Object b) {
        if ((a instanceof BulkData ra && !ra.isFile()) || (b instanceof BulkData rb && !rb.isFile())) {
            return a.equals(b); // a remote reference equals only the same reference
        }
        try {
            byte[] x = a instanceof BulkData r ? littleEndian(r.readAll(), r, 1) : (byte[]) a;
            byte[] y = b instanceof BulkData r ? littleEndian(r.readAll(), r, 1) : (byte[]) b;
            return Arrays.equals(x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] littleEndian(byte[] bytes, BulkData ref, int unit) {
        if (ref.bigEndian()) swap(bytes, 0, bytes.length, unit);
        return bytes;
    }
}
