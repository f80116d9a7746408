package org.senpacs.archive.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeSet;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.NameFolding;
import org.senpacs.archive.db.Database;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;

/**
 * Adds stored instances to the index: patient, study and series found or created, counts kept.
 *
 * <p>This is the ingest hot path, so it speaks JDBC directly: a handful of prepared statements in
 * one transaction, rows locked in a fixed order (study, then series) so concurrent stores into the
 * same study serialize instead of failing, and the entity versions bumped like Hibernate would.
 * The rest of the archive reads the same tables through the Hibernate entities.
 */
public final class IndexWriter {

    /** Where and how an instance was stored. */
    public record StoredInstance(String sopClassUid, String sopInstanceUid, String transferSyntax, String storageKey,
                                 long size, String checksum, String sourceAet) {}

    private final Database db;
    private final ArchivePolicy policy;

    public IndexWriter(Database db, ArchivePolicy policy) {
        this.db = db;
        this.policy = policy;
    }

    /** The storage key of an indexed SOP instance, or null. */
    public String storageKeyOf(String sopInstanceUid) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select storage_key from instance where sop_uid = ?")) {
            ps.setString(1, sopInstanceUid);
            try (ResultSet rs = ps.executeQuery()) {
                String key = rs.next() ? rs.getString(1) : null;
                c.commit();
                return key;
            }
        } catch (SQLException e) {
            throw new IndexException(e);
        }
    }

    /** The index could not be written or read. */
    public static final class IndexException extends RuntimeException {
        IndexException(SQLException e) {
            super(e.getMessage(), e);
        }
    }

    /**
     * Indexes one instance (replacing the row of the same SOP instance, if any). Returns the
     * storage key of a replaced row, or null. A unique-key race (two stores creating the same
     * patient, study or series at once) is retried.
     */
    public String index(DataSet header, StoredInstance stored) {
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Connection c = db.dataSource().getConnection()) {
                try {
                    String replaced = indexIn(c, header, stored);
                    c.commit();
                    return replaced;
                } catch (SQLException e) {
                    c.rollback();
                    if (!isUniqueViolation(e)) throw e;
                    last = e;
                }
            } catch (SQLException e) {
                throw new IndexException(e);
            }
        }
        throw new IndexException(last);
    }

    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.equals("23001"));
    }

    private String indexIn(Connection c, DataSet ds, StoredInstance stored) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        long patient = patient(c, ds, now);
        // Each store counts itself into its study and then its series first: that takes the study's
        // row lock, then the series', so concurrent stores into one study queue in one order (no
        // deadlock), and the study's modalities below are read and written under the lock. The
        // statements are plain (no SELECT ... FOR UPDATE), so the embedded H2 can reuse them parsed.
        String studyUid = ds.getString(Tag.StudyInstanceUID);
        Long study = countIn(c, "update study set num_instances = num_instances + 1, updated = ?, version = version + 1"
                + " where study_uid = ?", "select pk from study where study_uid = ?", studyUid, now);
        if (study == null) study = insertStudy(c, patient, studyUid, ds, now);
        String seriesUid = ds.getString(Tag.SeriesInstanceUID);
        Long series = countIn(c, "update series set num_instances = num_instances + 1, updated = ?, version = version + 1"
                + " where series_uid = ?", "select pk from series where series_uid = ?", seriesUid, now);
        if (series == null) {
            series = insertSeries(c, study, seriesUid, ds, now);
            addSeriesToStudy(c, study, ds.getString(Tag.Modality));
        }
        String replacedKey = null;
        try (PreparedStatement ps = c.prepareStatement("select pk, series_fk, storage_key from instance where sop_uid = ?")) {
            ps.setString(1, stored.sopInstanceUid());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long oldPk = rs.getLong(1);
                    long oldSeries = rs.getLong(2);
                    replacedKey = rs.getString(3);
                    update(c, "delete from instance where pk = ?", oldPk);
                    update(c, "update series set num_instances = num_instances - 1, version = version + 1 where pk = ?", oldSeries);
                    update(c, "update study set num_instances = num_instances - 1, version = version + 1"
                            + " where pk = (select study_fk from series where pk = ?)", oldSeries);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into instance (series_fk, sop_uid, sop_class_uid, instance_number,"
                + " transfer_syntax, storage_key, object_size, checksum, source_aet, attrs, received, version)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            ps.setLong(1, series);
            ps.setString(2, stored.sopInstanceUid());
            ps.setString(3, stored.sopClassUid());
            setInt(ps, 4, intOrNull(ds, Tag.InstanceNumber));
            ps.setString(5, stored.transferSyntax());
            ps.setString(6, stored.storageKey());
            ps.setLong(7, stored.size());
            ps.setString(8, stored.checksum());
            ps.setString(9, stored.sourceAet());
            ps.setBytes(10, Levels.encode(Levels.extract(ds, Levels.Level.IMAGE)));
            ps.setTimestamp(11, now);
            ps.executeUpdate();
        }
        return replacedKey;
    }

    private long patient(Connection c, DataSet ds, Timestamp now) throws SQLException {
        String id = Objects.requireNonNullElse(ds.getString(Tag.PatientID), "");
        String issuer = Objects.requireNonNullElse(ds.getString(Tag.IssuerOfPatientID), "");
        String name = ds.getString(Tag.PatientName);
        String birth = ds.getString(Tag.PatientBirthDate);
        String sex = ds.getString(Tag.PatientSex);
        try (PreparedStatement ps = c.prepareStatement(
                "select pk, patient_name, birth_date, sex from patient where patient_id = ? and issuer = ?")) {
            ps.setString(1, id);
            ps.setString(2, issuer);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long pk = rs.getLong(1);
                    boolean changed = !Objects.equals(rs.getString(2), name) || !Objects.equals(rs.getString(3), birth)
                            || !Objects.equals(rs.getString(4), sex);
                    if (changed && policy.patientUpdates() == ArchivePolicy.PatientUpdates.UPDATE) {
                        try (PreparedStatement u = c.prepareStatement("update patient set patient_name = ?, patient_name_folded = ?,"
                                + " birth_date = ?, sex = ?, attrs = ?, updated = ?, version = version + 1 where pk = ?")) {
                            u.setString(1, name);
                            u.setString(2, NameFolding.fold(name));
                            u.setString(3, birth);
                            u.setString(4, sex);
                            u.setBytes(5, Levels.encode(Levels.extract(ds, Levels.Level.PATIENT)));
                            u.setTimestamp(6, now);
                            u.setLong(7, pk);
                            u.executeUpdate();
                        }
                    }
                    return pk;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into patient (patient_id, issuer, patient_name, patient_name_folded,"
                + " birth_date, sex, attrs, created, updated, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", new String[] {"pk"})) {
            ps.setString(1, id);
            ps.setString(2, issuer);
            ps.setString(3, name);
            ps.setString(4, NameFolding.fold(name));
            ps.setString(5, birth);
            ps.setString(6, sex);
            ps.setBytes(7, Levels.encode(Levels.extract(ds, Levels.Level.PATIENT)));
            ps.setTimestamp(8, now);
            ps.setTimestamp(9, now);
            return insertedKey(ps);
        }
    }

    private static long insertStudy(Connection c, long patient, String uid, DataSet ds, Timestamp now) throws SQLException {
        String referring = ds.getString(Tag.ReferringPhysicianName);
        try (PreparedStatement ps = c.prepareStatement("insert into study (patient_fk, study_uid, study_date, study_time,"
                + " accession_number, study_id, referring_physician, referring_physician_folded, description, modalities,"
                + " num_series, num_instances, attrs, created, updated, version)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, 1, ?, ?, ?, 0)", new String[] {"pk"})) {
            ps.setLong(1, patient);
            ps.setString(2, uid);
            ps.setString(3, ds.getString(Tag.StudyDate));
            ps.setString(4, normalizeTime(ds.getString(Tag.StudyTime)));
            ps.setString(5, ds.getString(Tag.AccessionNumber));
            ps.setString(6, ds.getString(Tag.StudyID));
            ps.setString(7, referring);
            ps.setString(8, NameFolding.fold(referring));
            ps.setString(9, ds.getString(Tag.StudyDescription));
            ps.setBytes(10, Levels.encode(Levels.extract(ds, Levels.Level.STUDY)));
            ps.setTimestamp(11, now);
            ps.setTimestamp(12, now);
            return insertedKey(ps);
        }
    }

    private static long insertSeries(Connection c, long study, String uid, DataSet ds, Timestamp now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into series (study_fk, series_uid, modality, series_number,"
                + " description, body_part, performed_date, num_instances, attrs, created, updated, version)"
                + " values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, 0)", new String[] {"pk"})) {
            ps.setLong(1, study);
            ps.setString(2, uid);
            ps.setString(3, ds.getString(Tag.Modality));
            setInt(ps, 4, intOrNull(ds, Tag.SeriesNumber));
            ps.setString(5, ds.getString(Tag.SeriesDescription));
            ps.setString(6, ds.getString(Tag.BodyPartExamined));
            ps.setString(7, ds.getString(Tag.PerformedProcedureStepStartDate));
            ps.setBytes(8, Levels.encode(Levels.extract(ds, Levels.Level.SERIES)));
            ps.setTimestamp(9, now);
            ps.setTimestamp(10, now);
            return insertedKey(ps);
        }
    }

    private static void addSeriesToStudy(Connection c, long study, String modality) throws SQLException {
        String modalities;
        try (PreparedStatement ps = c.prepareStatement("select modalities from study where pk = ?")) {
            ps.setLong(1, study);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                modalities = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update study set num_series = num_series + 1, modalities = ?, version = version + 1 where pk = ?")) {
            ps.setString(1, addModality(modalities, modality));
            ps.setLong(2, study);
            ps.executeUpdate();
        }
    }

    /** Runs {@code update} (time, UID) and, when it found the row, returns the row's key by {@code select}; else null. */
    private static Long countIn(Connection c, String update, String select, String uid, Timestamp now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update)) {
            ps.setTimestamp(1, now);
            ps.setString(2, uid);
            if (ps.executeUpdate() == 0) return null;
        }
        return pk(c, select, uid);
    }

    private static Long pk(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void update(Connection c, String sql, long pk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, pk);
            ps.executeUpdate();
        }
    }

    private static long insertedKey(PreparedStatement ps) throws SQLException {
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) throw new SQLException("no generated key");
            return keys.getLong(1);
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER);
        else ps.setInt(i, v);
    }

    /** TM as six digits HHMMSS (fraction dropped, missing parts zero) so that ranges compare as text. */
    public static String normalizeTime(String tm) {
        if (tm == null) return null;
        String t = tm.replace(":", "");
        int dot = t.indexOf('.');
        if (dot >= 0) t = t.substring(0, dot);
        if (t.length() > 6) t = t.substring(0, 6);
        return (t + "000000").substring(0, 6);
    }

    static String addModality(String modalities, String modality) {
        if (modality == null || modality.isEmpty()) return modalities;
        TreeSet<String> set = new TreeSet<>();
        if (modalities != null && !modalities.isEmpty()) set.addAll(java.util.List.of(modalities.split("\\\\")));
        set.add(modality);
        return String.join("\\", set);
    }

    private static Integer intOrNull(DataSet ds, int tag) {
        try {
            int v = ds.getInt(tag, Integer.MIN_VALUE);
            return v == Integer.MIN_VALUE ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
