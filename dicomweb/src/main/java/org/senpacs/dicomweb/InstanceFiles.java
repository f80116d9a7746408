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

    /**
     * The data set of an instance up to Pixel Data; Pixel Data, when there, as a reference that
     * the JSON writer turns into a BulkDataURI.
     */
    DataSet header(Item item) throws IOException {
        try (InputStream in = new BufferedInputStream(archive.retrieve().openFile(item), 64 * 1024)) {
            DicomStreamReader r = new DicomStreamReader(in).maxValueLength(HEADER.maxValueLength());
            DataSet ds = new DataSetReader(HEADER).read(r, null);
            Token t = r.next();
            if ((t == Token.ELEMENT || t == Token.FRAGMENTS) && r.tag() == Tag.PixelData) {
                long length = t == Token.ELEMENT ? r.length() : -1;
                ds.setBulkData(Tag.PixelData, r.vr(), new BulkData("urn:sen:pixeldata", 0, length, false));
            }
            return ds;
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
