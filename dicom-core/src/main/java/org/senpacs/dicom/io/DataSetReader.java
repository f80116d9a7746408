package org.senpacs.dicom.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.ElementDictionary;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DicomStreamReader.Token;

/**
 * Reads a whole data set (or its head) from a {@link DicomStreamReader} into a {@link DataSet}.
 *
 * <p>Values are kept as read; numbers of big-endian input are turned little endian. Large bulk
 * values are kept inline, referenced in their file, or skipped, as {@link ReadOptions} says.
 */
public final class DataSetReader {

    private final ReadOptions options;
    private final ElementDictionary dictionary = ElementDictionary.standard();

    public DataSetReader(ReadOptions options) {
        this.options = options;
    }

    public DataSetReader() {
        this(ReadOptions.DEFAULT);
    }

    /** Reads a Part 10 file or a bare data set from a file; references point into it. */
    public DicomFile read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            DicomStreamReader r = new DicomStreamReader(in).maxValueLength(options.maxValueLength());
            DataSet ds = read(r, file);
            return new DicomFile(r.fileMetaInformation(), ds, r.transferSyntax());
        }
    }

    /** Reads from a stream; REFERENCE bulk data falls back to INLINE (there is no file to point into). */
    public DicomFile read(InputStream in) throws IOException {
        DicomStreamReader r = new DicomStreamReader(in).maxValueLength(options.maxValueLength());
        DataSet ds = read(r, null);
        return new DicomFile(r.fileMetaInformation(), ds, r.transferSyntax());
    }

    /** Reads a bare data set in a known transfer syntax. */
    public DataSet read(InputStream in, TransferSyntax ts) throws IOException {
        return read(new DicomStreamReader(in, ts).maxValueLength(options.maxValueLength()), null);
    }

    /**
     * Reads the top-level data set from the reader's current position until the end, or until the
     * first top-level tag at or after {@link ReadOptions#stopBefore()} (left unread).
     *
     * @param source the file the input comes from, for bulk data references; null when none
     */
    public DataSet read(DicomStreamReader r, Path source) throws IOException {
        DataSet ds = new DataSet(64);
        boolean canReference = source != null && !r.isDeflated();
        try {
            readItem(r, ds, 0, canReference ? source : null);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DicomParseException("malformed value: " + e.getMessage(), r.position(), r.tag(), e);
        }
        return ds;
    }

    private void readItem(DicomStreamReader r, DataSet ds, int level, Path source) throws IOException {
        long stop = options.stopBefore() & 0xFFFFFFFFL;
        while (true) {
            Token t = r.next();
            switch (t) {
                case END, ITEM_END -> {
                    return;
                }
                case ELEMENT -> {
                    int tag = r.tag();
                    if (level == 0 && (tag & 0xFFFFFFFFL) >= stop) {
                        r.unreadHeader();
                        return;
                    }
                    if (tag == Tags.DataSetTrailingPadding || Tags.isGroupLength(tag)) {
                        r.skipValue(); // group lengths are recomputed on writing; padding is dropped
                        continue;
                    }
                    readElement(r, ds, tag, source);
                }
                case SEQUENCE -> {
                    int tag = r.tag();
                    if (level == 0 && (tag & 0xFFFFFFFFL) >= stop) {
                        r.unreadHeader();
                        return;
                    }
                    Sequence seq = ds.newSequence(tag, 1);
                    readSequence(r, seq, level + 1, source);
                }
                case FRAGMENTS -> {
                    int tag = r.tag();
                    if (level == 0 && (tag & 0xFFFFFFFFL) >= stop) {
                        r.unreadHeader();
                        return;
                    }
                    VR vr = r.vr();
                    Fragments f = readFragments(r, source);
                    if (f != null) ds.setFragments(tag, vr, f);
                }
                default -> throw new DicomParseException("unexpected " + t, r.position(), r.tag());
            }
        }
    }

    private void readSequence(DicomStreamReader r, Sequence seq, int level, Path source) throws IOException {
        while (true) {
            Token t = r.next();
            if (t == Token.SEQUENCE_END) return;
            if (t != Token.ITEM) throw new DicomParseException("unexpected " + t + " in sequence", r.position(), r.tag());
            DataSet item = seq.addItem();
            readItem(r, item, level, source);
        }
    }

    private Fragments readFragments(DicomStreamReader r, Path source) throws IOException {
        Fragments f = new Fragments();
        boolean first = true;
        boolean skip = options.bulkData() == ReadOptions.BulkDataPolicy.SKIP;
        while (true) {
            Token t = r.next();
            if (t == Token.FRAGMENTS_END) return skip ? null : f;
            if (t != Token.FRAGMENT) throw new DicomParseException("unexpected " + t + " in pixel data", r.position(), r.tag());
            if (first) {
                f.setOffsetTable(r.readValue());
                first = false;
            } else if (skip) {
                r.skipValue();
            } else if (source != null && options.bulkData() == ReadOptions.BulkDataPolicy.REFERENCE) {
                f.add(BulkData.ofFile(source, r.valuePosition(), r.length(), false));
                r.skipValue();
            } else {
                f.add(r.readValue());
            }
        }
    }

    private void readElement(DicomStreamReader r, DataSet ds, int tag, Path source) throws IOException {
        VR vr = r.vr();
        long length = r.length();
        if (vr.isBulk() && length >= options.bulkDataThreshold()) {
            switch (options.bulkData()) {
                case SKIP -> {
                    r.skipValue();
                    return;
                }
                case REFERENCE -> {
                    if (source != null) {
                        ds.setBulkData(tag, vr, BulkData.ofFile(source, r.valuePosition(), length, r.bigEndian()));
                        r.skipValue();
                        return;
                    }
                }
                case INLINE -> { }
            }
        }
        byte[] value = r.readValue();
        if (r.bigEndian() && vr.needsByteSwap()) swap(value, vr.swapUnit());
        if (vr == VR.US && !r.transferSyntax().explicitVR() && value.length >= 2 && isUsOrSs(tag) && pixelRepresentation(ds) == 1) vr = VR.SS;
        ds.put(tag, vr, value);
    }

    private boolean isUsOrSs(int tag) {
        ElementDictionary.Entry e = dictionary.entry(tag);
        return e != null && e.vrText().startsWith("US or SS");
    }

    private static int pixelRepresentation(DataSet ds) {
        for (DataSet d = ds; d != null; d = d.parent()) {
            if (d.contains(Tag.PixelRepresentation)) return d.getInt(Tag.PixelRepresentation, 0);
        }
        return 0;
    }

    private static void swap(byte[] b, int unit) {
        int end = b.length - b.length % unit;
        for (int i = 0; i < end; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte x = b[lo];
                b[lo] = b[hi];
                b[hi] = x;
            }
        }
    }
}
