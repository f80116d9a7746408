package org.senpacs.dicom;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Objects;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/**
 * A DICOM data set: elements kept sorted by tag in parallel arrays, values held as read.
 *
 * <p>A value is one of: {@code byte[]} (the value bytes as read: text in this data set's character
 * set, numbers little endian), {@code String} (text set by code or already decoded; several values
 * joined by backslash), {@link Sequence}, {@link Fragments} (encapsulated pixel data) or
 * {@link BulkData} (a reference to bytes left in their file). Text is decoded only when asked for.
 *
 * <p>Not thread-safe while being changed. {@link #snapshot()} gives a deep, read-only copy that can
 * be shared between threads; {@link #freeze()} makes this one read-only in place.
 */
public final class DataSet {

    private int[] tags;
    private VR[] vrs;
    private Object[] values;
    private int size;
    private DataSet parent;
    private SpecificCharacterSet charset;
    private boolean frozen;

    public DataSet() {
        this(null, 16);
    }

    public DataSet(int initialCapacity) {
        this(null, initialCapacity);
    }

    DataSet(DataSet parent, int initialCapacity) {
        int n = Math.max(initialCapacity, 4);
        this.parent = parent;
        this.tags = new int[n];
        this.vrs = new VR[n];
        this.values = new Object[n];
    }

    // ---- structure

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The data set this one is an item of, or null at the top level. */
    public DataSet parent() {
        return parent;
    }

    void setParent(DataSet parent) {
        this.parent = parent;
        this.charset = null;
    }

    public int tagAt(int index) {
        return tags[index];
    }

    public VR vrAt(int index) {
        return vrs[index];
    }

    public Object valueAt(int index) {
        return values[index];
    }

    /** Index of a tag, or a negative insertion point, in unsigned tag order. */
    public int indexOf(int tag) {
        int lo = 0;
        int hi = size - 1;
        // Most lookups are for tags near the end when reading; check it first.
        if (hi >= 0 && Integer.compareUnsigned(tags[hi], tag) < 0) return -(size + 1);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(tags[mid], tag);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** True when the element is present with a non-empty value. */
    public boolean hasValue(int tag) {
        int i = indexOf(tag);
        if (i < 0) return false;
        Object v = values[i];
        return v instanceof byte[] b ? b.length > 0
                : v instanceof String s ? !s.isEmpty()
                : v instanceof Sequence q ? !q.isEmpty()
                : v != null;
    }

    public VR vr(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /** The value as held (see the class comment), or null when absent. */
    public Object value(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : values[i];
    }

    // ---- character set

    /** The Specific Character Set in force here: this data set's (0008,0005), else its parent's. */
    public SpecificCharacterSet charset() {
        SpecificCharacterSet cs = charset;
        if (cs == null) {
            int i = indexOf(Tag.SpecificCharacterSet);
            if (i >= 0) {
                cs = SpecificCharacterSet.of(getStrings(Tag.SpecificCharacterSet));
            } else {
                cs = parent != null ? parent.charset() : SpecificCharacterSet.DEFAULT;
            }
            charset = cs;
        }
        return cs;
    }

    /**
     * Sets (0008,0005). Text already held as bytes of the old character set is decoded first, so
     * no value changes meaning.
     */
    public void setSpecificCharacterSet(SpecificCharacterSet cs) {
        checkMutable();
        decodeCharsetText(this);
        if (cs.isDefault()) {
            remove(Tag.SpecificCharacterSet);
        } else {
            put(Tag.SpecificCharacterSet, VR.CS, String.join("\\", cs.definedTerms()));
        }
        this.charset = null;
    }

    private static void decodeCharsetText(DataSet ds) {
        for (int i = 0; i < ds.size; i++) {
            if (ds.vrs[i].charsetDependent && ds.values[i] instanceof byte[] b) {
                ds.values[i] = ds.charset().decode(b, 0, b.length);
            } else if (ds.values[i] instanceof Sequence seq) {
                for (DataSet item : seq) {
                    if (!item.contains(Tag.SpecificCharacterSet)) decodeCharsetText(item);
                }
            }
        }
    }

    // ---- strings

    /** The whole text of a value (all values joined by backslash), padding kept; null if absent. */
    public String getText(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : text(i);
    }

    private String text(int i) {
        Object v = values[i];
        VR vr = vrs[i];
        if (v instanceof String s) return s;
        if (v instanceof byte[] b) {
            if (vr.isText()) {
                return vr.charsetDependent ? charset().decode(b, 0, b.length) : new String(b, StandardCharsets.ISO_8859_1);
            }
            if (vr.isBinary()) {
                int n = Values.count(vr, b);
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < n; k++) {
                    if (k > 0) sb.append('\\');
                    if (vr == VR.FL || vr == VR.FD) sb.append(Values.binaryDouble(vr, b, k));
                    else if (vr == VR.AT) sb.append(Tags.toHex((int) Values.binaryLong(vr, b, k)));
                    else if (vr == VR.UV) sb.append(Long.toUnsignedString(Values.binaryLong(vr, b, k)));
                    else sb.append(Values.binaryLong(vr, b, k));
                }
                return sb.toString();
            }
        }
        return null;
    }

    /** The first value without padding, or null when absent or empty. */
    public String getString(int tag) {
        return getString(tag, 0, null);
    }

    public String getString(int tag, String defaultValue) {
        return getString(tag, 0, defaultValue);
    }

    /** Value {@code index} (0-based) without padding, or {@code defaultValue}. */
    public String getString(int tag, int index, String defaultValue) {
        String[] all = getStrings(tag);
        return index < all.length && !all[index].isEmpty() ? all[index] : defaultValue;
    }

    /** All values without padding; an empty array when absent or empty. */
    public String[] getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0) return Values.NO_STRINGS;
        String s = text(i);
        return s == null ? Values.NO_STRINGS : Values.split(vrs[i], s);
    }

    public PersonName getPersonName(int tag) {
        String s = getString(tag);
        return s == null ? null : PersonName.parse(s);
    }

    public LocalDate getDate(int tag) {
        String s = getString(tag);
        return s == null ? null : DateTimes.parseDate(s);
    }

    public LocalTime getTime(int tag) {
        String s = getString(tag);
        return s == null ? null : DateTimes.parseTime(s);
    }

    /**
     * A DT value: an {@link java.time.OffsetDateTime} when it carries an offset (&amp;ZZXX), else a
     * {@link java.time.LocalDateTime}; null when absent.
     */
    public Temporal getDateTime(int tag) {
        String s = getString(tag);
        return s == null ? null : DateTimes.parseDateTime(s);
    }

    /** An AS value ("045Y") as a period, or null. */
    public Period getAge(int tag) {
        String s = getString(tag);
        return s == null ? null : DateTimes.parseAge(s);
    }

    // ---- numbers

    public int getInt(int tag, int defaultValue) {
        int[] v = getInts(tag);
        return v.length > 0 ? v[0] : defaultValue;
    }

    public int[] getInts(int tag) {
        long[] l = getLongs(tag);
        int[] r = new int[l.length];
        for (int k = 0; k < l.length; k++) r[k] = (int) l[k];
        return r;
    }

    public long getLong(int tag, long defaultValue) {
        long[] v = getLongs(tag);
        return v.length > 0 ? v[0] : defaultValue;
    }

    /** Binary values as longs, or text values (IS, DS, ...) parsed; unparsable text raises NumberFormatException. */
    public long[] getLongs(int tag) {
        int i = indexOf(tag);
        if (i < 0) return new long[0];
        VR vr = vrs[i];
        if ((vr.isBinary() || vr == VR.OW || vr == VR.OL || vr == VR.OV || vr == VR.OB) && values[i] instanceof byte[] b) {
            long[] r = new long[b.length / Math.max(1, vr.unitSize)];
            for (int k = 0; k < r.length; k++) r[k] = Values.binaryLong(vr, b, k);
            return r;
        }
        String[] s = getStrings(tag);
        long[] r = new long[s.length];
        for (int k = 0; k < s.length; k++) {
            String t = s[k].trim();
            r[k] = vr == VR.DS ? (long) Double.parseDouble(t) : Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        }
        return r;
    }

    public double getDouble(int tag, double defaultValue) {
        double[] v = getDoubles(tag);
        return v.length > 0 ? v[0] : defaultValue;
    }

    public double[] getDoubles(int tag) {
        int i = indexOf(tag);
        if (i < 0) return new double[0];
        VR vr = vrs[i];
        if (vr.unitSize > 0 && !vr.isText() && values[i] instanceof byte[] b) {
            double[] r = new double[b.length / vr.unitSize];
            for (int k = 0; k < r.length; k++) r[k] = Values.binaryDouble(vr, b, k);
            return r;
        }
        String[] s = getStrings(tag);
        double[] r = new double[s.length];
        for (int k = 0; k < s.length; k++) r[k] = Double.parseDouble(s[k].trim());
        return r;
    }

    // ---- other values

    /**
     * The value's bytes: binary values little endian, text in this data set's character set; null
     * for sequences, fragments, references and absent elements.
     */
    public byte[] getBytes(int tag) {
        int i = indexOf(tag);
        if (i < 0) return null;
        Object v = values[i];
        if (v instanceof byte[] b) return b;
        if (v instanceof String s) return encodeText(vrs[i], s);
        return null;
    }

    byte[] encodeText(VR vr, String s) {
        return vr.charsetDependent ? charset().encode(s, vr == VR.PN) : s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public Sequence getSequence(int tag) {
        return value(tag) instanceof Sequence s ? s : null;
    }

    /** The first item of a sequence, or null. */
    public DataSet getItem(int tag) {
        Sequence s = getSequence(tag);
        return s == null || s.isEmpty() ? null : s.get(0);
    }

    public Fragments getFragments(int tag) {
        return value(tag) instanceof Fragments f ? f : null;
    }

    public BulkData getBulkData(int tag) {
        return value(tag) instanceof BulkData b ? b : null;
    }

    // ---- private elements

    /**
     * The actual tag of a private element in the block reserved by {@code creator}: {@code tag}'s
     * group and low element byte, with the block number found from the creator elements. Returns -1
     * when the creator has no block here.
     */
    public int privateTag(String creator, int tag) {
        int group = tag & 0xFFFF0000;
        for (int e = 0x10; e <= 0xFF; e++) {
            int i = indexOf(group | e);
            if (i >= 0 && creator.equals(getString(group | e))) return group | (e << 8) | (tag & 0xFF);
        }
        return -1;
    }

    /** Like {@link #privateTag} but reserves a new block for the creator when there is none. */
    public int reservePrivateTag(String creator, int tag) {
        int t = privateTag(creator, tag);
        if (t != -1) return t;
        int group = tag & 0xFFFF0000;
        for (int e = 0x10; e <= 0xFF; e++) {
            if (!contains(group | e)) {
                setString(group | e, VR.LO, creator);
                return group | (e << 8) | (tag & 0xFF);
            }
        }
        throw new IllegalStateException("no free private block in group " + Integer.toHexString(tag >>> 16));
    }

    // ---- setters

    /** Sets text values (several are joined by backslash) with the VR of the dictionary. */
    public DataSet setString(int tag, String... values) {
        return setString(tag, ElementDictionary.standard().vrOf(tag), values);
    }

    public DataSet setString(int tag, VR vr, String... values) {
        String joined = values.length == 1 ? Objects.requireNonNull(values[0]) : String.join("\\", values);
        if (vr.isBinary()) {
            return setLongs(tag, vr, parseLongs(vr, values));
        }
        if (tag == Tag.SpecificCharacterSet) charset = null;
        return put(tag, vr, joined);
    }

    private static long[] parseLongs(VR vr, String[] values) {
        long[] l = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            l[i] = vr == VR.AT ? Integer.parseUnsignedInt(values[i].trim(), 16) : Long.parseLong(values[i].trim());
        }
        return l;
    }

    public DataSet setInt(int tag, VR vr, int... values) {
        long[] l = new long[values.length];
        for (int i = 0; i < values.length; i++) l[i] = values[i];
        return setLongs(tag, vr, l);
    }

    public DataSet setLongs(int tag, VR vr, long... values) {
        if (vr.isText()) {
            String[] s = new String[values.length];
            for (int i = 0; i < values.length; i++) s[i] = Long.toString(values[i]);
            return put(tag, vr, String.join("\\", s));
        }
        return put(tag, vr, Values.encodeLongs(vr, values));
    }

    public DataSet setDouble(int tag, VR vr, double... values) {
        if (vr.isText()) {
            String[] s = new String[values.length];
            for (int i = 0; i < values.length; i++) s[i] = DateTimes.formatDecimal(values[i]);
            return put(tag, vr, String.join("\\", s));
        }
        return put(tag, vr, Values.encodeDoubles(vr, values));
    }

    public DataSet setDate(int tag, LocalDate date) {
        return put(tag, VR.DA, DateTimes.formatDate(date));
    }

    public DataSet setTime(int tag, LocalTime time) {
        return put(tag, VR.TM, DateTimes.formatTime(time));
    }

    /** Sets raw value bytes: numbers little endian, text in this data set's character set. */
    public DataSet setBytes(int tag, VR vr, byte[] value) {
        return put(tag, vr, value == null ? Values.EMPTY : value);
    }

    /** Sets an element with an empty value (type 2 attributes). */
    public DataSet setEmpty(int tag, VR vr) {
        return put(tag, vr, vr == VR.SQ ? new Sequence(this, 0) : Values.EMPTY);
    }

    public DataSet setBulkData(int tag, VR vr, BulkData ref) {
        return put(tag, vr, Objects.requireNonNull(ref));
    }

    public DataSet setFragments(int tag, VR vr, Fragments fragments) {
        return put(tag, vr, Objects.requireNonNull(fragments));
    }

    /** Creates (or replaces with) an empty sequence and returns it. */
    public Sequence newSequence(int tag, int initialCapacity) {
        Sequence s = new Sequence(this, initialCapacity);
        put(tag, VR.SQ, s);
        return s;
    }

    /** Sets any value as held (byte[], String, Sequence, Fragments, BulkData); used by decoders. */
    public DataSet put(int tag, VR vr, Object value) {
        checkMutable();
        Objects.requireNonNull(vr, "vr");
        if (value instanceof Sequence s && s.parent() != this) value = s.copy(this);
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
        } else {
            insert(-i - 1, tag, vr, value);
        }
        if (tag == Tag.SpecificCharacterSet) charset = null;
        return this;
    }

    private void insert(int at, int tag, VR vr, Object value) {
        if (size == tags.length) {
            int n = size + (size >> 1) + 4;
            tags = Arrays.copyOf(tags, n);
            vrs = Arrays.copyOf(vrs, n);
            values = Arrays.copyOf(values, n);
        }
        if (at < size) {
            System.arraycopy(tags, at, tags, at + 1, size - at);
            System.arraycopy(vrs, at, vrs, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
        }
        tags[at] = tag;
        vrs[at] = vr;
        values[at] = value;
        size++;
    }

    public boolean remove(int tag) {
        checkMutable();
        int i = indexOf(tag);
        if (i < 0) return false;
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        values[size] = null;
        if (tag == Tag.SpecificCharacterSet) charset = null;
        return true;
    }

    /** Copies every element of {@code other} into this one (deeply), replacing equal tags. */
    public DataSet addAll(DataSet other) {
        for (int i = 0; i < other.size; i++) {
            Object v = other.values[i];
            if (other.vrs[i].charsetDependent && v instanceof byte[] b && !other.charset().equals(charset())) {
                v = other.charset().decode(b, 0, b.length);
            }
            put(other.tags[i], other.vrs[i], copyValue(v, this));
        }
        return this;
    }

    private static Object copyValue(Object v, DataSet newParent) {
        if (v instanceof Sequence s) return s.copy(newParent);
        if (v instanceof Fragments f) return f.copy();
        return v; // byte[] values are never changed in place; String and BulkData are immutable.
    }

    // ---- copies and freezing

    /** A deep copy, changeable, without parent. */
    public DataSet copy() {
        return copy(null);
    }

    DataSet copy(DataSet newParent) {
        DataSet d = new DataSet(newParent, size);
        d.size = size;
        System.arraycopy(tags, 0, d.tags, 0, size);
        System.arraycopy(vrs, 0, d.vrs, 0, size);
        for (int i = 0; i < size; i++) d.values[i] = copyValue(values[i], d);
        // An item copied out of its parent keeps its text readable.
        if (newParent == null && parent != null && !contains(Tag.SpecificCharacterSet) && !parent.charset().isDefault()) {
            d.put(Tag.SpecificCharacterSet, VR.CS, String.join("\\", parent.charset().definedTerms()));
        }
        return d;
    }

    /** A deep, read-only copy: safe to hand to other threads. */
    public DataSet snapshot() {
        return copy().freeze();
    }

    /** Makes this data set and everything in it read-only; returns this. */
    public DataSet freeze() {
        if (!frozen) {
            frozen = true;
            for (int i = 0; i < size; i++) {
                if (values[i] instanceof Sequence s) s.freeze();
                else if (values[i] instanceof Fragments f) f.freeze();
            }
        }
        return this;
    }

    public boolean isFrozen() {
        return frozen;
    }

    private void checkMutable() {
        if (frozen) throw new UnsupportedOperationException("read-only data set");
    }

    // ---- equality

    /**
     * Two data sets are equal when they hold the same tags with the same VRs and values: text compared
     * after decoding and without padding, numbers by value, bulk data by bytes.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof DataSet other) || other.size != size) return false;
        for (int i = 0; i < size; i++) {
            if (tags[i] != other.tags[i] || vrs[i] != other.vrs[i]) return false;
            if (!sameValue(i, other)) return false;
        }
        return true;
    }

    private boolean sameValue(int i, DataSet other) {
        Object a = values[i];
        Object b = other.values[i];
        VR vr = vrs[i];
        if (vr.isText()) {
            return Objects.equals(Values.trim(vr, Objects.toString(text(i), "")),
                    Values.trim(vr, Objects.toString(other.text(i), "")));
        }
        if (a instanceof Sequence || a instanceof Fragments) return a.equals(b);
        if (b instanceof Sequence || b instanceof Fragments) return false;
        return Values.sameBytes(littleEndianOf(vr, a), littleEndianOf(vr, b));
    }

    private static Object littleEndianOf(VR vr, Object v) {
        if (v instanceof BulkData ref && ref.isFile()) {
            try {
                return Values.littleEndian(ref.readAll(), ref, vr.swapUnit());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return v == null ? Values.EMPTY : v;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) h = 31 * h + tags[i];
        return h;
    }

    @Override
    public String toString() {
        return DataSetPrinter.toString(this, 120, 50);
    }
}
