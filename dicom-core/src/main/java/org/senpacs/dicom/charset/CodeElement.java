package org.senpacs.dicom.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * One graphic character set (code element) that DICOM can designate with ISO/IEC 2022 escape
 * sequences (PS3.3 C.12.1.1.2, Tables C.12-2 to C.12-4; PS3.5 6.1.2.5).
 *
 * <p>Codes are handled in their 7-bit form: a single-byte code is 0x20..0x7F, a double-byte
 * code is {@code (first << 8) | second} with both bytes in 0x21..0x7E. Whether the bytes are
 * written to GL (as is) or GR (with the high bit set) depends on the register the set is
 * designated to, not on the set itself.
 *
 * <p>The code tables of the ISO 8859 parts, TIS 620, JIS X 0208, JIS X 0212, KS X 1001 and
 * GB 2312 are taken from the JDK charsets on first use; JIS X 0201 is computed. If a JDK charset
 * is missing in a trimmed runtime, the set simply maps nothing (decoding gives U+FFFD).
 */
enum CodeElement {

    /** ISO-IR 6, ISO 646 (ASCII), G0. */
    ASCII(Shape.SB94, true, "(B", null),
    /**
     * ISO-IR 14, JIS X 0201 Romaji, G0. Handled like ASCII: 05/12 is kept as the DICOM value
     * delimiter (PS3.5 H.1.1 note 3) and 07/14 as TILDE, so values round-trip unchanged.
     */
    JIS_ROMAN(Shape.SB94, true, "(J", null),
    /** ISO-IR 13, JIS X 0201 Katakana, G1 (half-width katakana U+FF61..U+FF9F). */
    JIS_KATAKANA(Shape.SB94, false, ")I", null),

    LATIN1(Shape.SB96, false, "-A", "ISO-8859-1"),
    LATIN2(Shape.SB96, false, "-B", "ISO-8859-2"),
    LATIN3(Shape.SB96, false, "-C", "ISO-8859-3"),
    LATIN4(Shape.SB96, false, "-D", "ISO-8859-4"),
    CYRILLIC(Shape.SB96, false, "-L", "ISO-8859-5"),
    ARABIC(Shape.SB96, false, "-G", "ISO-8859-6"),
    GREEK(Shape.SB96, false, "-F", "ISO-8859-7"),
    HEBREW(Shape.SB96, false, "-H", "ISO-8859-8"),
    LATIN5(Shape.SB96, false, "-M", "ISO-8859-9"),
    THAI(Shape.SB96, false, "-T", "TIS-620"),
    LATIN9(Shape.SB96, false, "-b", "ISO-8859-15"),

    /** ISO-IR 87, JIS X 0208 kanji and kana, G0 (ESC $ B). */
    JIS_X0208(Shape.DB94, true, "$B", "EUC-JP"),
    /** ISO-IR 159, JIS X 0212 supplementary kanji, G0 (ESC $ ( D). */
    JIS_X0212(Shape.DB94, true, "$(D", "EUC-JP"),
    /** ISO-IR 149, KS X 1001 Hangul and Hanja, G1 (ESC $ ) C). */
    KS_X1001(Shape.DB94, false, "$)C", "EUC-KR"),
    /** ISO-IR 58, GB 2312 simplified Chinese, G1 (ESC $ ) A). */
    GB2312(Shape.DB94, false, "$)A", "GB2312");

    enum Shape { SB94, SB96, DB94 }

    static final char REPLACEMENT = '\uFFFD';
    private static final int DB_SIZE = 94 * 94;

    final Shape shape;
    /** {@code true} if DICOM designates this set to G0, {@code false} for G1. */
    final boolean g0;
    private final byte[] escape;
    private final String jdkCharset;
    private volatile Table table;

    CodeElement(Shape shape, boolean g0, String escape, String jdkCharset) {
        this.shape = shape;
        this.g0 = g0;
        this.escape = ("\u001b" + escape).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.jdkCharset = jdkCharset;
    }

    boolean doubleByte() {
        return shape == Shape.DB94;
    }

    /** The escape sequence (ESC included) that designates this set to its DICOM register. */
    byte[] escape() {
        return escape;
    }

    /** Maps a 7-bit single-byte code to a char, U+FFFD if the code is not in the set. */
    char decode(int code) {
        switch (this) {
            case ASCII, JIS_ROMAN:
                return code > 0x20 && code < 0x7F ? (char) code : REPLACEMENT;
            case JIS_KATAKANA:
                return code > 0x20 && code < 0x60 ? (char) (0xFF61 - 0x21 + code) : REPLACEMENT;
            default:
                if (shape != Shape.SB96 || code < 0x20 || code > 0x7F) {
                    return REPLACEMENT;
                }
                return table().toChar[code - 0x20];
        }
    }

    /** Maps a double-byte code (two 7-bit bytes) to a char, U+FFFD if not in the set. */
    char decode(int first, int second) {
        if (shape != Shape.DB94 || first < 0x21 || first > 0x7E || second < 0x21 || second > 0x7E) {
            return REPLACEMENT;
        }
        return table().toChar[(first - 0x21) * 94 + second - 0x21];
    }

    /**
     * The 7-bit code of a character in this set: one byte for single-byte sets, two bytes as
     * {@code (first << 8) | second} for double-byte sets; -1 if the set lacks the character.
     */
    int encode(int cp) {
        switch (this) {
            case ASCII, JIS_ROMAN:
                return cp > 0x20 && cp < 0x7F ? cp : -1;
            case JIS_KATAKANA:
                return cp >= 0xFF61 && cp <= 0xFF9F ? cp - 0xFF61 + 0x21 : -1;
            default:
                return cp > 0xFFFF ? -1 : table().encode((char) cp);
        }
    }

    /** Looks up the set designated by an escape sequence, given its intermediate and final bytes. */
    static CodeElement byEscape(String intermediates, int finalByte) {
        char f = (char) finalByte;
        switch (intermediates) {
            case "(", ")":
                return switch (f) {
                    case 'B' -> ASCII;
                    case 'J' -> JIS_ROMAN;
                    case 'I' -> JIS_KATAKANA;
                    default -> null;
                };
            case "-":
                for (CodeElement e : values()) {
                    if (e.shape == Shape.SB96 && e.escape[2] == finalByte) {
                        return e;
                    }
                }
                return null;
            case "$", "$(", "$)":
                return switch (f) {
                    case '@', 'B' -> JIS_X0208; // ESC $ @ (JIS C 6226-1978) read as JIS X 0208
                    case 'D' -> JIS_X0212;
                    case 'C' -> KS_X1001;
                    case 'A' -> GB2312;
                    default -> null;
                };
            default:
                return null;
        }
    }

    /** True if the escape designates to G0 (as opposed to G1). */
    static boolean designatesG0(String intermediates) {
        return intermediates.equals("(") || intermediates.equals("$") || intermediates.equals("$(");
    }

    private Table table() {
        Table t = table;
        if (t == null) {
            t = shape == Shape.SB96 ? buildSingleByte() : buildDoubleByte();
            table = t;
        }
        return t;
    }

    private Charset jdkCharset() {
        try {
            return Charset.isSupported(jdkCharset) ? Charset.forName(jdkCharset) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Table buildSingleByte() {
        char[] chars = new char[96];
        Arrays.fill(chars, REPLACEMENT);
        Charset cs = jdkCharset();
        if (cs != null) {
            byte[] gr = new byte[96];
            for (int i = 0; i < 96; i++) {
                gr[i] = (byte) (0xA0 + i);
            }
            String s = new String(gr, cs);
            if (s.length() == 96) {
                s.getChars(0, 96, chars, 0);
            }
        }
        return new Table(chars, 0x20, 96);
    }

    private Table buildDoubleByte() {
        char[] chars = new char[DB_SIZE];
        Arrays.fill(chars, REPLACEMENT);
        Charset cs = jdkCharset();
        if (cs != null) {
            CharsetDecoder dec = cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            boolean ss3 = this == JIS_X0212; // JIS X 0212 is code set 3 of EUC-JP
            byte[] buf = ss3 ? new byte[] {(byte) 0x8F, 0, 0} : new byte[2];
            int p = ss3 ? 1 : 0;
            ByteBuffer in = ByteBuffer.wrap(buf);
            CharBuffer out = CharBuffer.allocate(4);
            for (int i = 0; i < DB_SIZE; i++) {
                buf[p] = (byte) (0xA1 + i / 94);
                buf[p + 1] = (byte) (0xA1 + i % 94);
                in.clear();
                out.clear();
                dec.reset();
                if (!dec.decode(in, out, true).isError() && !dec.flush(out).isError()
                        && out.position() == 1 && !in.hasRemaining()) {
                    chars[i] = out.get(0);
                }
            }
        }
        return new Table(chars, 0, DB_SIZE);
    }

    /** Immutable decode table plus a sorted reverse index for encoding. */
    private static final class Table {
        final char[] toChar;
        private final char[] keys;
        private final int[] codes;

        Table(char[] toChar, int firstCode, int size) {
            this.toChar = toChar;
            long[] pairs = new long[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (toChar[i] != REPLACEMENT) {
                    int code = size == 96 ? firstCode + i : ((0x21 + i / 94) << 8) | (0x21 + i % 94);
                    pairs[n++] = ((long) toChar[i] << 32) | code;
                }
            }
            Arrays.sort(pairs, 0, n);
            char[] k = new char[n];
            int[] c = new int[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                char ch = (char) (pairs[i] >>> 32);
                if (m == 0 || k[m - 1] != ch) { // keep the lowest code of duplicates
                    k[m] = ch;
                    c[m++] = (int) pairs[i];
                }
            }
            this.keys = Arrays.copyOf(k, m);
            this.codes = Arrays.copyOf(c, m);
        }

        int encode(char ch) {
            int i = Arrays.binarySearch(keys, ch);
            return i >= 0 ? codes[i] : -1;
        }
    }
}
