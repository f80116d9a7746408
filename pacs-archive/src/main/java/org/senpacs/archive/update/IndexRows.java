package org.senpacs.archive.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.senpacs.archive.NameFolding;
import org.senpacs.archive.index.IndexWriter;
import org.senpacs.archive.index.Levels;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.patient.Patients;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;

/**
 * The index side of a study update, inside the caller's transaction: the patient row (found,
 * created or moved to), the study, series and instance rows with their matching columns and
 * attribute copies, and the new storage keys, sizes and checksums of the rewritten objects.
 */
final class IndexRows {

    /** An instance row of the study. */
    record Instance(long pk, String sopInstanceUid, String storageKey) {}

    /** The study row, locked. */
    record Study(long pk, long patientPk, byte[] attrs) {}

    private IndexRows() {}

    static Study lockStudy(Connection c, String studyUid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pk, patient_fk, attrs from study where study_uid = ? for update")) {
            ps.setString(1, studyUid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Study(rs.getLong(1), rs.getLong(2), rs.getBytes(3)) : null;
            }
        }
    }

    static List<Instance> instances(Connection c, String studyUid) throws SQLException {
        List<Instance> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select i.pk, i.sop_uid, i.storage_key from instance i"
                + " join series se on se.pk = i.series_fk join study st on st.pk = se.study_fk where st.study_uid = ? order by i.pk")) {
            ps.setString(1, studyUid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(new Instance(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return rows;
    }

    /** Applies the patch to every row of the study and points the instances at their rewritten objects. */
    static void apply(Connection c, Study study, List<Instance> instances, Map<String, ObjectRewriter.Rewritten> objects,
                      Patch patch, Long targetPatientPk, Patients patients) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        long patientPk = patient(c, study.patientPk(), patch.level(Level.PATIENT), targetPatientPk, patients);
        DataSet studyPatch = patch.level(Level.STUDY);
        if (!studyPatch.isEmpty() || patientPk != study.patientPk()) updateStudy(c, study, patch, studyPatch, patientPk, now);
        if (patientPk != study.patientPk()) removeIfEmpty(c, study.patientPk());
        DataSet seriesPatch = patch.level(Level.SERIES);
        if (!seriesPatch.isEmpty()) updateSeries(c, study.pk(), patch, seriesPatch, now);
        DataSet imagePatch = patch.level(Level.IMAGE);
        try (PreparedStatement sel = c.prepareStatement("select attrs from instance where pk = ?");
             PreparedStatement upd = c.prepareStatement("update instance set storage_key = ?, object_size = ?, checksum = ?,"
                     + " attrs = coalesce(?, attrs), version = version + 1 where pk = ?")) {
            for (Instance i : instances) {
                ObjectRewriter.Rewritten w = objects.get(i.sopInstanceUid());
                byte[] attrs = null;
                if (!imagePatch.isEmpty()) {
                    sel.setLong(1, i.pk());
                    try (ResultSet rs = sel.executeQuery()) {
                        rs.next();
                        DataSet ds = Levels.decode(rs.getBytes(1));
                        patch.applyTo(ds, imagePatch);
                        attrs = Levels.encode(ds);
                    }
                }
                upd.setString(1, w.stored().key());
                upd.setLong(2, w.stored().size());
                upd.setString(3, w.stored().checksum());
                if (attrs == null) upd.setNull(4, Types.VARBINARY);
                else upd.setBytes(4, attrs);
                upd.setLong(5, i.pk());
                upd.executeUpdate();
            }
        }
    }

    /** The patient the study belongs to after the update, with its row updated from the patch. */
    private static long patient(Connection c, long current, DataSet patientPatch, Long target, Patients patients) throws SQLException {
        if (target != null) {
            if (!patientPatch.isEmpty()) patients.upsert(c, patientPatch);
            return target;
        }
        if (patientPatch.isEmpty()) return current;
        if (!patientPatch.contains(Tag.PatientID)) {
            Patients.PatientKey key = patients.find(c, current).orElseThrow().key();
            patientPatch.setString(Tag.PatientID, key.id());
            if (!key.issuer().isEmpty()) patientPatch.setString(Tag.IssuerOfPatientID, key.issuer());
        }
        return patients.upsert(c, patientPatch);
    }

    private static void updateStudy(Connection c, Study study, Patch patch, DataSet studyPatch, long patientPk, Timestamp now)
            throws SQLException {
        DataSet ds = Levels.decode(study.attrs());
        patch.applyTo(ds, studyPatch);
        String referring = ds.getString(Tag.ReferringPhysicianName);
        try (PreparedStatement ps = c.prepareStatement("update study set patient_fk = ?, study_date = ?, study_time = ?,"
                + " accession_number = ?, study_id = ?, referring_physician = ?, referring_physician_folded = ?, description = ?,"
                + " attrs = ?, updated = ?, version = version + 1 where pk = ?")) {
            ps.setLong(1, patientPk);
            ps.setString(2, ds.getString(Tag.StudyDate));
            ps.setString(3, IndexWriter.normalizeTime(ds.getString(Tag.StudyTime)));
            ps.setString(4, ds.getString(Tag.AccessionNumber));
            ps.setString(5, ds.getString(Tag.StudyID));
            ps.setString(6, referring);
            ps.setString(7, NameFolding.fold(referring));
            ps.setString(8, ds.getString(Tag.StudyDescription));
            ps.setBytes(9, Levels.encode(ds));
            ps.setTimestamp(10, now);
            ps.setLong(11, study.pk());
            ps.executeUpdate();
        }
    }

    private static void updateSeries(Connection c, long studyPk, Patch patch, DataSet seriesPatch, Timestamp now) throws SQLException {
        List<long[]> pks = new ArrayList<>();
        List<DataSet> attrs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select pk, attrs from series where study_fk = ? order by pk")) {
            ps.setLong(1, studyPk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pks.add(new long[] {rs.getLong(1)});
                    attrs.add(Levels.decode(rs.getBytes(2)));
                }
            }
        }
        TreeSet<String> modalities = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("update series set modality = ?, series_number = ?, description = ?,"
                + " body_part = ?, performed_date = ?, attrs = ?, updated = ?, version = version + 1 where pk = ?")) {
            for (int k = 0; k < pks.size(); k++) {
                DataSet ds = attrs.get(k);
                patch.applyTo(ds, seriesPatch);
                String modality = ds.getString(Tag.Modality);
                if (modality != null) modalities.add(modality);
                ps.setString(1, modality);
                int number = ds.getInt(Tag.SeriesNumber, Integer.MIN_VALUE);
                if (number == Integer.MIN_VALUE) ps.setNull(2, Types.INTEGER);
                else ps.setInt(2, number);
                ps.setString(3, ds.getString(Tag.SeriesDescription));
                ps.setString(4, ds.getString(Tag.BodyPartExamined));
                ps.setString(5, ds.getString(Tag.PerformedProcedureStepStartDate));
                ps.setBytes(6, Levels.encode(ds));
                ps.setTimestamp(7, now);
                ps.setLong(8, pks.get(k)[0]);
                ps.executeUpdate();
            }
        }
        if (seriesPatch.contains(Tag.Modality)) {
            try (PreparedStatement ps = c.prepareStatement("update study set modalities = ? where pk = ?")) {
                ps.setString(1, String.join("\\", modalities));
                ps.setLong(2, studyPk);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Deletes a patient row left without studies, unless another table still points at it (an
     * order of the RIS): then the row stays, and the rest of the transaction goes on.
     */
    private static void removeIfEmpty(Connection c, long patientPk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from study where patient_fk = ?")) {
            ps.setLong(1, patientPk);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return;
            }
        }
        Savepoint sp = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("delete from patient where pk = ?")) {
            ps.setLong(1, patientPk);
            ps.executeUpdate();
            c.releaseSavepoint(sp);
        } catch (SQLException stillReferenced) {
            c.rollback(sp);
        }
    }
}
