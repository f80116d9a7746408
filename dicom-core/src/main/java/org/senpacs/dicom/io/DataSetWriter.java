package org.senpacs.dicom.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Implementation;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.VR;

/**
 * Writes data sets: bare, or as Part 10 files with preamble and File Meta Information, in any
 * uncompressed transfer syntax or Deflate, and encapsulated pixel data as fragments. Bulk data
 * references are streamed from their source, never loaded whole.
 */
public final class DataSetWriter {

    /**
     * @param definedLengths write sequences and items with defined lengths (computed) instead of
     *     delimitation items
     */
    public record WriteOptions(boolean definedLengths) {
        public static final WriteOptions DEFAULT = new WriteOptions(false);
    }

    private final WriteOptions options;

    public DataSetWriter(WriteOptions options) {
        this.options = options;
    }

    public DataSetWriter() {
        this(WriteOptions.DEFAULT);
    }

    /** File Meta Information for a data set: SOP class and instance from it, our implementation identity. */
    public static DataSet fileMetaInformation(DataSet ds, String transferSyntaxUid) {
        return fileMetaInformation(ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID), transferSyntaxUid);
    }

    public static DataSet fileMetaInformation(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        DataSet meta = new DataSet(8);
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid == null ? "" : sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid == null ? "" : sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntaxUid);
        meta.setString(Tag.ImplementationClassUID, VR.UI, Implementation.CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, Implementation.VERSION_NAME);
        return meta;
    }

    /**
     * Writes a Part 10 file atomically: to a temporary file beside it, then renamed over the target.
     * The transfer syntax is the meta information's (0002,0010).
     */
    public void writeFile(Path file, DataSet fileMeta, DataSet ds) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                writeFile(out, fileMeta, ds);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes preamble, "DICM", the meta group (with its group length) and the data set. */
    public void writeFile(OutputStream out, DataSet fileMeta, DataSet ds) throws IOException {
        out.write(new byte[128]);
        out.write(new byte[] {'D', 'I', 'C', 'M'});
        writeFileMetaInformation(out, fileMeta);
        writeDataSet(out, ds, TransferSyntax.of(fileMeta.getString(Tag.TransferSyntaxUID)));
    }

    /** The meta group in Explicit VR Little Endian, (0002,0000) first. */
    public void writeFileMetaInformation(OutputStream out, DataSet fileMeta) throws IOException {
        ByteArrayOutputStream group = new ByteArrayOutputStream(256);
        Encoder enc = new Encoder(group, true, false, options);
        for (int i = 0; i < fileMeta.size(); i++) {
            int tag = fileMeta.tagAt(i);
            if (Tags.group(tag) != 2 || tag == Tag.FileMetaInformationGroupLength) continue;
            enc.element(fileMeta, i);
        }
        enc.flush();
        Encoder head = new Encoder(out, true, false, options);
        head.header(Tag.FileMetaInformationGroupLength, VR.UL, 4);
        head.int32(group.size());
        head.flush();
        group.writeTo(out);
    }

    /** Writes a bare data set (no meta group; group 0002 elements are left out). */
    public void writeDataSet(OutputStream out, DataSet ds, TransferSyntax ts) throws IOException {
        if (!(out instanceof BufferedOutputStream || out instanceof ByteArrayOutputStream)) {
            out = new BufferedOutputStream(out, 64 * 1024);
        }
        if (ts.deflated()) {
            DeflaterOutputStream dout = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), 16 * 1024);
            Encoder enc = new Encoder(dout, ts.explicitVR(), ts.bigEndian(), options);
            enc.items(ds, true);
            enc.flush();
            dout.finish();
        } else {
            Encoder enc = new Encoder(out, ts.explicitVR(), ts.bigEndian(), options);
            enc.items(ds, true);
            enc.flush();
        }
    }

    /** Writes a DIMSE command set: Implicit VR Little Endian with (0000,0000) Command Group Length first. */
    public static void writeCommand(OutputStream out, DataSet command) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(128);
        Encoder enc = new Encoder(body, false, false, WriteOptions.DEFAULT);
        for (int i = 0; i < command.size(); i++) {
            if (command.tagAt(i) != Tag.CommandGroupLength) enc.element(command, i);
        }
        enc.flush();
        Encoder head = new Encoder(out, false, false, WriteOptions.DEFAULT);
        head.header(Tag.CommandGroupLength, VR.UL, 4);
        head.int32(body.size());
        head.flush();
        body.writeTo(out);
    }

    private static final class Encoder {
        private final OutputStream out;
        private final boolean explicit;
        private final boolean bigEndian;
        private final boolean defined;
        private final WriteOptions options;
        private final byte[] h = new byte[12];

        Encoder(OutputStream out, boolean explicit, boolean bigEndian, WriteOptions options) {
            this.out = out;
            this.explicit = explicit;
            this.bigEndian = bigEndian;
            this.defined = options.definedLengths();
            this.options = options;
        }

        void flush() throws IOException {
            out.flush();
        }

        void items(DataSet ds, boolean topLevel) throws IOException {
            for (int i = 0; i < ds.size(); i++) {
                int tag = ds.tagAt(i);
                if (topLevel && Tags.group(tag) == 2) continue;
                if (Tags.isGroupLength(tag)) continue;
                element(ds, i);
            }
        }

        void element(DataSet ds, int i) throws IOException {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Object v = ds.valueAt(i);
            if (v instanceof Sequence seq) {
                sequence(tag, vr, seq);
            } else if (v instanceof Fragments f) {
                fragments(tag, vr, f);
            } else if (v instanceof BulkData ref) {
                bulk(tag, vr, ref);
            } else {
                byte[] b = ds.getBytes(tag);
                if (b == null) b = new byte[0];
                int len = b.length + (b.length & 1);
                if (explicit && !vr.longHeader && len > 0xFFFF) {
                    throw new IOException("value of " + Tags.toString(tag) + " (" + len + " bytes) too long for VR " + vr);
                }
                header(tag, vr, len);
                if (bigEndian && vr.needsByteSwap() && b.length > 0) {
                    b = b.clone();
                    swap(b, vr.swapUnit());
                }
                out.write(b);
                if ((b.length & 1) != 0) out.write(vr.padding);
            }
        }

        private void sequence(int tag, VR vr, Sequence seq) throws IOException {
            if (!defined) {
                header(tag, VR.SQ, -1);
                for (DataSet item : seq) {
                    itemHeader(Tags.Item, -1);
                    items(item, false);
                    itemHeader(Tags.ItemDelimitationItem, 0);
                }
                itemHeader(Tags.SequenceDelimitationItem, 0);
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Encoder inner = new Encoder(body, explicit, bigEndian, options);
            for (DataSet item : seq) {
                ByteArrayOutputStream itemBody = new ByteArrayOutputStream();
                Encoder ie = new Encoder(itemBody, explicit, bigEndian, options);
                ie.items(item, false);
                inner.itemHeader(Tags.Item, itemBody.size());
                itemBody.writeTo(body);
            }
            header(tag, VR.SQ, body.size());
            body.writeTo(out);
        }

        private void fragments(int tag, VR vr, Fragments f) throws IOException {
            header(tag, vr == VR.OW ? VR.OW : VR.OB, -1);
            itemHeader(Tags.Item, f.offsetTable().length);
            out.write(f.offsetTable());
            for (Object frag : f.fragments()) {
                if (frag instanceof byte[] b) {
                    itemHeader(Tags.Item, b.length + (b.length & 1));
                    out.write(b);
                    if ((b.length & 1) != 0) out.write(0);
                } else {
                    BulkData ref = (BulkData) frag;
                    itemHeader(Tags.Item, ref.length() + (ref.length() & 1));
                    stream(ref, 1);
                    if ((ref.length() & 1) != 0) out.write(0);
                }
            }
            itemHeader(Tags.SequenceDelimitationItem, 0);
        }

        private void bulk(int tag, VR vr, BulkData ref) throws IOException {
            long len = ref.length();
            if (len < 0) throw new IOException("bulk data of unknown length in " + Tags.toString(tag));
            header(tag, vr, len + (len & 1));
            stream(ref, ref.bigEndian() != bigEndian && vr.needsByteSwap() ? vr.swapUnit() : 1);
            if ((len & 1) != 0) out.write(vr.padding);
        }

        private void stream(BulkData ref, int swapUnit) throws IOException {
            try (InputStream in = ref.openStream()) {
                byte[] b = new byte[64 * 1024];
                long left = ref.length();
                int carry = 0;
                while (left > 0) {
                    int n = in.read(b, carry, (int) Math.min(b.length - carry, left));
                    if (n < 0) throw new IOException("bulk data source shorter than its length: " + ref.uri());
                    left -= n;
                    int have = carry + n;
                    int whole = have - have % swapUnit;
                    if (swapUnit > 1) swap(b, swapUnit, whole);
                    out.write(b, 0, whole);
                    carry = have - whole;
                    System.arraycopy(b, whole, b, 0, carry);
                }
                if (carry > 0) out.write(b, 0, carry);
            }
        }

        void header(int tag, VR vr, long len) throws IOException {
            put16(0, tag >>> 16);
            put16(2, tag);
            if (!explicit) {
                put32(4, (int) len);
                out.write(h, 0, 8);
            } else if (vr.longHeader) {
                h[4] = (byte) (vr.code() >> 8);
                h[5] = (byte) vr.code();
                h[6] = 0;
                h[7] = 0;
                put32(8, (int) len);
                out.write(h, 0, 12);
            } else {
                h[4] = (byte) (vr.code() >> 8);
                h[5] = (byte) vr.code();
                put16(6, (int) len);
                out.write(h, 0, 8);
            }
        }

        void itemHeader(int tag, long len) throws IOException {
            put16(0, tag >>> 16);
            put16(2, tag);
            put32(4, (int) len);
            out.write(h, 0, 8);
        }

        void int32(int v) throws IOException {
            put32(0, v);
            out.write(h, 0, 4);
        }

        private void put16(int off, int v) {
            if (bigEndian) {
                h[off] = (byte) (v >> 8);
                h[off + 1] = (byte) v;
            } else {
                h[off] = (byte) v;
                h[off + 1] = (byte) (v >> 8);
            }
        }

        private void put32(int off, int v) {
            if (bigEndian) {
                put16(off, v >>> 16);
                put16(off + 2, v);
            } else {
                put16(off, v);
                put16(off + 2, v >>> 16);
            }
        }
    }

    private static void swap(byte[] b, int unit) {
        swap(b, unit, b.length);
    }

    private static void swap(byte[] b, int unit, int len) {
        int end = len - len % unit;
        for (int i = 0; i < end; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte x = b[lo];
                b[lo] = b[hi];
                b[hi] = x;
            }
        }
    }
}
