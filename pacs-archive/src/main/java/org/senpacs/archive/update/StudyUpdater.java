package org.senpacs.archive.update;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.index.Levels;
import org.senpacs.archive.patient.Patients;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the attributes of a stored study everywhere they are kept: in every stored object and in
 * the index (patient, study, series and instance rows), optionally moving the study to another
 * patient — for linking a study to its order, and for patient merges and updates from the HIS.
 * The UIDs of the objects never change.
 *
 * <p>Crash-safe by construction: each object is rewritten to a new key beside the old one and
 * published, then one transaction points the instance rows at the new objects and updates the
 * index, and only after the commit are the old objects deleted. A crash before the commit leaves
 * the new objects unindexed (the start after the crash removes them), one after it leaves the old
 * ones unindexed (removed likewise); every indexed object is always there, whole, as recorded.
 * Instances stored into the study meanwhile are rewritten too before the commit.
 */
public final class StudyUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(StudyUpdater.class);
    private static final int MAX_ROUNDS = 4;

    /** More work for the update's transaction (e.g. linking an order to the study), committed with it. */
    @FunctionalInterface
    public interface InTransaction {
        /** Does the work; an exception rolls the whole update back. */
        void run(Connection c) throws SQLException, ArchiveException;
    }

    private final Archive archive;
    private final ObjectRewriter rewriter;

    public StudyUpdater(Archive archive) {
        this.archive = archive;
        this.rewriter = new ObjectRewriter(archive.storage());
    }

    /** {@link #update(String, DataSet, Long, InTransaction)} with nothing more in the transaction. */
    public List<String> update(String studyUid, DataSet patch, Long targetPatientPk) throws ArchiveException {
        return update(studyUid, patch, targetPatientPk, c -> { });
    }

    /**
     * Writes {@code patch} over the study's objects and index rows.
     *
     * @param patch the attributes to set, at any level (patient, study, series, instance); an
     *     empty value empties the attribute. It may not contain SOP, Study or Series Instance UIDs,
     *     file meta or pixel data elements.
     * @param targetPatientPk the patient row the study belongs to afterwards, or null: then a patch
     *     with a Patient ID moves the study to that patient (created when unknown), and a patch with
     *     other patient attributes updates the study's patient. The target patient's attributes are
     *     written into the objects, under those of the patch. A patient left without studies is
     *     deleted, unless other rows (orders) still refer to it.
     * @param alsoDo runs in the transaction of the index update, before its commit
     * @return the SOP Instance UIDs of the changed objects
     * @throws ArchiveException NOT_FOUND for an unknown study or target patient, STORAGE_FAILURE
     *     or DATABASE_UNAVAILABLE when the update could not be done (then nothing changed)
     */
    public List<String> update(String studyUid, DataSet patch, Long targetPatientPk, InTransaction alsoDo)
            throws ArchiveException {
        Patch p = new Patch(targetPatientPk == null ? patch : withPatient(patch, targetPatientPk));
        Map<String, ObjectRewriter.Rewritten> done = new HashMap<>();
        List<String> discard = new ArrayList<>();
        List<IndexRows.Instance> committed = null;
        try {
            for (int round = 0; round < MAX_ROUNDS && committed == null; round++) {
                rewriteMissing(studyUid, p, done, discard);
                committed = commit(studyUid, p, targetPatientPk, done, alsoDo);
            }
        } catch (ArchiveException | RuntimeException e) {
            done.values().forEach(w -> discard.add(w.stored().key()));
            deleteQuietly(discard);
            throw e;
        }
        if (committed == null) {
            done.values().forEach(w -> discard.add(w.stored().key()));
            deleteQuietly(discard);
            throw new ArchiveException(ArchiveError.PROCESSING_FAILURE, "study " + studyUid + " kept changing during the update");
        }
        List<String> changed = new ArrayList<>(committed.size());
        List<String> old = new ArrayList<>(committed.size());
        Set<String> kept = new HashSet<>();
        for (IndexRows.Instance i : committed) {
            changed.add(i.sopInstanceUid());
            old.add(i.storageKey());
            kept.add(i.sopInstanceUid());
        }
        done.forEach((uid, w) -> {
            if (!kept.contains(uid)) discard.add(w.stored().key()); // deleted from the study meanwhile
        });
        try {
            // the rows must name the new files on the disk before the old files go
            archive.database().forceCommitted();
            deleteQuietly(old);
        } catch (SQLException e) {
            LOG.warn("SEN-A405 study {} updated, but its index could not be forced to the disk: {}; the objects it"
                    + " replaced stay until the next start after a crash, or verify", studyUid, e.toString());
        }
        deleteQuietly(discard);
        LOG.info("SEN-A401 study {} updated: {} objects rewritten", studyUid, changed.size());
        archive.events().fireStudyChanged(studyUid);
        return changed;
    }

    /** The patch over the target patient's attributes (so that the objects name the patient they now belong to). */
    private DataSet withPatient(DataSet patch, long patientPk) throws ArchiveException {
        Patients.Patient target;
        try (Connection c = archive.database().dataSource().getConnection()) {
            try {
                target = archive.patients().find(c, patientPk)
                        .orElseThrow(() -> new ArchiveException(ArchiveError.NOT_FOUND, "no patient " + patientPk));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "index database unavailable", e);
        }
        String id = patch.getString(Tag.PatientID);
        if (id != null && !(id.equals(target.key().id())
                && target.key().issuer().equals(patch.getString(Tag.IssuerOfPatientID, target.key().issuer())))) {
            throw new IllegalArgumentException("the patch names another patient than the target patient " + patientPk);
        }
        DataSet merged = Levels.extract(target.attrs(), Levels.Level.PATIENT);
        merged.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        DataSet given = patch.copy();
        given.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        merged.addAll(given);
        merged.setString(Tag.PatientID, VR.LO, target.key().id());
        if (target.key().issuer().isEmpty()) merged.setEmpty(Tag.IssuerOfPatientID, VR.LO);
        else merged.setString(Tag.IssuerOfPatientID, VR.LO, target.key().issuer());
        return merged;
    }

    /** Rewrites the objects of the study not rewritten yet (or replaced since). */
    private void rewriteMissing(String studyUid, Patch p, Map<String, ObjectRewriter.Rewritten> done, List<String> discard)
            throws ArchiveException {
        List<IndexRows.Instance> rows;
        try (Connection c = archive.database().dataSource().getConnection()) {
            try {
                rows = IndexRows.instances(c, studyUid);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "index database unavailable", e);
        }
        for (IndexRows.Instance i : rows) {
            ObjectRewriter.Rewritten w = done.get(i.sopInstanceUid());
            if (w != null && w.oldKey().equals(i.storageKey())) continue;
            if (w != null) discard.add(w.stored().key());
            done.remove(i.sopInstanceUid());
            try {
                done.put(i.sopInstanceUid(), rewriter.rewrite(i.sopInstanceUid(), i.storageKey(), p));
            } catch (StorageException e) {
                if (e.reason() != StorageException.Reason.NOT_FOUND) throw storageFailure(i, e);
                // replaced or deleted meanwhile: the next round sees it as it is now
            } catch (IOException e) {
                throw storageFailure(i, e);
            }
        }
    }

    /** The instances committed, or null when the study changed since the objects were rewritten. */
    private List<IndexRows.Instance> commit(String studyUid, Patch p, Long targetPatientPk,
                                            Map<String, ObjectRewriter.Rewritten> done, InTransaction alsoDo) throws ArchiveException {
        try (Connection c = archive.database().dataSource().getConnection()) {
            try {
                IndexRows.Study study = IndexRows.lockStudy(c, studyUid);
                if (study == null) throw new ArchiveException(ArchiveError.NOT_FOUND, "no study " + studyUid);
                List<IndexRows.Instance> rows = IndexRows.instances(c, studyUid);
                for (IndexRows.Instance i : rows) {
                    ObjectRewriter.Rewritten w = done.get(i.sopInstanceUid());
                    if (w == null || !w.oldKey().equals(i.storageKey())) {
                        c.rollback();
                        return null;
                    }
                }
                IndexRows.apply(c, study, rows, done, p, targetPatientPk, archive.patients());
                alsoDo.run(c);
                c.commit();
                return rows;
            } catch (SQLException | ArchiveException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.warn("SEN-A402 study {} not updated, index database failed: {}", studyUid, e.toString());
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "index update failed: " + e.getMessage(), e);
        }
    }

    private static ArchiveException storageFailure(IndexRows.Instance i, IOException e) {
        LOG.warn("SEN-A403 object {} could not be rewritten: {}", i.storageKey(), e.toString());
        return new ArchiveException(ArchiveError.STORAGE_FAILURE, "rewriting " + i.sopInstanceUid() + " failed: " + e.getMessage(), e);
    }

    private void deleteQuietly(List<String> keys) {
        for (String key : keys) {
            try {
                archive.storage().delete(key);
            } catch (IOException e) {
                LOG.warn("SEN-A404 could not delete {}: {} (removed at the next start after a crash, or by verify)", key, e.toString());
            }
        }
    }
}
