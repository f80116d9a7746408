package org.senpacs.dicom.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.ElementDictionary;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.VR;

/**
 * A pull reader of DICOM tokens: element headers, sequence and item boundaries, and fragments of
 * encapsulated pixel data. Values are read, skipped or copied on demand, so a caller never holds
 * more than it asks for.
 *
 * <p>It reads Part 10 files (preamble and File Meta Information) and bare data sets, guessing the
 * transfer syntax of the latter. Defined and undefined lengths are handled at every level; a UN
 * element of undefined length, or whose dictionary VR is SQ, is read as a sequence in Implicit VR
 * Little Endian (PS3.5 §6.2.2). Every length is checked against its enclosing item and against
 * {@link #maxValueLength}; memory is allocated as bytes arrive, never up front from a length field.
 */
public final class DicomStreamReader implements Closeable {

    /** What {@link #next()} found. */
    public enum Token {
        /** An element with a value: read it with {@link #readValue()}, or skip or copy it. */
        ELEMENT,
        /** The start of a sequence; ITEM tokens follow, then SEQUENCE_END. */
        SEQUENCE,
        ITEM,
        ITEM_END,
        SEQUENCE_END,
        /** The start of encapsulated pixel data; FRAGMENT tokens follow (the first is the offset table), then FRAGMENTS_END. */
        FRAGMENTS,
        /** One item of encapsulated pixel data: its bytes are the value. */
        FRAGMENT,
        FRAGMENTS_END,
        /** The end of the input. */
        END
    }

    public static final int MAX_DEPTH = 64;
    private static final int UNDEFINED = -1;
    private static final byte[] DICM = {'D', 'I', 'C', 'M'};

    private enum FrameKind { SEQUENCE, ITEM, FRAGMENTS }

    private record Frame(FrameKind kind, long end, boolean explicitVR, boolean bigEndian, int tag) {}

    private InputStream in;
    private byte[] buf;
    private int pos;
    private int lim;
    /** Stream offset of buf[0]. */
    private long bufStart;

    private final Frame[] stack = new Frame[MAX_DEPTH + 2];
    private int depth;

    private TransferSyntax transferSyntax;
    private boolean explicitVR;
    private boolean bigEndian;
    private boolean deflated;
    private boolean hasPreamble;
    private DataSet fileMeta;
    private long dataSetOffset;

    private Token token;
    private int headerLength;
    private int tag = -1;
    private VR vr;
    private long length;
    private long valuePosition;
    private boolean valuePending;
    private long maxValueLength = 1L << 30;
    private final ElementDictionary dictionary = ElementDictionary.standard();

    /** Reads a Part 10 file or a bare data set, finding the transfer syntax from the meta information or by guessing. */
    public DicomStreamReader(InputStream in) throws IOException {
        this.in = in;
        this.buf = new byte[bufferSize(in)];
        detect(null);
    }

    /** 64 KB, or less for a small in-memory input (a DIMSE command set is a few hundred bytes). */
    private static int bufferSize(InputStream in) {
        if (in instanceof ByteArrayInputStream b) return Math.clamp(b.available() + 16L, 256, 64 * 1024);
        return 64 * 1024;
    }

    /** Reads a bare data set in a known transfer syntax (as received over the network). */
    public DicomStreamReader(InputStream in, TransferSyntax ts) throws IOException {
        this(in, ts, bufferSize(in));
    }

    /**
     * Reads a bare data set in a known transfer syntax with a read buffer of {@code bufferSize}
     * bytes: smaller than the default 64 KB for a reader that parses only a header and leaves the
     * bulk of the stream to its caller (an archive storing an object as it arrives).
     */
    public DicomStreamReader(InputStream in, TransferSyntax ts, int bufferSize) throws IOException {
        if (bufferSize < 256) throw new IllegalArgumentException("buffer of " + bufferSize + " bytes: at least 256");
        this.in = in;
        this.buf = new byte[bufferSize];
        detect(ts);
    }

    /** Caps the length of a value that {@link #readValue()} will hold in memory (default 1 GiB). */
    public DicomStreamReader maxValueLength(long max) {
        this.maxValueLength = max;
        return this;
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** The File Meta Information group, or null when the input is a bare data set. */
    public DataSet fileMetaInformation() {
        return fileMeta;
    }

    /** Offset in the source of the data set's first byte (after the File Meta Information). */
    public long dataSetOffset() {
        return dataSetOffset;
    }

    public boolean hasPreamble() {
        return hasPreamble;
    }

    /** True when positions are not offsets in the source (the data set is deflated). */
    public boolean isDeflated() {
        return deflated;
    }

    // ---- detection

    private void detect(TransferSyntax given) throws IOException {
        if (given != null) {
            setTransferSyntax(given);
            return;
        }
        fill(132);
        if (lim >= 132 && Arrays.equals(buf, 128, 132, DICM, 0, 4)) {
            hasPreamble = true;
            pos = 132;
        } else if (lim >= 4 && Arrays.equals(buf, 0, 4, DICM, 0, 4)) {
            pos = 4; // "DICM" with no preamble: seen from some old writers
        }
        fill(pos + 8);
        if (lim - pos >= 6 && buf[pos] == 2 && buf[pos + 1] == 0 && VR.ofCode(u8(pos + 4) << 8 | u8(pos + 5)) != null) {
            readFileMeta();
            return;
        }
        if (hasPreamble) throw new DicomParseException("Part 10 file without File Meta Information", position(), -1);
        setTransferSyntax(guess());
    }

    private TransferSyntax guess() throws DicomParseException {
        if (lim - pos < 8) {
            if (lim == pos) return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN; // empty data set
            throw new DicomParseException("not DICOM: too short", position(), -1);
        }
        int groupLE = u8(pos) | u8(pos + 1) << 8;
        int groupBE = u8(pos) << 8 | u8(pos + 1);
        boolean vrBytes = VR.ofCode(u8(pos + 4) << 8 | u8(pos + 5)) != null;
        // A data set starts with a low group (0008 mostly): the byte order that gives one wins.
        if (groupLE != 0 && groupLE <= 0x00FF) {
            return vrBytes ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        if (groupBE != 0 && groupBE <= 0x00FF && vrBytes) return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        if (groupLE != 0 && groupLE < 0x7FE0) {
            return vrBytes ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        throw new DicomParseException("not DICOM: no plausible first element", position(), -1);
    }

    private void readFileMeta() throws IOException {
        explicitVR = true;
        bigEndian = false;
        fileMeta = new DataSet(8);
        while (true) {
            fill(pos + 6);
            if (lim - pos < 6 || u8(pos) != 2 || u8(pos + 1) != 0) break;
            Token t = next();
            if (t != Token.ELEMENT) throw new DicomParseException("unexpected " + t + " in File Meta Information", position(), tag);
            if (length > 1 << 16) throw new DicomParseException("File Meta Information value too long", position(), tag);
            fileMeta.put(tag, vr, readValue());
        }
        String tsuid = fileMeta.getString(Tag.TransferSyntaxUID);
        if (tsuid == null) throw new DicomParseException("File Meta Information without Transfer Syntax UID", position(), -1);
        setTransferSyntax(TransferSyntax.of(tsuid));
    }

    private void setTransferSyntax(TransferSyntax ts) {
        this.dataSetOffset = bufStart + pos;
        this.transferSyntax = ts;
        this.explicitVR = ts.explicitVR();
        this.bigEndian = ts.bigEndian();
        if (ts.deflated()) {
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buf, pos, lim - pos), in);
            in = new Inflating(rest);
            bufStart += pos;
            buf = new byte[buf.length];
            pos = 0;
            lim = 0;
            deflated = true;
        }
    }

    /** Inflates the data set; broken deflate data is a parse error at the inflated offset. */
    private final class Inflating extends InflaterInputStream {
        Inflating(InputStream in) {
            super(in, new Inflater(true), 16 * 1024);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (java.util.zip.ZipException | EOFException e) {
                throw new DicomParseException("corrupt deflated data: " + e.getMessage(), position(), -1, e);
            }
        }

        @Override
        public void close() throws IOException {
            super.close();
            inf.end();
        }
    }

    // ---- tokens

    /** Moves to the next token; an unread value of the current element is skipped. */
    public Token next() throws IOException {
        if (valuePending) skipValue();
        Frame top = depth > 0 ? stack[depth - 1] : null;
        if (top != null && top.end != UNDEFINED && position() >= top.end) {
            if (position() > top.end) throw error("element runs past the end of its " + top.kind, top.tag);
            depth--;
            return token = top.kind == FrameKind.ITEM ? Token.ITEM_END : Token.SEQUENCE_END;
        }
        boolean ex = top == null ? explicitVR : top.explicitVR;
        boolean be = top == null ? bigEndian : top.bigEndian;
        fill(pos + 8);
        if (lim - pos < 8) {
            if (lim == pos && top == null) return token = Token.END;
            if (top == null && allZero()) return token = Token.END; // trailing zero padding
            throw error(lim == pos ? "unexpected end of input" : "truncated element header", -1);
        }
        int t = be ? (u16be(pos) << 16 | u16be(pos + 2)) : (u16le(pos) << 16 | u16le(pos + 2));
        if (t == Tags.Item || t == Tags.ItemDelimitationItem || t == Tags.SequenceDelimitationItem) {
            int len = be ? i32be(pos + 4) : i32le(pos + 4);
            pos += 8;
            return itemToken(t, len, top);
        }
        tag = t;
        if (top != null && top.kind != FrameKind.ITEM) {
            throw error("expected an item in " + Tags.toString(top.tag) + ", found element", t);
        }
        if (top == null && t == 0 && allZero()) return token = Token.END; // trailing zero padding
        long len;
        if (ex) {
            int code = u8(pos + 4) << 8 | u8(pos + 5);
            VR v = VR.ofCode(code);
            if (v == null) {
                // Some writers put implicit-VR elements in explicit streams; and "  " is seen for UN.
                if (code == 0x2020 || code == 0) v = VR.UN;
                else throw error("invalid VR bytes 0x" + Integer.toHexString(code), t);
            }
            vr = v;
            if (v.longHeader) {
                fill(pos + 12);
                if (lim - pos < 12) throw error("truncated element header", t);
                len = be ? i32be(pos + 8) : i32le(pos + 8);
                pos += 12;
                headerLength = 12;
            } else {
                len = be ? u16be(pos + 6) : u16le(pos + 6);
                pos += 8;
                headerLength = 8;
            }
        } else {
            vr = implicitVR(t);
            len = i32le(pos + 4);
            pos += 8;
            headerLength = 8;
        }
        length = len == 0xFFFFFFFFL || len == -1 ? UNDEFINED : len & 0xFFFFFFFFL;
        valuePosition = position();
        if (length == UNDEFINED) {
            if (vr == VR.SQ) return push(FrameKind.SEQUENCE, UNDEFINED, ex, be, Token.SEQUENCE);
            if (vr == VR.UN) {
                vr = VR.SQ;
                return push(FrameKind.SEQUENCE, UNDEFINED, false, false, Token.SEQUENCE);
            }
            if (vr == VR.OB || vr == VR.OW) return push(FrameKind.FRAGMENTS, UNDEFINED, ex, be, Token.FRAGMENTS);
            throw error("undefined length for VR " + vr, t);
        }
        checkFits(length, top, t);
        if (vr == VR.SQ) return push(FrameKind.SEQUENCE, valuePosition + length, ex, be, Token.SEQUENCE);
        if (vr == VR.UN && dictionary.vrOf(t) == VR.SQ) {
            vr = VR.SQ;
            return push(FrameKind.SEQUENCE, valuePosition + length, false, false, Token.SEQUENCE);
        }
        valuePending = true;
        return token = Token.ELEMENT;
    }

    private Token itemToken(int t, int len, Frame top) throws IOException {
        tag = t;
        vr = null;
        if (t == Tags.Item) {
            if (top == null || top.kind == FrameKind.ITEM) throw error("item outside a sequence", t);
            if (top.kind == FrameKind.FRAGMENTS) {
                if (len == -1) throw error("fragment of undefined length", t);
                length = len & 0xFFFFFFFFL;
                valuePosition = position();
                vr = VR.OB;
                checkFits(length, top, t);
                valuePending = true;
                return token = Token.FRAGMENT;
            }
            length = len == -1 ? UNDEFINED : len & 0xFFFFFFFFL;
            valuePosition = position();
            if (length != UNDEFINED) checkFits(length, top, t);
            return push(FrameKind.ITEM, length == UNDEFINED ? UNDEFINED : position() + length, top.explicitVR,
                    top.bigEndian, Token.ITEM);
        }
        if (t == Tags.ItemDelimitationItem) {
            if (top == null || top.kind != FrameKind.ITEM || top.end != UNDEFINED) {
                throw error("item delimitation outside an item of undefined length", t);
            }
            depth--;
            return token = Token.ITEM_END;
        }
        // Sequence Delimitation Item
        if (top == null) {
            throw error("sequence delimitation outside a sequence", t);
        }
        if (top.kind == FrameKind.ITEM || top.end != UNDEFINED) {
            throw error("sequence delimitation inside a " + top.kind.name().toLowerCase() + " of defined length", t);
        }
        depth--;
        return token = top.kind == FrameKind.FRAGMENTS ? Token.FRAGMENTS_END : Token.SEQUENCE_END;
    }

    private Token push(FrameKind kind, long end, boolean ex, boolean be, Token t) throws DicomParseException {
        if (depth >= MAX_DEPTH) throw error("sequences nested deeper than " + MAX_DEPTH, tag);
        stack[depth++] = new Frame(kind, end, ex, be, tag);
        return token = t;
    }

    private void checkFits(long len, Frame top, int t) throws DicomParseException {
        if (top != null && top.end != UNDEFINED && position() + len > top.end) {
            throw error("value length " + len + " runs past the end of its " + top.kind.name().toLowerCase(), t);
        }
    }

    private VR implicitVR(int t) {
        ElementDictionary.Entry e = dictionary.entry(t);
        if (e == null || e.vr() == null) return VR.UN;
        if (e.ambiguousVR() && e.vrText().contains("OW")) {
            return e.vrText().startsWith("US or OW") ? VR.US : VR.OW;
        }
        return e.vr();
    }

    private boolean allZero() throws IOException {
        // Trailing padding of zeros after the last element, seen from some devices and media.
        fill(pos + 8);
        for (int i = pos; i < lim; i++) {
            if (buf[i] != 0) return false;
        }
        return true;
    }

    // ---- the current token

    public Token token() {
        return token;
    }

    public int tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    /** The value length, or -1 when undefined. */
    public long length() {
        return length;
    }

    /** Offset of the current value in the input (see {@link #isDeflated()}). */
    public long valuePosition() {
        return valuePosition;
    }

    /** Byte order of the current element's value. */
    public boolean bigEndian() {
        return depth > 0 ? stack[depth - 1].bigEndian : bigEndian;
    }

    /** How many sequences, items and fragment lists enclose the current token. */
    public int depth() {
        return depth;
    }

    /** Offset of the next byte to read. */
    public long position() {
        return bufStart + pos;
    }

    /** The current value's bytes as stored (in the stream's byte order). */
    public byte[] readValue() throws IOException {
        if (!valuePending) throw new IllegalStateException("no value to read");
        if (length > maxValueLength || length > Integer.MAX_VALUE - 16) {
            throw error("value of " + length + " bytes exceeds the limit of " + maxValueLength, tag);
        }
        valuePending = false;
        int n = (int) length;
        if (n <= lim - pos) {
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }
        // Grow as bytes arrive: a lying length on a short stream ends in EOF, not a huge allocation.
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, 1 << 20));
        copy(out, n);
        return out.toByteArray();
    }

    public void skipValue() throws IOException {
        if (!valuePending) return;
        valuePending = false;
        long n = length;
        int inBuf = (int) Math.min(n, lim - pos);
        pos += inBuf;
        n -= inBuf;
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw error("unexpected end of input in value", tag);
                s = 1;
            }
            n -= s;
            bufStart += s;
        }
    }

    /** Copies the current value to {@code out} without holding it. */
    public void copyValue(OutputStream out) throws IOException {
        if (!valuePending) throw new IllegalStateException("no value to copy");
        valuePending = false;
        copy(out, length);
    }

    private void copy(OutputStream out, long n) throws IOException {
        while (n > 0) {
            if (pos == lim) {
                bufStart += lim;
                pos = 0;
                lim = 0;
                int r = in.read(buf, 0, buf.length);
                if (r <= 0) throw error("unexpected end of input in value", tag);
                lim = r;
            }
            int k = (int) Math.min(n, lim - pos);
            out.write(buf, pos, k);
            pos += k;
            n -= k;
        }
    }

    // ---- buffer

    /** Ensures buf holds bytes up to index {@code need} when the input has them. */
    private void fill(int need) throws IOException {
        if (need <= lim) return;
        if (need > buf.length) {
            need -= pos;
            compact();
        }
        while (lim < need) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) return;
            lim += r;
        }
    }

    private void compact() {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        bufStart += pos;
        lim -= pos;
        pos = 0;
    }

    private int u8(int i) {
        return buf[i] & 0xFF;
    }

    private int u16le(int i) {
        return u8(i) | u8(i + 1) << 8;
    }

    private int u16be(int i) {
        return u8(i) << 8 | u8(i + 1);
    }

    private int i32le(int i) {
        return u16le(i) | u16le(i + 2) << 16;
    }

    private int i32be(int i) {
        return u16be(i) << 16 | u16be(i + 2);
    }

    private DicomParseException error(String message, int t) {
        return new DicomParseException(message, position(), t);
    }

    /** Stops reading; the current value, if any, is not consumed. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Steps back over the header just read by {@link #next()} (an ELEMENT, SEQUENCE or FRAGMENTS
     * token at the top level), so that the input is left at the element's first byte.
     */
    public void unreadHeader() {
        if (token == Token.SEQUENCE || token == Token.FRAGMENTS) depth--;
        valuePending = false;
        pos -= headerLength;
        headerLength = 0;
        token = null;
    }

    /** Skips to the end of the current sequence, item or fragment list (after its start token). */
    public void skipToEndOf(int levelDepth) throws IOException {
        while (depth >= levelDepth) {
            if (next() == Token.END) throw new EOFException("unexpected end of input");
        }
    }
}
