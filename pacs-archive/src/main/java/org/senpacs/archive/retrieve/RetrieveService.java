package org.senpacs.archive.retrieve;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /**
     * The instances under the unique keys of {@code level} in {@code keys}. Plain JDBC: this runs
     * before the first byte of every retrieval (WADO-RS, C-MOVE, C-GET).
     */
    public List<Item> locate(Level level, DataSet keys) throws ArchiveException {
        StringBuilder sql = new StringBuilder("select i.sop_class_uid, i.sop_uid, i.transfer_syntax, i.storage_key, i.object_size,"
                + " i.checksum, st.study_uid, se.series_uid from instance i join series se on i.series_fk = se.pk"
                + " join study st on se.study_fk = st.pk");
        List<String> params = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        String[] patientIds = keys.getStrings(Tag.PatientID);
        if (uidCondition(where, params, "p.patient_id", patientIds)) sql.append(" join patient p on st.patient_fk = p.pk");
        boolean any = !where.isEmpty();
        if (level != Level.PATIENT) any |= uidCondition(where, params, "st.study_uid", keys.getStrings(Tag.StudyInstanceUID));
        if (level == Level.SERIES || level == Level.IMAGE) {
            any |= uidCondition(where, params, "se.series_uid", keys.getStrings(Tag.SeriesInstanceUID));
        }
        if (level == Level.IMAGE) any |= uidCondition(where, params, "i.sop_uid", keys.getStrings(Tag.SOPInstanceUID));
        if (!any) throw new ArchiveException(ArchiveError.INVALID_QUERY, "no unique key for a " + level + " level retrieve");
        sql.append(" where").append(where, 4, where.length()).append(" order by se.pk, i.instance_number, i.pk");
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int k = 0; k < params.size(); k++) ps.setString(k + 1, params.get(k));
            List<Item> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            c.commit();
            return items;
        } catch (SQLException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "retrieve lookup failed: " + e.getMessage(), e);
        }
    }

    /** Appends " and PATH in (?, ...)" for the non-blank values; false when there are none. */
    private static boolean uidCondition(StringBuilder where, List<String> params, String path, String[] values) {
        List<String> v = new ArrayList<>();
        for (String s : values) {
            if (!s.isBlank()) v.add(s.trim());
        }
        if (v.isEmpty()) return false;
        where.append(" and ").append(path).append(" in (").append("?, ".repeat(v.size() - 1)).append("?)");
        params.addAll(v);
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
