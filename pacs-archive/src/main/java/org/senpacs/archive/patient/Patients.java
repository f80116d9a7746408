package org.senpacs.archive.patient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.senpacs.archive.NameFolding;
import org.senpacs.archive.index.Levels;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/**
 * The patient registry shared by the archive and the RIS: one {@code patient} row per patient ID
 * and issuer, whether the patient first came with an order (HL7 ADT/ORM) or with images.
 *
 * <p>Every method works inside the caller's transaction (a JDBC connection with auto-commit off),
 * so the RIS can apply a message's patient change and its order changes atomically, and commits
 * or rolls back itself.
 */
public final class Patients {

    /** A patient identifier: Patient ID and its issuer ("" when none). */
    public record PatientKey(String id, String issuer) {
        public PatientKey {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) throw new IllegalArgumentException("empty patient ID");
            issuer = issuer == null ? "" : issuer;
        }

        public static PatientKey of(DataSet ds) {
            return new PatientKey(Objects.requireNonNullElse(ds.getString(Tag.PatientID), ""),
                    ds.getString(Tag.IssuerOfPatientID));
        }
    }

    /** A patient row. {@code attrs}: the patient-level attributes kept in the index. */
    public record Patient(long pk, PatientKey key, String name, String birthDate, String sex, DataSet attrs) {}

    /** What a merge moved: the studies now under the surviving patient. */
    public record MergeResult(long survivingPk, List<String> movedStudyUids) {}

    /**
     * Creates the patient, or updates its demographics from {@code attrs} (patient-level
     * attributes: name, birth date, sex, and any other patient module attribute given). Attributes
     * absent from {@code attrs} keep their indexed values. Returns the patient's primary key.
     */
    public long upsert(Connection c, DataSet attrs) throws SQLException {
        PatientKey key = PatientKey.of(attrs);
        Timestamp now = Timestamp.from(Instant.now());
        Optional<Patient> existing = find(c, key, true);
        DataSet incoming = Levels.extract(attrs, Levels.Level.PATIENT);
        if (existing.isPresent()) {
            Patient p = existing.get();
            DataSet merged = p.attrs() == null ? new DataSet() : p.attrs();
            merged.addAll(incoming);
            write(c, "update patient set patient_name = ?, patient_name_folded = ?, birth_date = ?, sex = ?, attrs = ?,"
                    + " updated = ?, version = version + 1 where pk = ?", merged, now, p.pk());
            return p.pk();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into patient (patient_name, patient_name_folded, birth_date, sex,"
                + " attrs, updated, created, patient_id, issuer, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                new String[] {"pk"})) {
            bind(ps, incoming, now);
            ps.setTimestamp(7, now);
            ps.setString(8, key.id());
            ps.setString(9, key.issuer());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The patient of this ID and issuer, optionally locking its row. */
    public Optional<Patient> find(Connection c, PatientKey key, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pk, patient_name, birth_date, sex, attrs from patient"
                + " where patient_id = ? and issuer = ?" + (forUpdate ? " for update" : ""))) {
            ps.setString(1, key.id());
            ps.setString(2, key.issuer());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                byte[] attrs = rs.getBytes(5);
                return Optional.of(new Patient(rs.getLong(1), key, rs.getString(2), rs.getString(3), rs.getString(4),
                        attrs == null ? new DataSet() : Levels.decode(attrs)));
            }
        }
    }

    /** The patient of a primary key. */
    public Optional<Patient> find(Connection c, long pk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select patient_id, issuer, patient_name, birth_date, sex, attrs from patient where pk = ?")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                byte[] attrs = rs.getBytes(6);
                return Optional.of(new Patient(pk, new PatientKey(rs.getString(1), rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), attrs == null ? new DataSet() : Levels.decode(attrs)));
            }
        }
    }

    /**
     * Merges {@code prior} into {@code surviving} (HL7 A40): the prior patient's studies move to the
     * surviving patient, then the prior row is deleted, so a query on the prior ID finds nothing.
     * The surviving patient is created from {@code survivingAttrs} when unknown. Rows of other
     * modules that point at the prior patient ({@code ris_order}) must be moved by the caller, in
     * the same transaction, before this call: {@code priorPk} is given to it by {@link #find}.
     * A prior patient that is not known is not an error: nothing moves.
     */
    public MergeResult merge(Connection c, PatientKey prior, DataSet survivingAttrs) throws SQLException {
        long survivor = upsert(c, survivingAttrs);
        Optional<Patient> old = find(c, prior, true);
        if (old.isEmpty() || old.get().pk() == survivor) return new MergeResult(survivor, List.of());
        long priorPk = old.get().pk();
        List<String> moved = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select study_uid from study where patient_fk = ? order by pk")) {
            ps.setLong(1, priorPk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) moved.add(rs.getString(1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update study set patient_fk = ?, updated = ?, version = version + 1 where patient_fk = ?")) {
            ps.setLong(1, survivor);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, priorPk);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("delete from patient where pk = ?")) {
            ps.setLong(1, priorPk);
            ps.executeUpdate();
        }
        return new MergeResult(survivor, List.copyOf(moved));
    }

    /**
     * Changes a patient's identifier (HL7 A47). Returns false when the old ID is unknown.
     *
     * @throws SQLException also when the new identifier already belongs to another patient (a
     *     unique violation: that is a merge, not an identifier change)
     */
    public boolean changeId(Connection c, PatientKey old, PatientKey now) throws SQLException {
        Optional<Patient> p = find(c, old, true);
        if (p.isEmpty()) return false;
        DataSet attrs = p.get().attrs();
        attrs.setString(Tag.PatientID, VR.LO, now.id());
        if (now.issuer().isEmpty()) attrs.remove(Tag.IssuerOfPatientID);
        else attrs.setString(Tag.IssuerOfPatientID, VR.LO, now.issuer());
        try (PreparedStatement ps = c.prepareStatement("update patient set patient_id = ?, issuer = ?, attrs = ?, updated = ?,"
                + " version = version + 1 where pk = ?")) {
            ps.setString(1, now.id());
            ps.setString(2, now.issuer());
            ps.setBytes(3, Levels.encode(attrs));
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setLong(5, p.get().pk());
            ps.executeUpdate();
        }
        return true;
    }

    /** The Study Instance UIDs stored for a patient. */
    public List<String> studyUids(Connection c, long patientPk) throws SQLException {
        List<String> uids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select study_uid from study where patient_fk = ? order by pk")) {
            ps.setLong(1, patientPk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) uids.add(rs.getString(1));
            }
        }
        return uids;
    }

    private static boolean ascii(DataSet ds) {
        for (int i = 0; i < ds.size(); i++) {
            if (ds.valueAt(i) instanceof String v && !v.chars().allMatch(ch -> ch < 0x80)) return false;
        }
        return true;
    }

    private static void write(Connection c, String sql, DataSet attrs, Timestamp now, long pk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, attrs, now);
            ps.setLong(7, pk);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, DataSet attrs, Timestamp now) throws SQLException {
        if (attrs.charset().isDefault() && !ascii(attrs)) {
            attrs.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
            attrs.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        }
        String name = attrs.getString(Tag.PatientName);
        ps.setString(1, name);
        ps.setString(2, NameFolding.fold(name));
        ps.setString(3, attrs.getString(Tag.PatientBirthDate));
        ps.setString(4, attrs.getString(Tag.PatientSex));
        ps.setBytes(5, Levels.encode(attrs));
        ps.setTimestamp(6, now);
    }
}
