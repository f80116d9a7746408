package org.senpacs.archive.retrieve;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.db.Database;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.io.DicomStreamReader;
import org.senpacs.storage.StorageBackend;

/**
 * Finds the instances a retrieve asks for (C-MOVE, C-GET, WADO) and opens their bytes. Matching
 * is on the unique keys of the level, as PS3.4 C.4.2 asks of retrieves.
 */
public final class RetrieveService {

    /** One instance to send: what it is and where its Part 10 file lies. */
    public record Item(String sopClassUid, String sopInstanceUid, String transferSyntax, String storageKey, long size,
                       String checksum, String studyUid, String seriesUid) {}

    private final Database db;
    private final StorageBackend storage;

    public RetrieveService(Database db, StorageBackend storage) {
        this.db = db;
        this.storage = storage;
    }

    /** The instances under the unique keys of {@code level} in {@code keys}. */
    public List<Item> locate(Level level, DataSet keys) throws ArchiveException {
        StringBuilder hql = new StringBuilder("select i.sopClassUid, i.sopUid, i.transferSyntax, i.storageKey, i.objectSize, i.checksum,"
                + " st.studyUid, se.seriesUid from InstanceEntity i join i.series se join se.study st join st.patient p where 1 = 1");
        List<Object> params = new ArrayList<>();
        boolean any = false;
        any |= uidCondition(hql, params, "p.patientId", keys.getStrings(Tag.PatientID));
        if (level != Level.PATIENT) any |= uidCondition(hql, params, "st.studyUid", keys.getStrings(Tag.StudyInstanceUID));
        if (level == Level.SERIES || level == Level.IMAGE) {
            any |= uidCondition(hql, params, "se.seriesUid", keys.getStrings(Tag.SeriesInstanceUID));
        }
        if (level == Level.IMAGE) any |= uidCondition(hql, params, "i.sopUid", keys.getStrings(Tag.SOPInstanceUID));
        if (!any) throw new ArchiveException(ArchiveError.INVALID_QUERY, "no unique key for a " + level + " level retrieve");
        hql.append(" order by se.pk, i.instanceNumber, i.pk");
        try {
            return db.sessions().fromSession(s -> {
                var q = s.createSelectionQuery(hql.toString(), Object[].class);
                for (int k = 0; k < params.size(); k++) q.setParameter("p" + k, params.get(k));
                return q.getResultList().stream().map(r -> new Item((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                        (Long) r[4], (String) r[5], (String) r[6], (String) r[7])).toList();
            });
        } catch (RuntimeException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "retrieve lookup failed: " + e.getMessage(), e);
        }
    }

    private static boolean uidCondition(StringBuilder hql, List<Object> params, String path, String[] values) {
        List<String> v = new ArrayList<>();
        for (String s : values) {
            if (!s.isBlank()) v.add(s.trim());
        }
        if (v.isEmpty()) return false;
        hql.append(" and ").append(path).append(" in :p").append(params.size());
        params.add(v);
        return true;
    }

    /** The whole Part 10 file of an item. */
    public InputStream openFile(Item item) throws IOException {
        return storage.open(item.storageKey());
    }

    /** The whole Part 10 file of an item as a channel (a FileChannel on file storage). */
    public java.nio.channels.ReadableByteChannel openFileChannel(Item item) throws IOException {
        return storage.openChannel(item.storageKey());
    }

    /**
     * The data set of an item, without preamble and meta information, as stored: what a C-STORE
     * sends. Only the meta group is parsed.
     */
    public InputStream openDataSet(Item item) throws IOException {
        long offset;
        try (InputStream in = new BufferedInputStream(storage.open(item.storageKey()), 8192)) {
            offset = new DicomStreamReader(in).dataSetOffset();
        }
        return storage.open(item.storageKey(), offset, item.size() - offset);
    }
}
