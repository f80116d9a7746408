package org.senpacs.dicomweb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.senpacs.archive.Archive;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.io.DicomStreamReader;
import org.senpacs.dicom.io.DicomStreamReader.Token;
import org.senpacs.dicom.io.ReadOptions;

/**
 * Reads stored Part 10 files for WADO: headers (stopping before Pixel Data), the place of a
 * top-level value (Pixel Data, frames), and conversion between uncompressed transfer syntaxes.
 */
final class InstanceFiles {

    /** Headers: stop before Pixel Data, values held (capped: a lying length fails, never allocates). */
    private static final ReadOptions HEADER = ReadOptions.DEFAULT.withStopBefore(Tag.PixelData).withMaxValueLength(64L << 20);

    /** Where a top-level value lies in a stored file. */
    record Value(int tag, VR vr, long offset, long length, boolean encapsulated, TransferSyntax ts, boolean deflated) {}

    private final Archive archive;
    private final long maxTranscodeSize;

    InstanceFiles(Archive archive, long maxTranscodeSize) {
        this.archive = archive;
        this.maxTranscodeSize = maxTranscodeSize;
    }

    /** The header of an instance and the place of its Pixel Data (null when it has none). */
    record Image(DataSet header, Value pixelData) {}

    /**
     * The data set of an instance up to Pixel Data; Pixel Data, when there, as a reference that
     * the JSON writer turns into a BulkDataURI.
     */
    DataSet header(Item item) throws IOException {
        return image(item).header();
    }

    /** The header of an instance (as {@link #header}) and where its Pixel Data lies, in one read. */
    Image image(Item item) throws IOException {
        try (InputStream in = new BufferedInputStream(archive.retrieve().openFile(item), 64 * 1024)) {
            DicomStreamReader r = new DicomStreamReader(in).maxValueLength(HEADER.maxValueLength());
            DataSet ds = new DataSetReader(HEADER).read(r, null);
            Token t = r.next();
            Value px = null;
            if ((t == Token.ELEMENT || t == Token.FRAGMENTS) && r.tag() == Tag.PixelData) {
                long length = t == Token.ELEMENT ? r.length() : -1;
                ds.setBulkData(Tag.PixelData, r.vr(), new BulkData("urn:sen:pixeldata", 0, length, false));
                px = new Value(Tag.PixelData, r.vr(), r.valuePosition(), length, t != Token.ELEMENT, r.transferSyntax(),
                        r.isDeflated());
            }
            return new Image(ds, px);
        }
    }

    /** The place of a top-level value, or null when the instance has none. */
    Value locate(Item item, int tag) throws IOException {
        try (InputStream in = new BufferedInputStream(archive.retrieve().openFile(item), 64 * 1024)) {
            DicomStreamReader r = new DicomStreamReader(in);
            while (true) {
                Token t = r.next();
                switch (t) {
                    case END -> {
                        return null;
                    }
                    case ELEMENT, FRAGMENTS, SEQUENCE -> {
                        if (r.depth() <= (t == Token.ELEMENT ? 0 : 1) && r.tag() == tag) {
                            return new Value(tag, r.vr(), r.valuePosition(), t == Token.ELEMENT ? r.length() : -1,
                                    t != Token.ELEMENT, r.transferSyntax(), r.isDeflated());
                        }
                        if (t == Token.ELEMENT) r.skipValue();
                        else r.skipToEndOf(r.depth());
                    }
                    default -> r.skipValue();
                }
            }
        }
    }

    /** One item of encapsulated Pixel Data: where its bytes lie in the stored file. */
    record Fragment(long offset, long length) {}

    /** Encapsulated Pixel Data: the Basic Offset Table's bytes and the fragments after it. */
    record Encapsulated(byte[] offsetTable, java.util.List<Fragment> fragments) {}

    /** The fragments of encapsulated Pixel Data, or null when the Pixel Data is native or absent. */
    Encapsulated fragments(Item item) throws IOException {
        try (InputStream in = new BufferedInputStream(archive.retrieve().openFile(item), 64 * 1024)) {
            DicomStreamReader r = new DicomStreamReader(in).maxValueLength(16L << 20);
            while (true) {
                Token t = r.next();
                if (t == Token.END) return null;
                if (r.depth() <= (t == Token.ELEMENT ? 0 : 1) && r.tag() == Tag.PixelData) {
                    return t == Token.FRAGMENTS ? readFragments(r) : null;
                }
                if (t == Token.SEQUENCE || t == Token.FRAGMENTS) r.skipToEndOf(r.depth());
            }
        }
    }

    private static Encapsulated readFragments(DicomStreamReader r) throws IOException {
        byte[] table = null;
        java.util.List<Fragment> out = new java.util.ArrayList<>();
        for (Token t = r.next(); t != Token.FRAGMENTS_END; t = r.next()) {
            if (t != Token.FRAGMENT) throw new IOException("unexpected " + t + " in encapsulated pixel data");
            if (table == null) {
                table = r.readValue();
            } else {
                out.add(new Fragment(r.valuePosition(), r.length()));
                r.skipValue();
            }
        }
        return new Encapsulated(table == null ? new byte[0] : table, out);
    }

    /**
     * The bytes of one frame of native Pixel Data, {@code length} bytes from {@code offset} within
     * the value (through the parser when the file is deflated).
     */
    byte[] nativeFrame(Item item, Value px, long offset, int length) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length);
        if (!px.deflated()) {
            copyRange(item, px.offset() + offset, length, out);
        } else {
            copyValue(item, px.tag(), new RangeOutput(out, offset, length));
        }
        if (out.size() != length) throw new IOException("the pixel data is shorter than its attributes say");
        return out.toByteArray();
    }

    /** Keeps {@code length} bytes from {@code offset} of what is written, dropping the rest. */
    private static final class RangeOutput extends OutputStream {
        private final OutputStream out;
        private final long from;
        private final long to;
        private long at;

        RangeOutput(OutputStream out, long from, long length) {
            this.out = out;
            this.from = from;
            this.to = from + length;
        }

        @Override
        public void write(int b) throws IOException {
            if (at >= from && at < to) out.write(b);
            at++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long start = Math.max(at, from);
            long end = Math.min(at + len, to);
            if (start < end) out.write(b, off + (int) (start - at), (int) (end - start));
            at += len;
        }
    }

    /** Copies {@code length} bytes of a stored object from {@code offset}. */
    void copyRange(Item item, long offset, long length, OutputStream out) throws IOException {
        try (InputStream in = archive.storage().open(item.storageKey(), offset, length)) {
            in.transferTo(out);
        }
    }

    /** Copies a top-level value that is not encapsulated, through the parser (works for deflated files too). */
    void copyValue(Item item, int tag, OutputStream out) throws IOException {
        try (InputStream in = new BufferedInputStream(archive.retrieve().openFile(item), 64 * 1024)) {
            DicomStreamReader r = new DicomStreamReader(in);
            while (true) {
                Token t = r.next();
                if (t == Token.END) throw new IOException("value " + Integer.toHexString(tag) + " vanished");
                if (t == Token.ELEMENT && r.depth() == 0 && r.tag() == tag) {
                    r.copyValue(out);
                    return;
                }
                if (t == Token.ELEMENT) r.skipValue();
                else if (t == Token.SEQUENCE || t == Token.FRAGMENTS) r.skipToEndOf(r.depth());
            }
        }
    }

    /** True when the stored syntax can be converted to {@code target} (both uncompressed). */
    static boolean convertible(String stored, String target) {
        if (stored.equals(target)) return true;
        return TransferSyntax.isKnown(stored) && TransferSyntax.isKnown(target)
                && TransferSyntax.of(stored).isNative() && TransferSyntax.of(target).isNative();
    }

    /** Writes the instance as a Part 10 file in another uncompressed transfer syntax (held in memory, capped). */
    void writeConverted(Item item, String target, OutputStream out) throws IOException {
        if (item.size() > maxTranscodeSize) {
            throw new IOException("instance of " + item.size() + " bytes too large to convert");
        }
        DicomFile f;
        try (InputStream in = new BufferedInputStream(archive.retrieve().openFile(item), 64 * 1024)) {
            f = new DataSetReader(ReadOptions.DEFAULT.withMaxValueLength(maxTranscodeSize)).read(in);
        }
        DataSet meta = f.fileMetaInformation() != null ? f.fileMetaInformation().copy()
                : DataSetWriter.fileMetaInformation(f.dataSet(), target);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, target);
        new DataSetWriter().writeFile(out, meta, f.dataSet());
    }
}
