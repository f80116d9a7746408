package org.senpacs.dicom.charset;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Codec for single-byte character sets with or without ISO/IEC 2022 code extensions
 * (PS3.5 6.1.2.4 and 6.1.2.5). Immutable and thread-safe.
 *
 * <p>The initial state is the one of value 1 of Specific Character Set: G0 holds ASCII (or JIS X
 * 0201 Romaji for ISO 2022 IR 13), G1 holds the value 1 supplementary set, or nothing.
 *
 * <p>Decoding follows the escape sequences as they come; it never resets on its own, so bytes
 * such as 05/14 inside a double-byte G0 set are read as part of a character. When bytes with the
 * high bit set arrive while nothing is designated to G1, the first G1 set declared in Specific
 * Character Set is assumed, which reads values written without the required escape sequence.
 *
 * <p>Encoding takes, character by character, the first declared set that has the character, emits
 * the designating escape sequence when the register holds another set, and returns to the initial
 * state before CR, LF, FF, TAB (any control character), before the backslash, before '^' and '='
 * in person names, and at the end of the value (PS3.5 6.1.2.5.3). SPACE is written as 02/00 in
 * any state. Characters no declared set has are written as '?'.
 */
final class Iso2022Codec {

    private static final int ESC = 0x1B;
    private static final char REPLACEMENT = CodeElement.REPLACEMENT;

    private final boolean extensions;
    private final CodeElement initialG0;
    private final CodeElement initialG1;
    private final CodeElement fallbackG1;
    private final CodeElement[] declared;

    /**
     * @param extensions whether escape sequences are honoured and may be written
     * @param declared   the declared sets in the order of (0008,0005); the first is the initial
     *                   G0 set, the first G1 set of value 1 (if given) is {@code initialG1}
     * @param initialG1  the G1 set of value 1, or {@code null}
     */
    Iso2022Codec(boolean extensions, List<CodeElement> declared, CodeElement initialG1) {
        this.extensions = extensions;
        this.declared = declared.toArray(new CodeElement[0]);
        this.initialG0 = this.declared[0];
        this.initialG1 = initialG1;
        CodeElement fallback = initialG1;
        for (CodeElement e : this.declared) {
            if (fallback == null && !e.g0) {
                fallback = e;
            }
        }
        this.fallbackG1 = fallback;
    }

    // ---------------------------------------------------------------- decoding

    String decode(byte[] b, int off, int len) {
        int end = off + len;
        boolean plain = true;
        for (int i = off; i < end; i++) {
            if (b[i] < 0 || b[i] == ESC && extensions) {
                plain = false;
                break;
            }
        }
        if (plain) { // GL bytes only, initial state: ASCII (JIS X 0201 Romaji is read alike)
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[len]; // never more chars than bytes
        int n = 0;
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == ESC && extensions) {
                int j = i + 1;
                while (j < end && b[j] >= 0x20 && b[j] <= 0x2F) {
                    j++;
                }
                if (j >= end || b[j] < 0x30 || b[j] > 0x7E) {
                    out[n++] = REPLACEMENT; // truncated or malformed escape sequence
                    i = Math.max(j, i + 1);
                    continue;
                }
                String im = new String(b, i + 1, j - i - 1, StandardCharsets.ISO_8859_1);
                CodeElement e = CodeElement.byEscape(im, b[j]);
                if (e == null || e.shape == CodeElement.Shape.SB96 && CodeElement.designatesG0(im)) {
                    out[n++] = REPLACEMENT; // unknown escape sequence: keep the state
                } else if (CodeElement.designatesG0(im)) {
                    g0 = e;
                } else {
                    g1 = e;
                }
                i = j + 1;
            } else if (c <= 0x20 || c == 0x7F) { // controls and SPACE in any state
                out[n++] = (char) c;
                i++;
            } else if (c < 0x80) {
                if (!g0.doubleByte()) {
                    out[n++] = g0.decode(c);
                    i++;
                } else if (i + 1 < end && b[i + 1] > 0x20 && b[i + 1] < 0x7F) {
                    out[n++] = g0.decode(c, b[i + 1]);
                    i += 2;
                } else {
                    out[n++] = REPLACEMENT;
                    i++;
                }
            } else {
                CodeElement set = g1 != null ? g1 : fallbackG1;
                if (set == null || c < 0xA0) { // C1 controls are not used in DICOM
                    out[n++] = REPLACEMENT;
                    i++;
                } else if (!set.doubleByte()) {
                    out[n++] = set.decode(c & 0x7F);
                    i++;
                } else if (i + 1 < end && (b[i + 1] & 0xFF) > 0xA0 && (b[i + 1] & 0xFF) < 0xFF) {
                    out[n++] = set.decode(c & 0x7F, b[i + 1] & 0x7F);
                    i += 2;
                } else {
                    out[n++] = REPLACEMENT;
                    i++;
                }
            }
        }
        return new String(out, 0, n);
    }

    // ---------------------------------------------------------------- encoding

    boolean canEncode(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ESC && extensions) {
                return false;
            }
            if (cp > 0x20 && cp != 0x7F && select(cp) == null) {
                return false;
            }
        }
        return true;
    }

    byte[] encode(String s, boolean personName) {
        int len = s.length();
        boolean plain = true;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == ESC && extensions) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        Sink out = new Sink(len * 2 + 16);
        CodeElement[] state = {initialG0, initialG1};
        for (int i = 0; i < len; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ESC && extensions) {
                cp = '?';
            } else if (cp < 0x20 || cp == 0x7F || cp == '\\' || personName && (cp == '^' || cp == '=')) {
                reset(state, out);
                out.write(cp);
                continue;
            } else if (cp == 0x20) {
                out.write(cp);
                continue;
            }
            CodeElement e = select(cp);
            int code;
            if (e == null) {
                e = select('?');
                code = '?';
            } else {
                code = e.encode(cp);
            }
            int high;
            if (e.g0) {
                if (state[0] != e) {
                    out.write(e.escape());
                    state[0] = e;
                }
                high = 0;
            } else {
                if (state[1] != e) {
                    out.write(e.escape());
                    state[1] = e;
                }
                high = 0x80;
            }
            if (e.doubleByte()) {
                out.write((code >> 8) | high);
                out.write((code & 0xFF) | high);
            } else {
                out.write(code | high);
            }
        }
        reset(state, out);
        return out.toByteArray();
    }

    /** First declared set that has the character, or null. */
    private CodeElement select(int cp) {
        for (CodeElement e : declared) {
            if (e.encode(cp) >= 0) {
                return e;
            }
        }
        return null;
    }

    /** Returns to the value 1 sets, writing escape sequences where a register was changed. */
    private void reset(CodeElement[] state, Sink out) {
        if (state[0] != initialG0) {
            out.write(initialG0.escape());
            state[0] = initialG0;
        }
        if (state[1] != initialG1) {
            // without a value 1 G1 set there is nothing to designate: the next use designates again
            if (initialG1 != null) {
                out.write(initialG1.escape());
            }
            state[1] = initialG1;
        }
    }

    @Override
    public String toString() {
        return "Iso2022Codec" + Arrays.toString(declared) + (extensions ? " with extensions" : "");
    }

    /** Minimal growable byte buffer (no synchronization, unlike ByteArrayOutputStream). */
    private static final class Sink {
        private byte[] buf;
        private int size;

        Sink(int capacity) {
            buf = new byte[capacity];
        }

        void write(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, size * 2);
            }
            buf[size++] = (byte) b;
        }

        void write(byte[] bytes) {
            for (byte x : bytes) {
                write(x);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
