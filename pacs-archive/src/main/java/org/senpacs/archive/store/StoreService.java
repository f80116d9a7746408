package org.senpacs.archive.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.events.ArchiveEvents;
import org.senpacs.archive.index.IndexWriter;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.Uids;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomParseException;
import org.senpacs.dicom.io.DicomStreamReader;
import org.senpacs.dicom.io.ReadOptions;
import org.senpacs.storage.Checksums;
import org.senpacs.storage.PendingObject;
import org.senpacs.storage.StorageBackend;
import org.senpacs.storage.StorageException;
import org.senpacs.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one object, for every transport (C-STORE, STOW-RS, import): the data set streams to
 * storage as a Part 10 file while its header is parsed, then the index is updated in one
 * transaction. Success is returned only when both are durable; on any failure neither the file
 * nor the row remains.
 */
public final class StoreService {

    private static final Logger LOG = LoggerFactory.getLogger(StoreService.class);

    /** Headers only: bulk values before Pixel Data are skipped, not held. */
    private static final ReadOptions HEADER = ReadOptions.DEFAULT.withStopBefore(Tag.PixelData)
            .withBulkData(ReadOptions.BulkDataPolicy.SKIP, 64 * 1024).withMaxValueLength(64L << 20);

    /**
     * Read buffer of the header parser: the header is a few KB, and what the parser reads ahead is
     * only copied on to the file, so the reader's default 64 KB would be allocated per object for
     * nothing (a quarter of what an ingest of small objects allocated).
     */
    private static final int HEADER_BUFFER = 16 * 1024;

    /** What happened to a stored object. */
    public record StoreResult(boolean stored, String warning, DataSet header) {}

    private final IndexWriter index;
    private final StorageBackend storage;
    private final ArchivePolicy policy;
    private final ArchiveEvents events;

    public StoreService(IndexWriter index, StorageBackend storage, ArchivePolicy policy, ArchiveEvents events) {
        this.index = index;
        this.storage = storage;
        this.policy = policy;
        this.events = events;
    }

    /**
     * Stores the data set read from {@code data} (in {@code transferSyntax}, without meta information).
     * The stream is read to its end only on success; callers drain what is left.
     */
    public StoreResult store(RequestOrigin origin, String sopClassUid, String sopInstanceUid, String transferSyntax,
                             InputStream data) throws ArchiveException {
        if (!Uids.isValid(sopInstanceUid)) throw new ArchiveException(ArchiveError.MISSING_ATTRIBUTE, "invalid SOP Instance UID");
        if (!Uids.isValid(sopClassUid)) throw new ArchiveException(ArchiveError.MISSING_ATTRIBUTE, "invalid SOP Class UID");
        String existing;
        try {
            existing = index.storageKeyOf(sopInstanceUid);
        } catch (RuntimeException e) {
            throw dbUnavailable(e);
        }
        if (existing != null) {
            switch (policy.duplicates()) {
                case KEEP -> {
                    LOG.info("SEN-A101 duplicate {} from {}: stored object kept", sopInstanceUid, origin.callingAet());
                    return new StoreResult(false, "duplicate SOP instance: stored object kept", null);
                }
                case REJECT -> throw new ArchiveException(ArchiveError.DUPLICATE, "SOP instance already stored");
                case REPLACE -> { }
            }
        }
        String key = keyFor(null, null, sopInstanceUid, existing != null);
        StoredObject stored;
        DataSet header;
        try (PendingObject po = storage.create(key)) {
            OutputStream out = po.output();
            out.write(new byte[128]);
            out.write(new byte[] {'D', 'I', 'C', 'M'});
            DataSet meta = DataSetWriter.fileMetaInformation(sopClassUid, sopInstanceUid, transferSyntax);
            if (origin.callingAet() != null) meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, origin.callingAet());
            new DataSetWriter().writeFileMetaInformation(out, meta);
            InputStream tee = new Tee(data, out);
            try {
                header = new DataSetReader(HEADER).read(new DicomStreamReader(tee, TransferSyntax.of(transferSyntax), HEADER_BUFFER), null);
            } catch (DicomParseException e) {
                throw new ArchiveException(ArchiveError.CANNOT_UNDERSTAND, "cannot parse data set: " + e.getMessage(), e);
            }
            check(header, sopClassUid, sopInstanceUid);
            key = keyFor(header.getString(Tag.StudyInstanceUID), header.getString(Tag.SeriesInstanceUID), sopInstanceUid,
                    existing != null);
            po.rekey(key);
            data.transferTo(out);
            stored = po.commit(existing != null);
        } catch (StorageException e) {
            throw new ArchiveException(e.reason() == StorageException.Reason.OUT_OF_SPACE ? ArchiveError.OUT_OF_SPACE
                    : ArchiveError.STORAGE_FAILURE, "storage: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ArchiveException(ArchiveError.STORAGE_FAILURE, "receiving or writing the object failed: " + e.getMessage(), e);
        }
        String replaced;
        try {
            replaced = index.index(withDefaultCharacterSet(header), new IndexWriter.StoredInstance(sopClassUid, sopInstanceUid, transferSyntax, key,
                    stored.size(), stored.checksum(), origin.callingAet()));
        } catch (RuntimeException e) {
            deleteQuietly(key);
            throw dbUnavailable(e);
        }
        if (replaced != null && !replaced.equals(key)) deleteQuietly(replaced);
        events.fireInstanceStored(header.getString(Tag.StudyInstanceUID), header.getString(Tag.SeriesInstanceUID), sopInstanceUid);
        return new StoreResult(true, null, header);
    }

    /**
     * Takes into the index an object file found without an index row after a crash, when it holds
     * a valid instance whose SOP Instance UID has no row, or whose row's file is gone. Such a file
     * was forced to disk before it was published: either its row was never committed (the sender
     * was never answered and will send it again: a duplicate) or, on the embedded H2, which writes
     * commits in the background and does not force them, the crash took the row back after the
     * sender was answered. Returns false
     * when the file is to be removed instead: not a readable instance, or one whose SOP instance
     * is indexed with a file that is there (the leftover of a replacement or a study update).
     */
    public boolean adoptOrphan(String key) throws IOException {
        DataSet meta;
        DataSet header;
        try (DicomStreamReader r = new DicomStreamReader(new java.io.BufferedInputStream(storage.open(key), 64 * 1024))) {
            meta = r.fileMetaInformation();
            if (meta == null) return false;
            header = new DataSetReader(HEADER).read(r, null);
        } catch (DicomParseException e) {
            return false;
        }
        String sopInstanceUid = meta.getString(Tag.MediaStorageSOPInstanceUID);
        String sopClassUid = meta.getString(Tag.MediaStorageSOPClassUID);
        String transferSyntax = meta.getString(Tag.TransferSyntaxUID);
        if (sopInstanceUid == null || sopClassUid == null || transferSyntax == null) return false;
        try {
            check(header, sopClassUid, sopInstanceUid);
        } catch (ArchiveException e) {
            return false;
        }
        String indexedKey = index.storageKeyOf(sopInstanceUid);
        if (indexedKey != null && storage.stat(indexedKey).isPresent()) return false;
        Checksums.Measured measured;
        try (InputStream in = storage.open(key)) {
            measured = Checksums.measure(in);
        }
        index.index(withDefaultCharacterSet(header), new IndexWriter.StoredInstance(sopClassUid, sopInstanceUid, transferSyntax,
                key, measured.size(), measured.checksum(), meta.getString(Tag.SourceApplicationEntityTitle)));
        return true;
    }

    /** The header to index: with the policy's character set when it names none (the policy's "missing Specific Character Set"). */
    private DataSet withDefaultCharacterSet(DataSet header) {
        if (header.contains(Tag.SpecificCharacterSet) || policy.defaultCharacterSet() == null) return header;
        DataSet indexed = header.copy();
        indexed.setString(Tag.SpecificCharacterSet, VR.CS, policy.defaultCharacterSet());
        return indexed;
    }

    private static void check(DataSet header, String sopClassUid, String sopInstanceUid) throws ArchiveException {
        if (!sopInstanceUid.equals(header.getString(Tag.SOPInstanceUID))) {
            throw new ArchiveException(ArchiveError.DATA_SET_DOES_NOT_MATCH, "SOP Instance UID of the data set differs from the request's");
        }
        if (!sopClassUid.equals(header.getString(Tag.SOPClassUID))) {
            throw new ArchiveException(ArchiveError.DATA_SET_DOES_NOT_MATCH, "SOP Class UID of the data set differs from the request's");
        }
        for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID}) {
            if (!Uids.isValid(header.getString(tag))) {
                throw new ArchiveException(ArchiveError.MISSING_ATTRIBUTE, (tag == Tag.StudyInstanceUID ? "Study" : "Series")
                        + " Instance UID missing or invalid");
            }
        }
    }

    private ArchiveException dbUnavailable(RuntimeException e) {
        LOG.warn("SEN-A102 index database failed: {}", e.toString());
        return new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "index database unavailable", e);
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (IOException e) {
            LOG.warn("SEN-A103 could not delete {}: {} (verify will report it)", key, e.toString());
        }
    }

    /**
     * The object's key: its study's folder, spread over two levels of 256 folders by a hash of the
     * Study Instance UID, then the series' folder, then the SOP Instance UID — a study's files sit
     * together, and storing an instance creates a folder only for a new series. A replacement gets
     * a suffix, so the old object stays until the index points at the new one. Without the study
     * and series (not known yet), two hash levels of the SOP Instance UID.
     */
    static String keyFor(String studyUid, String seriesUid, String sopInstanceUid, boolean replacement) {
        String suffix = (replacement ? "." + Long.toString(System.nanoTime(), 36) : "") + ".dcm";
        if (studyUid == null || seriesUid == null) return hashFolders(sopInstanceUid) + sopInstanceUid + suffix;
        return hashFolders(studyUid) + studyUid + "/" + seriesUid + "/" + sopInstanceUid + suffix;
    }

    private static String hashFolders(String uid) {
        int h = uid.hashCode() * 0x9E3779B9;
        return HexFormat.of().toHexDigits((byte) (h >>> 24)) + "/" + HexFormat.of().toHexDigits((byte) (h >>> 16)) + "/";
    }

    /** Copies every byte read (or skipped) from the input to the output. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream out;

        Tee(InputStream in, OutputStream out) {
            super(in);
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) out.write(b);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) out.write(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) break;
                done += r;
            }
            return done;
        }
    }
}
