package org.senpacs.dicom.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.DateTimes;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/**
 * Value conversions shared by the DICOM JSON (PS3.18 Annex F) and Native DICOM Model XML (PS3.19
 * Annex A) codecs: numbers checked against their VR's range, person name groups and components,
 * base64, the encapsulated form of pixel data fragments, and the character set of decoded text.
 *
 * <p>Parsing methods throw {@link IllegalArgumentException} with a message meant to be wrapped
 * into the caller's exception, which adds the element and the input location.
 */
public final class ModelValues {

    private ModelValues() {}

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final BigInteger[][] RANGES = {
        {BigInteger.ZERO, BigInteger.valueOf(0xFFFF)},
        {BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)},
        {BigInteger.ZERO, BigInteger.valueOf(0xFFFFFFFFL)},
        {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)},
        {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)},
        {BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)},
    };

    // ------------------------------------------------------------------ numbers

    /**
     * An integer of a binary VR (US, SS, UL, SL, SV, UV) from decimal text, range-checked. UV values
     * above {@link Long#MAX_VALUE} are returned as their two's complement bits. Integral decimals
     * ("5.0", "1e2") are accepted.
     */
    public static long parseInteger(VR vr, String text) {
        String s = text.trim();
        BigInteger v;
        try {
            if (!DECIMAL.matcher(s).matches()) throw new NumberFormatException();
            BigDecimal d = new BigDecimal(s);
            if (d.precision() - d.scale() > 40) throw new ArithmeticException();
            v = d.toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not an integer (VR " + vr + ")");
        }
        BigInteger[] range = RANGES[switch (vr) {
            case US -> 0;
            case SS -> 1;
            case UL -> 2;
            case SL -> 3;
            case SV -> 4;
            case UV -> 5;
            default -> throw new IllegalArgumentException("VR " + vr + " does not hold binary integers");
        }];
        if (v.compareTo(range[0]) < 0 || v.compareTo(range[1]) > 0) {
            throw new IllegalArgumentException(text + " is out of the range of VR " + vr);
        }
        return v.longValue();
    }

    /** An FL or FD value: decimal text, or NaN, Infinity / INF, -Infinity / -INF. */
    public static double parseFloat(VR vr, String text) {
        String s = text.trim();
        double d = switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity", "+Infinity", "INF", "+INF" -> Double.POSITIVE_INFINITY;
            case "-Infinity", "-INF" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!DECIMAL.matcher(s).matches()) {
                    throw new IllegalArgumentException("'" + text + "' is not a number (VR " + vr + ")");
                }
                yield Double.parseDouble(s);
            }
        };
        if (vr == VR.FL && !Double.isInfinite(d) && Float.isInfinite((float) d)) {
            throw new IllegalArgumentException(text + " is out of the range of VR FL");
        }
        return d;
    }

    /** Text of an FL/FD value for XML: shortest round-trip form, NaN, INF or -INF. */
    public static String formatFloat(VR vr, double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "INF" : "-INF";
        return vr == VR.FL ? Float.toString((float) d) : Double.toString(d);
    }

    /** An IS value from a JSON number: the integer's decimal text; a fraction is an error. */
    public static String integerString(String number) {
        try {
            BigDecimal d = new BigDecimal(number.trim());
            if (d.precision() - d.scale() > 40) throw new ArithmeticException();
            return d.toBigIntegerExact().toString();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(number + " is not an integer (VR IS)");
        }
    }

    /** A DS value from a JSON number: kept as written when it fits 16 characters, else shortened. */
    public static String decimalString(String number) {
        String s = number.trim();
        if (s.length() <= 16) return s;
        return DateTimes.formatDecimal(Double.parseDouble(s));
    }

    /** True when the text is a number exactly as JSON writes one (so it can be written raw). */
    public static boolean isJsonNumber(String text) {
        return JSON_NUMBER.matcher(text).matches();
    }

    /** Eight hex digits (either case) as a tag, for AT values, JSON keys and XML tag attributes. */
    public static int parseTag(String text) {
        if (text == null || text.length() != 8) {
            throw new IllegalArgumentException("'" + text + "' is not a tag of 8 hex digits");
        }
        int tag = 0;
        for (int i = 0; i < 8; i++) {
            int d = Character.digit(text.charAt(i), 16);
            if (d < 0) throw new IllegalArgumentException("'" + text + "' is not a tag of 8 hex digits");
            tag = tag << 4 | d;
        }
        return tag;
    }

    // ------------------------------------------------------------------ text

    /** Rejects a backslash inside one value of a multi-valued VR (it would split the value). */
    public static String checkValue(VR vr, String value) {
        if (!vr.isSingleValuedText() && value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a value of VR " + vr + " cannot contain a backslash: '" + value + "'");
        }
        return value;
    }

    /** Joins decoded values into the value held by a data set, checking multiplicity and delimiters. */
    public static String joinValues(VR vr, List<String> values) {
        if (vr.isSingleValuedText() && values.size() > 1) {
            throw new IllegalArgumentException("VR " + vr + " holds one value, found " + values.size());
        }
        for (String v : values) checkValue(vr, v);
        return String.join("\\", values);
    }

    /**
     * A PN value's three component groups (alphabetic, ideographic, phonetic), "" when absent; any
     * further '=' stays in the phonetic group rather than being lost.
     */
    public static String[] personNameGroups(String value) {
        String[] g = {"", "", ""};
        int a = value.indexOf('=');
        int b = a < 0 ? -1 : value.indexOf('=', a + 1);
        g[0] = a < 0 ? value : value.substring(0, a);
        if (a >= 0) g[1] = b < 0 ? value.substring(a + 1) : value.substring(a + 1, b);
        if (b >= 0) g[2] = value.substring(b + 1);
        return g;
    }

    /** A PN value from its groups (null counts as empty), without trailing empty groups. */
    public static String personName(String alphabetic, String ideographic, String phonetic) {
        String[] g = {nz(alphabetic), nz(ideographic), nz(phonetic)};
        for (String s : g) {
            if (s.indexOf('\\') >= 0) throw new IllegalArgumentException("a person name group cannot contain a backslash: '" + s + "'");
        }
        if (g[0].indexOf('=') >= 0 || g[1].indexOf('=') >= 0) {
            throw new IllegalArgumentException("a person name group cannot contain '=': '" + (g[0].indexOf('=') >= 0 ? g[0] : g[1]) + "'");
        }
        int n = 3;
        while (n > 0 && g[n - 1].isEmpty()) n--;
        return String.join("=", java.util.Arrays.copyOf(g, n));
    }

    /** A group's five components (family, given, middle, prefix, suffix); any further '^' stays in the suffix. */
    public static String[] nameComponents(String group) {
        String[] c = {"", "", "", "", ""};
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int caret = group.indexOf('^', start);
            if (caret < 0) {
                c[i] = group.substring(start);
                return c;
            }
            c[i] = group.substring(start, caret);
            start = caret + 1;
        }
        c[4] = group.substring(start);
        return c;
    }

    /** A group from its components (null counts as empty), without trailing empty components. */
    public static String nameGroup(String[] components) {
        int n = components.length;
        while (n > 0 && nz(components[n - 1]).isEmpty()) n--;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String c = nz(components[i]);
            if (i < 4 && c.indexOf('^') >= 0 || c.indexOf('=') >= 0 || c.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("a person name component cannot contain a delimiter: '" + c + "'");
            }
            if (i > 0) sb.append('^');
            sb.append(c);
        }
        return sb.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ------------------------------------------------------------------ binary

    /** Strict base64 (RFC 4648, padding optional); whitespace and line breaks are ignored. */
    public static byte[] decodeBase64(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                if (sb == null) sb = new StringBuilder(text.length()).append(text, 0, i);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        try {
            return Base64.getDecoder().decode(sb == null ? text : sb.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64: " + e.getMessage());
        }
    }

    /** True when a bulk value can be read here: bytes, local file references, fragments of those. */
    public static boolean isLocal(Object value) {
        if (value instanceof BulkData ref) return ref.isFile();
        if (value instanceof Fragments f) {
            for (Object o : f.fragments()) {
                if (o instanceof BulkData ref && !ref.isFile()) return false;
            }
        }
        return true;
    }

    /**
     * The number of bytes {@link #openBinary} gives: the value, or for fragments their encapsulated
     * form (PS3.5 A.4: an item per fragment after the offset table item, then a sequence delimiter).
     */
    public static long binaryLength(Object value) {
        if (value instanceof byte[] b) return b.length;
        if (value instanceof BulkData ref) return ref.length();
        if (value instanceof Fragments f) {
            long n = 16 + f.offsetTable().length;
            for (int i = 0; i < f.size(); i++) n += 8 + f.length(i);
            return n;
        }
        return 0;
    }

    /** The bytes of a local bulk value, little endian (references read big endian are swapped). */
    public static InputStream openBinary(Object value, VR vr) throws IOException {
        if (value instanceof byte[] b) return new ByteArrayInputStream(b);
        if (value instanceof BulkData ref) {
            InputStream in = ref.openStream();
            return ref.bigEndian() && vr.swapUnit() > 1 ? new SwappingInputStream(in, vr.swapUnit()) : in;
        }
        if (value instanceof Fragments f) {
            List<Object> parts = new ArrayList<>();
            parts.add(itemHeader(Tags.Item, f.offsetTable().length));
            parts.add(f.offsetTable());
            for (int i = 0; i < f.size(); i++) {
                parts.add(itemHeader(Tags.Item, f.length(i)));
                parts.add(f.fragments().get(i));
            }
            parts.add(itemHeader(Tags.SequenceDelimitationItem, 0));
            return new PartsInputStream(parts); // fragments are bytes: never swapped
        }
        throw new IOException("not a binary value: " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    /** Reads a whole local bulk value into memory (see {@link #openBinary}). */
    public static byte[] readBinary(Object value, VR vr) throws IOException {
        if (value instanceof byte[] b) return b;
        try (InputStream in = openBinary(value, vr)) {
            return in.readAllBytes();
        }
    }

    /**
     * Fragments from their encapsulated form, or null when the bytes are not exactly an offset table
     * item, fragment items and a sequence delimiter.
     */
    public static Fragments parseFragments(byte[] b) {
        List<byte[]> items = new ArrayList<>();
        int pos = 0;
        while (pos + 8 <= b.length) {
            int tag = (u16(b, pos) << 16) | u16(b, pos + 2);
            long len = (u16(b, pos + 4) | (long) u16(b, pos + 6) << 16);
            pos += 8;
            if (tag == Tags.SequenceDelimitationItem) {
                if (len != 0 || pos != b.length || items.isEmpty()) return null;
                Fragments f = new Fragments();
                f.setOffsetTable(items.getFirst());
                for (byte[] item : items.subList(1, items.size())) f.add(item);
                return f;
            }
            if (tag != Tags.Item || len > b.length - pos) return null;
            items.add(java.util.Arrays.copyOfRange(b, pos, pos + (int) len));
            pos += (int) len;
        }
        return null;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static byte[] itemHeader(int tag, long length) {
        byte[] h = new byte[8];
        int[] parts = {tag >>> 16, tag & 0xFFFF, (int) length & 0xFFFF, (int) (length >>> 16) & 0xFFFF};
        for (int i = 0; i < 4; i++) {
            h[2 * i] = (byte) parts[i];
            h[2 * i + 1] = (byte) (parts[i] >> 8);
        }
        return h;
    }

    /**
     * A data set holding just element {@code index} of {@code ds} with its {@link BulkData} value read
     * into memory (text decoded with the data set's character set), so the usual accessors work on it.
     */
    public static DataSet materialize(DataSet ds, int index) throws IOException {
        int tag = ds.tagAt(index);
        VR vr = ds.vrAt(index);
        byte[] bytes = readBinary(ds.valueAt(index), vr);
        DataSet one = new DataSet(2);
        if (vr.isText()) {
            one.put(tag, vr, vr.charsetDependent ? ds.charset().decode(bytes, 0, bytes.length)
                    : new String(bytes, StandardCharsets.ISO_8859_1));
        } else {
            one.put(tag, vr, bytes);
        }
        return one;
    }

    // ------------------------------------------------------------------ character set

    /**
     * Makes the Specific Character Set (0008,0005) of a decoded data set cover its text. JSON and XML
     * are Unicode, so text may hold characters the declared repertoire lacks (or there is no
     * declaration and the text is not ASCII): then (0008,0005) becomes ISO_IR 192. Items with their
     * own (0008,0005) are checked against it, the others against their parent's.
     */
    public static void ensureCharsetCoversText(DataSet ds) {
        SpecificCharacterSet cs = ds.contains(Tag.SpecificCharacterSet)
                ? SpecificCharacterSet.of(ds.getStrings(Tag.SpecificCharacterSet)) : SpecificCharacterSet.DEFAULT;
        if (!covers(ds, cs)) {
            ds.setSpecificCharacterSet(cs.isDefault()
                    ? SpecificCharacterSet.bestFor(nonAsciiSample(ds)) : SpecificCharacterSet.UTF_8);
        }
    }

    private static boolean covers(DataSet ds, SpecificCharacterSet cs) {
        boolean ok = true;
        for (int i = 0; i < ds.size(); i++) {
            Object v = ds.valueAt(i);
            if (ds.vrAt(i).charsetDependent && v instanceof String s) {
                ok &= cs.canEncode(s);
            } else if (v instanceof Sequence seq) {
                for (DataSet item : seq) {
                    if (item.contains(Tag.SpecificCharacterSet)) ensureCharsetCoversText(item);
                    else ok &= covers(item, cs);
                }
            }
        }
        return ok;
    }

    private static String nonAsciiSample(DataSet ds) {
        for (int i = 0; i < ds.size(); i++) {
            Object v = ds.valueAt(i);
            if (ds.vrAt(i).charsetDependent && v instanceof String s && !SpecificCharacterSet.DEFAULT.canEncode(s)) return s;
            if (v instanceof Sequence seq) {
                for (DataSet item : seq) {
                    String s = item.contains(Tag.SpecificCharacterSet) ? null : nonAsciiSample(item);
                    if (s != null) return s;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ streams

    /** Reverses the bytes of each {@code unit} (big to little endian), reading aligned chunks. */
    private static final class SwappingInputStream extends InputStream {
        private final InputStream in;
        private final int unit;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int limit;

        SwappingInputStream(InputStream in, int unit) {
            this.in = in;
            this.unit = unit;
        }

        private boolean fill() throws IOException {
            if (pos < limit) return true;
            limit = in.readNBytes(buf, 0, buf.length);
            pos = 0;
            for (int i = 0; i + unit <= limit; i += unit) {
                for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                    byte t = buf[lo];
                    buf[lo] = buf[hi];
                    buf[hi] = t;
                }
            }
            return limit > 0;
        }

        @Override
        public int read() throws IOException {
            return fill() ? buf[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Concatenates byte arrays and bulk data references, opening each reference when reached. */
    private static final class PartsInputStream extends InputStream {
        private final List<Object> parts;
        private int next;
        private InputStream current;

        PartsInputStream(List<Object> parts) {
            this.parts = parts;
        }

        private boolean advance() throws IOException {
            if (current != null) current.close();
            current = next < parts.size() ? openBinary(parts.get(next++), VR.OB) : null;
            return current != null;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (current != null || advance()) {
                int n = current.read(b, off, len);
                if (n > 0) return n;
                if (!advance()) return -1;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            if (current != null) current.close();
            current = null;
            next = parts.size();
        }
    }
}
