package org.senpacs.ris.study;

import jakarta.ws.rs.WebApplicationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.update.StudyUpdater;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.ris.mpps.OrderStatusChange;
import org.senpacs.ris.mpps.OrderStatusEvents;
import org.senpacs.ris.mpps.OrderStatusTransitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders and the stored studies that perform them: the studies no order claims, and the linking
 * of such a study to its order — the order's patient and request attributes are written into the
 * study's objects and index (its UIDs never change), the order takes the study's Study Instance
 * UID, and a scheduled or started order becomes COMPLETED.
 */
public final class StudyLinks {

    private static final Logger LOG = LoggerFactory.getLogger(StudyLinks.class);
    private static final String UNCLAIMED = " from study st join patient p on p.pk = st.patient_fk"
            + " where not exists (select 1 from ris_order o where o.study_uid = st.study_uid)"
            + " and (st.accession_number is null or st.accession_number = ''"
            + " or not exists (select 1 from ris_order o2 where o2.accession_number = st.accession_number))";

    private final Archive archive;
    private final StudyUpdater updater;
    private final OrderStatusEvents events;

    public StudyLinks(Archive archive, StudyUpdater updater, OrderStatusEvents events) {
        this.archive = archive;
        this.updater = updater;
        this.events = events;
    }

    /** The stored studies no order claims, the latest stored first. */
    public List<UnmatchedStudy> unmatched(int offset, int limit) throws ArchiveException {
        String sql = "select st.study_uid, st.study_date, st.study_time, st.accession_number, st.description, st.modalities,"
                + " st.num_series, st.num_instances, p.patient_id, p.issuer, p.patient_name, p.birth_date, p.sex"
                + UNCLAIMED + " order by st.pk desc offset ? rows fetch first ? rows only";
        List<UnmatchedStudy> out = new ArrayList<>();
        try (Connection c = archive.database().dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, offset);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new UnmatchedStudy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getString(9),
                                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "index database unavailable", e);
        }
        return out;
    }

    /**
     * The stored studies of an order ("images available"): the study with the order's Study
     * Instance UID, and studies stored with its Accession Number (a modality that took the
     * accession from the worklist but made its own Study Instance UID).
     */
    public List<String> storedStudiesOf(long orderPk) throws ArchiveException {
        List<String> uids = new ArrayList<>();
        try (Connection c = archive.database().dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select st.study_uid from ris_order o join study st"
                    + " on st.study_uid = o.study_uid or st.accession_number = o.accession_number where o.pk = ? order by st.pk")) {
                ps.setLong(1, orderPk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) uids.add(rs.getString(1));
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "index database unavailable", e);
        }
        return uids;
    }

    /**
     * Links a stored study to an order.
     *
     * @throws ArchiveException NOT_FOUND for an unknown order or study, STORAGE_FAILURE or
     *     DATABASE_UNAVAILABLE (then nothing changed)
     * @throws WebApplicationException 409 when the order is cancelled or discontinued, already has
     *     other stored images, or the study belongs to another order
     */
    public LinkResult link(String studyUid, long orderPk) throws ArchiveException {
        LinkedOrder order = LinkedOrder.load(archive.database().dataSource(), orderPk)
                .orElseThrow(() -> new ArchiveException(ArchiveError.NOT_FOUND, "no order " + orderPk));
        try (Connection c = archive.database().dataSource().getConnection()) {
            try {
                checkLinkable(c, studyUid, orderPk);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "index database unavailable", e);
        }
        List<OrderStatusChange> changes = new ArrayList<>();
        String[] status = {order.status()};
        List<String> changed = updater.update(studyUid, patch(order), order.patientPk(), c -> {
            checkLinkable(c, studyUid, orderPk);
            try (PreparedStatement ps = c.prepareStatement(
                    "update ris_order set study_uid = ?, updated = ?, version = version + 1 where pk = ?")) {
                ps.setString(1, studyUid);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setLong(3, orderPk);
                ps.executeUpdate();
            }
            OrderStatusTransitions.move(c, orderPk, "COMPLETED", "IMAGES", null).ifPresent(ch -> {
                changes.add(ch);
                status[0] = ch.newStatus();
            });
        });
        LOG.info("SEN-R220 study {} linked to order {}: {} objects updated", studyUid, orderPk, changed.size());
        events.fire(changes);
        return new LinkResult(studyUid, orderPk, status[0], changed);
    }

    /** Refuses a link that would break the one-order-one-study rule; locks the order's row. */
    private static void checkLinkable(Connection c, String studyUid, long orderPk) throws SQLException {
        String orderStudy;
        String status;
        try (PreparedStatement ps = c.prepareStatement("select study_uid, status from ris_order where pk = ? for update")) {
            ps.setLong(1, orderPk);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new WebApplicationException("order " + orderPk + " was deleted", 409);
                orderStudy = rs.getString(1);
                status = rs.getString(2);
            }
        }
        if (status.equals("CANCELLED") || status.equals("DISCONTINUED")) {
            throw new WebApplicationException("order " + orderPk + " is " + status, 409);
        }
        if (!orderStudy.equals(studyUid) && exists(c, "select 1 from study where study_uid = ?", orderStudy)) {
            throw new WebApplicationException("order " + orderPk + " already has stored images (study " + orderStudy + ")", 409);
        }
        try (PreparedStatement ps = c.prepareStatement("select pk from ris_order where study_uid = ? and pk <> ?")) {
            ps.setString(1, studyUid);
            ps.setLong(2, orderPk);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) throw new WebApplicationException("study " + studyUid + " belongs to order " + rs.getLong(1), 409);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The order's attributes for the study's objects (the patient's come from the patient row). */
    static DataSet patch(LinkedOrder o) {
        DataSet p = new DataSet();
        p.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        p.setString(Tag.AccessionNumber, VR.SH, o.accession());
        if (o.referringPhysician() != null) p.setString(Tag.ReferringPhysicianName, VR.PN, o.referringPhysician());
        if (o.requestingPhysician() != null) p.setString(Tag.RequestingPhysician, VR.PN, o.requestingPhysician());
        if (o.procedureMeaning() != null) p.setString(Tag.RequestedProcedureDescription, VR.LO, o.procedureMeaning());
        code(p, Tag.ProcedureCodeSequence, o);
        DataSet req = p.newSequence(Tag.RequestAttributesSequence, 1).addItem();
        req.setString(Tag.AccessionNumber, VR.SH, o.accession());
        req.setString(Tag.RequestedProcedureID, VR.SH, o.requestedProcedureId());
        req.setString(Tag.ScheduledProcedureStepID, VR.SH, o.spsId());
        if (o.procedureMeaning() != null) {
            req.setString(Tag.RequestedProcedureDescription, VR.LO, o.procedureMeaning());
            req.setString(Tag.ScheduledProcedureStepDescription, VR.LO, o.procedureMeaning());
        }
        code(req, Tag.RequestedProcedureCodeSequence, o);
        return p;
    }

    private static void code(DataSet ds, int tag, LinkedOrder o) {
        Sequence seq = ds.newSequence(tag, 1);
        if (o.procedureCode() == null) return;
        DataSet item = seq.addItem();
        if (o.procedureCode().length() <= 16) item.setString(Tag.CodeValue, VR.SH, o.procedureCode());
        else item.setString(Tag.LongCodeValue, VR.UC, o.procedureCode());
        item.setString(Tag.CodingSchemeDesignator, VR.SH, o.procedureScheme() != null ? o.procedureScheme() : "99SEN");
        item.setString(Tag.CodeMeaning, VR.LO, o.procedureMeaning() != null ? o.procedureMeaning() : o.procedureCode());
    }
}
