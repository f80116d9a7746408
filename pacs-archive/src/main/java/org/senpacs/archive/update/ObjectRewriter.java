package org.senpacs.archive.update;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.io.DicomStreamReader;
import org.senpacs.dicom.io.ReadOptions;
import org.senpacs.storage.PendingObject;
import org.senpacs.storage.StorageBackend;
import org.senpacs.storage.StorageException;
import org.senpacs.storage.StoredObject;

/**
 * Writes a patched copy of a stored object under a new key, leaving the original as it is. The
 * header (everything before group 7FE0) is read, patched and written again; the rest — pixel data
 * and what follows — is copied byte for byte, never held in memory. A deflated object has no such
 * split and is read and written whole.
 */
final class ObjectRewriter {

    /** Top-level elements from here on are copied as they are. */
    private static final int PIXEL_GROUP = 0x7FE00000;
    private static final ReadOptions HEADER = ReadOptions.DEFAULT.withStopBefore(PIXEL_GROUP);
    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime());

    private final StorageBackend storage;

    ObjectRewriter(StorageBackend storage) {
        this.storage = storage;
    }

    /** A rewritten object: where the new copy is and what it is. */
    record Rewritten(String sopInstanceUid, String oldKey, StoredObject stored) {}

    /**
     * Writes the patched copy of the object under {@code oldKey}, committed under a new key beside it.
     *
     * @throws StorageException with reason NOT_FOUND when the object is gone (replaced meanwhile)
     */
    Rewritten rewrite(String sopInstanceUid, String oldKey, Patch patch) throws IOException {
        long size = storage.stat(oldKey).orElseThrow(() -> new StorageException(StorageException.Reason.NOT_FOUND, oldKey,
                "object " + oldKey + " is gone")).size();
        DicomFile head;
        long rest;
        try (DicomStreamReader r = new DicomStreamReader(new BufferedInputStream(storage.open(oldKey), 64 * 1024))) {
            if (r.fileMetaInformation() == null) throw new IOException(oldKey + ": stored object without File Meta Information");
            if (r.isDeflated()) {
                head = new DicomFile(r.fileMetaInformation(), new DataSetReader().read(r, null), r.transferSyntax());
                rest = -1;
            } else {
                head = new DicomFile(r.fileMetaInformation(), new DataSetReader(HEADER).read(r, null), r.transferSyntax());
                rest = r.position();
            }
        }
        DataSet ds = head.dataSet();
        patch.applyTo(ds, patch.attributes());
        String key = newKey(oldKey, sopInstanceUid);
        try (PendingObject po = storage.create(key)) {
            OutputStream out = new BufferedOutputStream(po.output(), 64 * 1024);
            new DataSetWriter().writeFile(out, head.fileMetaInformation(), ds);
            if (rest >= 0 && rest < size) {
                try (InputStream tail = storage.open(oldKey, rest, size - rest)) {
                    tail.transferTo(out);
                }
            }
            out.flush();
            return new Rewritten(sopInstanceUid, oldKey, po.commit(false));
        }
    }

    /** A new key in the folder of the old one: the SOP Instance UID with a unique suffix. */
    static String newKey(String oldKey, String sopInstanceUid) {
        int slash = oldKey.lastIndexOf('/');
        String dir = slash < 0 ? "" : oldKey.substring(0, slash + 1);
        return dir + sopInstanceUid + ".u" + Long.toString(SEQUENCE.incrementAndGet(), 36) + ".dcm";
    }
}
