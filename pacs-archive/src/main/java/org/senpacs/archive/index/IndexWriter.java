package org.senpacs.archive.index;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeSet;
import org.hibernate.Session;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.NameFolding;
import org.senpacs.archive.db.Database;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;

/** Adds stored instances to the index: patient, study and series found or created, counts kept. */
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
        return db.sessions().fromSession(s -> s.createSelectionQuery(
                        "select i.storageKey from InstanceEntity i where i.sopUid = :uid", String.class)
                .setParameter("uid", sopInstanceUid).uniqueResult());
    }

    /**
     * Indexes one instance (replacing the row of the same SOP instance, if any). Returns the
     * storage key of a replaced row, or null.
     */
    public String index(DataSet header, StoredInstance stored) {
        return db.inTransaction(s -> indexIn(s, header, stored));
    }

    private String indexIn(Session s, DataSet ds, StoredInstance stored) {
        Instant now = Instant.now();
        PatientEntity patient = patient(s, ds, now);
        String studyUid = ds.getString(Tag.StudyInstanceUID);
        StudyEntity study = s.createSelectionQuery("from StudyEntity where studyUid = :uid", StudyEntity.class)
                .setParameter("uid", studyUid).setLockMode(LockModeType.PESSIMISTIC_WRITE).uniqueResult();
        if (study == null) {
            study = new StudyEntity();
            study.patient = patient;
            study.studyUid = studyUid;
            study.created = now;
            fillStudy(study, ds);
            study.updated = now;
            s.persist(study);
        }
        String seriesUid = ds.getString(Tag.SeriesInstanceUID);
        SeriesEntity series = s.createSelectionQuery("from SeriesEntity where seriesUid = :uid", SeriesEntity.class)
                .setParameter("uid", seriesUid).setLockMode(LockModeType.PESSIMISTIC_WRITE).uniqueResult();
        if (series == null) {
            series = new SeriesEntity();
            series.study = study;
            series.seriesUid = seriesUid;
            series.created = now;
            fillSeries(series, ds);
            s.persist(series);
            study.numSeries++;
            study.modalities = addModality(study.modalities, series.modality);
        }
        InstanceEntity old = s.createSelectionQuery("from InstanceEntity where sopUid = :uid", InstanceEntity.class)
                .setParameter("uid", stored.sopInstanceUid()).uniqueResult();
        String replacedKey = null;
        if (old != null) {
            replacedKey = old.storageKey;
            SeriesEntity oldSeries = old.series;
            oldSeries.numInstances--;
            oldSeries.study.numInstances--;
            s.remove(old);
            s.flush();
        }
        InstanceEntity inst = new InstanceEntity();
        inst.series = series;
        inst.sopUid = stored.sopInstanceUid();
        inst.sopClassUid = stored.sopClassUid();
        inst.instanceNumber = intOrNull(ds, Tag.InstanceNumber);
        inst.transferSyntax = stored.transferSyntax();
        inst.storageKey = stored.storageKey();
        inst.objectSize = stored.size();
        inst.checksum = stored.checksum();
        inst.sourceAet = stored.sourceAet();
        inst.attrs = Levels.encode(Levels.extract(ds, Levels.Level.IMAGE));
        inst.received = now;
        s.persist(inst);
        series.numInstances++;
        series.updated = now;
        study.numInstances++;
        study.updated = now;
        return replacedKey;
    }

    private PatientEntity patient(Session s, DataSet ds, Instant now) {
        String id = Objects.requireNonNullElse(ds.getString(Tag.PatientID), "");
        String issuer = Objects.requireNonNullElse(ds.getString(Tag.IssuerOfPatientID), "");
        PatientEntity p = s.createSelectionQuery("from PatientEntity where patientId = :id and issuer = :issuer", PatientEntity.class)
                .setParameter("id", id).setParameter("issuer", issuer).uniqueResult();
        if (p == null) {
            p = new PatientEntity();
            p.patientId = id;
            p.issuer = issuer;
            p.created = now;
            fillPatient(p, ds);
            p.updated = now;
            s.persist(p);
        } else if (policy.patientUpdates() == ArchivePolicy.PatientUpdates.UPDATE && patientChanged(p, ds)) {
            fillPatient(p, ds);
            p.updated = now;
        }
        return p;
    }

    private static boolean patientChanged(PatientEntity p, DataSet ds) {
        return !Objects.equals(p.patientName, ds.getString(Tag.PatientName))
                || !Objects.equals(p.birthDate, ds.getString(Tag.PatientBirthDate))
                || !Objects.equals(p.sex, ds.getString(Tag.PatientSex));
    }

    private static void fillPatient(PatientEntity p, DataSet ds) {
        p.patientName = ds.getString(Tag.PatientName);
        p.patientNameFolded = NameFolding.fold(p.patientName);
        p.birthDate = ds.getString(Tag.PatientBirthDate);
        p.sex = ds.getString(Tag.PatientSex);
        p.attrs = Levels.encode(Levels.extract(ds, Levels.Level.PATIENT));
    }

    private static void fillStudy(StudyEntity st, DataSet ds) {
        st.studyDate = ds.getString(Tag.StudyDate);
        st.studyTime = normalizeTime(ds.getString(Tag.StudyTime));
        st.accessionNumber = ds.getString(Tag.AccessionNumber);
        st.studyId = ds.getString(Tag.StudyID);
        st.referringPhysician = ds.getString(Tag.ReferringPhysicianName);
        st.referringPhysicianFolded = NameFolding.fold(st.referringPhysician);
        st.description = ds.getString(Tag.StudyDescription);
        st.attrs = Levels.encode(Levels.extract(ds, Levels.Level.STUDY));
    }

    private static void fillSeries(SeriesEntity se, DataSet ds) {
        se.modality = ds.getString(Tag.Modality);
        se.seriesNumber = intOrNull(ds, Tag.SeriesNumber);
        se.description = ds.getString(Tag.SeriesDescription);
        se.bodyPart = ds.getString(Tag.BodyPartExamined);
        se.performedDate = ds.getString(Tag.PerformedProcedureStepStartDate);
        se.attrs = Levels.encode(Levels.extract(ds, Levels.Level.SERIES));
        se.updated = se.created;
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
