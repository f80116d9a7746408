package org.senpacs.dicom.charset;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The character repertoire of text values (SH, LO, ST, PN, LT, UC, UT) as selected by Specific
 * Character Set (0008,0005): PS3.5 Section 6.1 and Annexes H to K, Defined Terms of PS3.3
 * C.12.1.1.2. Immutable and thread-safe.
 *
 * <p>Supported Defined Terms:
 * <ul>
 * <li>none (default repertoire, ISO-IR 6);</li>
 * <li>single-byte without code extensions: ISO_IR 100, 101, 109, 110, 144, 127, 126, 138, 148,
 *     13, 166, 203;</li>
 * <li>multi-byte without code extensions: ISO_IR 192 (UTF-8), GB18030, GBK;</li>
 * <li>with ISO/IEC 2022 code extensions: ISO 2022 IR 6, 100, 101, 109, 110, 144, 127, 126, 138,
 *     148, 13, 166, 203, 87, 159, 149, 58.</li>
 * </ul>
 *
 * <p>{@link #of(String...)} reads (0008,0005) leniently: values are trimmed and case, blanks,
 * '_' and '-' in the terms do not matter; unknown terms count as the default repertoire; in a
 * multi-valued attribute "ISO_IR n" is read as "ISO 2022 IR n"; a multi-byte ISO 2022 set given
 * as value 1 (for example a lone "ISO 2022 IR 149") is read as if value 1 were empty. It never
 * throws.
 *
 * <p>{@link #decode} never throws either: malformed or unmappable bytes give U+FFFD.
 * {@link #encode} writes '?' for characters that the repertoire lacks; check with
 * {@link #canEncode} first, or pick a repertoire with {@link #bestFor}.
 */
public final class SpecificCharacterSet {

    private enum Kind { ASCII, ISO_2022, CHARSET }

    private static final String[] NO_TERMS = {};
    private static final int CACHE_LIMIT = 256;
    private static final Map<String, SpecificCharacterSet> CACHE = new ConcurrentHashMap<>();

    /** The default repertoire ISO-IR 6 (ASCII), used when (0008,0005) is absent or empty. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(NO_TERMS, null, null);
    /** ISO_IR 192, Unicode in UTF-8. */
    public static final SpecificCharacterSet UTF_8 =
            new SpecificCharacterSet(new String[] {"ISO_IR 192"}, StandardCharsets.UTF_8, null);
    private static final SpecificCharacterSet GB18030 = wholeCharset("GB18030");
    private static final SpecificCharacterSet GBK = wholeCharset("GBK");

    private final Kind kind;
    private final String[] terms;
    private final Charset charset;
    private final Iso2022Codec codec;

    private SpecificCharacterSet(String[] terms, Charset charset, Iso2022Codec codec) {
        this.terms = terms;
        this.charset = charset;
        this.codec = codec;
        this.kind = codec != null ? Kind.ISO_2022 : charset != null ? Kind.CHARSET : Kind.ASCII;
    }

    private static SpecificCharacterSet wholeCharset(String term) {
        Charset cs;
        try {
            cs = Charset.isSupported(term) ? Charset.forName(term) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) {
            cs = StandardCharsets.UTF_8;
        }
        return new SpecificCharacterSet(new String[] {term}, cs, null);
    }

    // ------------------------------------------------------------------ parsing

    /**
     * The repertoire for the values of Specific Character Set (0008,0005) as read: values may be
     * padded, value 1 may be empty, a single string may also hold backslash-separated values.
     * Never throws; {@code null} or no values give {@link #DEFAULT}.
     */
    public static SpecificCharacterSet of(String... definedTerms) {
        if (definedTerms == null || definedTerms.length == 0) {
            return DEFAULT;
        }
        List<String> values = new ArrayList<>(definedTerms.length);
        for (String t : definedTerms) {
            if (t == null) {
                values.add("");
                continue;
            }
            for (String v : t.split("\\\\", -1)) {
                values.add(v.strip());
            }
        }
        while (values.size() > 1 && values.getLast().isEmpty()) {
            values.removeLast(); // trailing empty values carry nothing
        }
        String key = String.join("\\", values);
        if (key.isEmpty()) {
            return DEFAULT;
        }
        SpecificCharacterSet cs = CACHE.get(key);
        if (cs == null) {
            cs = parse(values);
            if (CACHE.size() < CACHE_LIMIT) {
                CACHE.putIfAbsent(key, cs);
            }
        }
        return cs;
    }

    /** A parsed Defined Term: ISO-IR number, or 0 for the default, -1 for unknown. */
    private record Term(int ir, boolean iso2022, SpecificCharacterSet whole) {
        boolean isDefault() {
            return whole == null && ir <= 6;
        }

        boolean multiByte() {
            return ir == 87 || ir == 159 || ir == 149 || ir == 58;
        }
    }

    private static final int[] SINGLE_BYTE_IRS = {100, 101, 109, 110, 144, 127, 126, 138, 148, 13, 166, 203};
    private static final CodeElement[] SINGLE_BYTE_SETS = {
        CodeElement.LATIN1, CodeElement.LATIN2, CodeElement.LATIN3, CodeElement.LATIN4,
        CodeElement.CYRILLIC, CodeElement.ARABIC, CodeElement.GREEK, CodeElement.HEBREW,
        CodeElement.LATIN5, CodeElement.JIS_KATAKANA, CodeElement.THAI, CodeElement.LATIN9};

    private static Term term(String value) {
        String s = value.toUpperCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "");
        switch (s) {
            case "":
                return new Term(0, false, null);
            case "GB18030":
                return new Term(0, false, GB18030);
            case "GBK":
                return new Term(0, false, GBK);
            case "UTF8", "ISOIR192":
                return new Term(0, false, UTF_8);
            default:
                break;
        }
        boolean iso2022 = s.startsWith("ISO2022IR");
        String number = iso2022 ? s.substring(9) : s.startsWith("ISOIR") ? s.substring(5) : "";
        int ir;
        try {
            ir = number.isEmpty() || number.length() > 4 ? -1 : Integer.parseInt(number);
        } catch (NumberFormatException e) {
            ir = -1;
        }
        if (ir == 6) {
            return new Term(6, iso2022, null);
        }
        Term t = new Term(ir, iso2022, null);
        return t.multiByte() || single(ir) != null ? t : new Term(-1, false, null);
    }

    private static CodeElement single(int ir) {
        for (int i = 0; i < SINGLE_BYTE_IRS.length; i++) {
            if (SINGLE_BYTE_IRS[i] == ir) {
                return SINGLE_BYTE_SETS[i];
            }
        }
        return null;
    }

    private static CodeElement multi(int ir) {
        return switch (ir) {
            case 87 -> CodeElement.JIS_X0208;
            case 159 -> CodeElement.JIS_X0212;
            case 149 -> CodeElement.KS_X1001;
            case 58 -> CodeElement.GB2312;
            default -> null;
        };
    }

    private static SpecificCharacterSet parse(List<String> values) {
        List<Term> parsed = new ArrayList<>(values.size());
        for (String v : values) {
            parsed.add(term(v));
        }
        Term first = parsed.getFirst();
        if (first.whole() != null) {
            return first.whole(); // UTF-8, GB18030 and GBK allow no code extensions
        }
        if (parsed.size() == 1) {
            if (first.isDefault()) {
                return DEFAULT;
            }
            if (!first.multiByte() && !first.iso2022()) {
                CodeElement g1 = single(first.ir());
                CodeElement g0 = g1 == CodeElement.JIS_KATAKANA ? CodeElement.JIS_ROMAN : CodeElement.ASCII;
                return new SpecificCharacterSet(new String[] {"ISO_IR " + first.ir()}, null,
                        new Iso2022Codec(false, List.of(g0, g1), g1));
            }
        } else if (first.isDefault()) {
            for (Term t : parsed) {
                if (t.whole() != null) {
                    return t.whole(); // e.g. "\ISO_IR 192": a superset of the default repertoire
                }
            }
        }
        // code extensions: value 1 defines the initial state, later values add sets
        List<Term> sets = new ArrayList<>();
        Term value1 = first.multiByte() ? new Term(0, true, null) : first;
        if (first.multiByte()) {
            sets.add(first);
        }
        for (Term t : parsed.subList(1, parsed.size())) {
            boolean redundant = t.ir() == 6 && value1.isDefault() || t.ir() == value1.ir();
            if (t.whole() == null && t.ir() >= 6 && !redundant && !contains(sets, t.ir())) {
                sets.add(t);
            }
        }
        if (value1.isDefault() && sets.isEmpty()) {
            return DEFAULT;
        }
        List<String> terms = new ArrayList<>();
        List<CodeElement> declared = new ArrayList<>();
        CodeElement initialG1 = null;
        if (value1.isDefault()) {
            terms.add("");
            declared.add(CodeElement.ASCII);
        } else {
            terms.add("ISO 2022 IR " + value1.ir());
            initialG1 = single(value1.ir());
            declared.add(initialG1 == CodeElement.JIS_KATAKANA ? CodeElement.JIS_ROMAN : CodeElement.ASCII);
            declared.add(initialG1);
        }
        for (Term t : sets) {
            terms.add("ISO 2022 IR " + t.ir());
            if (t.ir() == 6) {
                declared.add(CodeElement.ASCII);
            } else if (t.multiByte()) {
                declared.add(multi(t.ir()));
            } else {
                if (t.ir() == 13) {
                    declared.add(CodeElement.JIS_ROMAN);
                }
                declared.add(single(t.ir()));
            }
        }
        return new SpecificCharacterSet(terms.toArray(NO_TERMS), null,
                new Iso2022Codec(true, declared, initialG1));
    }

    private static boolean contains(List<Term> terms, int ir) {
        for (Term t : terms) {
            if (t.ir() == ir) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ properties

    /**
     * The canonical Defined Terms to write to (0008,0005); empty for {@link #DEFAULT} (omit the
     * attribute or write it empty). With code extensions, a default value 1 is written empty, as
     * in the examples of PS3.5 Annexes H, I and K. Unknown terms read by {@link #of} are left out.
     */
    public String[] definedTerms() {
        return terms.clone();
    }

    /** True for the default repertoire (no or empty (0008,0005)). */
    public boolean isDefault() {
        return kind == Kind.ASCII;
    }

    /** True if ISO/IEC 2022 escape sequences are used ("ISO 2022 IR ..." terms). */
    public boolean usesCodeExtensions() {
        return kind == Kind.ISO_2022 && (terms[0].isEmpty() || terms[0].startsWith("ISO 2022"));
    }

    // ------------------------------------------------------------------ coding

    /**
     * Decodes the bytes of a whole value, which may hold several values separated by backslashes
     * (the backslashes are decoded too; split the result afterwards, not the bytes, since in
     * GBK, GB18030 and double-byte ISO 2022 sets 05/12 can be part of a character). Padding is
     * kept. Malformed bytes give U+FFFD; throws only for invalid array bounds.
     */
    public String decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return switch (kind) {
            case ASCII -> new String(bytes, offset, length, StandardCharsets.US_ASCII);
            case CHARSET -> new String(bytes, offset, length, charset);
            case ISO_2022 -> codec.decode(bytes, offset, length);
        };
    }

    /**
     * Encodes a value (or several values joined with backslashes). With ISO 2022 code extensions
     * the initial (value 1) character sets are active again before CR, LF, FF, TAB and any other
     * control character, before the backslash, and at the end of the value; if {@code personName}
     * is true also before the '^' and '=' delimiters (PS3.5 6.1.2.5.3). Characters that the
     * repertoire lacks are written as '?'. A {@code null} value gives no bytes.
     */
    public byte[] encode(String value, boolean personName) {
        if (value == null || value.isEmpty()) {
            return new byte[0];
        }
        return switch (kind) {
            case ASCII -> value.getBytes(StandardCharsets.US_ASCII);
            case CHARSET -> value.getBytes(charset);
            case ISO_2022 -> codec.encode(value, personName);
        };
    }

    /** True if {@link #encode} represents every character of the value. */
    public boolean canEncode(String value) {
        if (value == null) {
            return true;
        }
        switch (kind) {
            case ASCII:
                for (int i = 0; i < value.length(); i++) {
                    if (value.charAt(i) >= 0x80) {
                        return false;
                    }
                }
                return true;
            case CHARSET:
                if (charset.equals(StandardCharsets.UTF_8) || "GB18030".equals(charset.name())) {
                    return wellFormed(value); // both cover all of Unicode
                }
                return charset.newEncoder().canEncode(value);
            default:
                return codec.canEncode(value);
        }
    }

    private static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The repertoire a writer uses for new values: {@link #DEFAULT} if all characters are ASCII
     * ({@code null} values are ignored), else {@link #UTF_8}.
     */
    public static SpecificCharacterSet bestFor(CharSequence... values) {
        if (values != null) {
            for (CharSequence v : values) {
                if (v == null) {
                    continue;
                }
                for (int i = 0, n = v.length(); i < n; i++) {
                    if (v.charAt(i) >= 0x80) {
                        return UTF_8;
                    }
                }
            }
        }
        return DEFAULT;
    }

    // ------------------------------------------------------------------ Object

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof SpecificCharacterSet other && Arrays.equals(terms, other.terms);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(terms);
    }

    @Override
    public String toString() {
        return "SpecificCharacterSet[" + (terms.length == 0 ? "default" : String.join("\\", terms)) + "]";
    }
}
