package org.senpacs.ris.mpps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.senpacs.archive.db.Database;
import org.senpacs.archive.index.Levels;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Uids;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modality Performed Procedure Steps (PS3.4 F.7): kept in {@code ris_mpps} with their whole data
 * set, linked to the orders of their Scheduled Step Attribute Sequence, and driving the orders'
 * status: a step in progress puts its orders IN_PROGRESS, a completed one COMPLETED, a
 * discontinued one DISCONTINUED (unless another step of the order is in progress or completed).
 * An MPPS whose orders are unknown (an unscheduled procedure) is kept unlinked.
 */
public final class MppsService {

    private static final Logger LOG = LoggerFactory.getLogger(MppsService.class);

    /** An MPPS as stored. */
    public record Mpps(long pk, String sopInstanceUid, String status, List<Long> orderPks, DataSet attributes) {}

    private final Database database;
    private final OrderStatusEvents events;

    public MppsService(Database database, OrderStatusEvents events) {
        this.database = database;
        this.events = events;
    }

    /**
     * N-CREATE: records a step IN PROGRESS. Returns its SOP Instance UID (assigned when
     * {@code sopInstanceUid} is null).
     *
     * @throws DicomServiceException 0x0111 for a SOP instance that exists, 0x0120 / 0x0121 / 0x0106
     *     for missing or wrong attributes, 0x0110 when the database fails
     */
    public String create(String callingAet, String sopInstanceUid, DataSet attrs) throws DicomServiceException {
        if (attrs == null) throw MppsRules.error(Status.MISSING_ATTRIBUTE, "no attributes");
        if (sopInstanceUid != null && !Uids.isValid(sopInstanceUid)) {
            throw new DicomServiceException(Status.INVALID_ARGUMENT_VALUE, "invalid SOP Instance UID");
        }
        MppsRules.checkCreate(attrs);
        String uid = sopInstanceUid != null ? sopInstanceUid : Uids.create();
        List<OrderStatusChange> changes = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection()) {
            try {
                if (exists(c, uid)) throw new DicomServiceException(Status.DUPLICATE_SOP_INSTANCE, "MPPS " + uid + " exists");
                Set<Long> orders = MppsOrders.resolve(c, attrs.getSequence(Tag.ScheduledStepAttributesSequence));
                insert(c, uid, callingAet, attrs, orders);
                for (long order : orders) {
                    OrderStatusTransitions.move(c, order, "IN_PROGRESS", "MPPS", uid).ifPresent(changes::add);
                }
                c.commit();
                if (orders.isEmpty()) LOG.info("SEN-R212 MPPS {} from {} in progress: no known order (kept unlinked)", uid, callingAet);
                else LOG.info("SEN-R213 MPPS {} from {} in progress for order(s) {}", uid, callingAet, orders);
            } catch (SQLException e) {
                c.rollback();
                if (isUniqueViolation(e)) throw new DicomServiceException(Status.DUPLICATE_SOP_INSTANCE, "MPPS " + uid + " exists");
                throw e;
            } catch (DicomServiceException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw databaseFailure(e);
        }
        events.fire(changes);
        force();
        return uid;
    }

    /**
     * N-SET: applies {@code mods} to a step that is IN PROGRESS; COMPLETED or DISCONTINUED make it
     * final and move its orders.
     *
     * @throws DicomServiceException 0x0112 for an unknown SOP instance, 0x0110 (Error ID A710) for
     *     a step already final, 0x0106 / 0x0120 / 0x0121 for wrong or missing attributes
     */
    public void set(String sopInstanceUid, DataSet mods) throws DicomServiceException {
        if (mods == null) throw MppsRules.error(Status.MISSING_ATTRIBUTE, "no modifications");
        List<OrderStatusChange> changes = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection()) {
            try {
                Mpps stored = load(c, sopInstanceUid, true)
                        .orElseThrow(() -> new DicomServiceException(Status.NO_SUCH_OBJECT_INSTANCE, "no MPPS " + sopInstanceUid));
                if (!MppsRules.IN_PROGRESS.equals(stored.status())) {
                    DataSet rsp = new DataSet(1);
                    rsp.setInt(Tag.ErrorID, VR.US, 0xA710);
                    throw new DicomServiceException(Status.PROCESSING_FAILURE,
                            "Performed Procedure Step Object may no longer be updated", rsp);
                }
                DataSet merged = utf8(stored.attributes().copy());
                merged.addAll(utf8(mods.copy()));
                MppsRules.checkSet(stored.attributes(), mods, merged);
                String status = merged.getString(Tag.PerformedProcedureStepStatus);
                update(c, stored.pk(), status, merged);
                if (!status.equals(MppsRules.IN_PROGRESS)) {
                    for (long order : stored.orderPks()) {
                        OrderStatusTransitions.move(c, order, orderStatusFromSteps(c, order), "MPPS", sopInstanceUid)
                                .ifPresent(changes::add);
                    }
                }
                c.commit();
                if (!status.equals(MppsRules.IN_PROGRESS)) LOG.info("SEN-R214 MPPS {} {}", sopInstanceUid, status);
            } catch (DicomServiceException | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw databaseFailure(e);
        }
        events.fire(changes);
        force();
    }

    /** The response confirms the step (and the order status updates it queued): on the disk first. */
    private void force() throws DicomServiceException {
        try {
            database.forceCommitted();
        } catch (SQLException e) {
            throw databaseFailure(e);
        }
    }

    /** The MPPS of a SOP Instance UID. */
    public Optional<Mpps> find(String sopInstanceUid) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            try {
                return load(c, sopInstanceUid, false);
            } finally {
                c.rollback();
            }
        }
    }

    /** The order status its steps call for: any completed, else any in progress, else discontinued. */
    private static String orderStatusFromSteps(Connection c, long order) throws SQLException {
        Set<String> statuses = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select m.status from ris_mpps m join ris_mpps_order l on l.mpps_fk = m.pk where l.order_fk = ?")) {
            ps.setLong(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) statuses.add(rs.getString(1));
            }
        }
        if (statuses.contains(MppsRules.COMPLETED)) return "COMPLETED";
        if (statuses.contains(MppsRules.IN_PROGRESS)) return "IN_PROGRESS";
        return "DISCONTINUED";
    }

    private static DataSet utf8(DataSet ds) {
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        return ds;
    }

    private static boolean exists(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from ris_mpps where sop_uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insert(Connection c, String uid, String callingAet, DataSet attrs, Set<Long> orders) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        long pk;
        try (PreparedStatement ps = c.prepareStatement("insert into ris_mpps (sop_uid, order_fk, status, station_aet, attrs,"
                + " created, updated) values (?, ?, ?, ?, ?, ?, ?)", new String[] {"pk"})) {
            ps.setString(1, uid);
            if (orders.isEmpty()) ps.setNull(2, java.sql.Types.BIGINT);
            else ps.setLong(2, orders.iterator().next());
            ps.setString(3, MppsRules.IN_PROGRESS);
            String station = attrs.getString(Tag.PerformedStationAETitle);
            ps.setString(4, station != null ? station : callingAet);
            ps.setBytes(5, Levels.encode(attrs));
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                pk = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into ris_mpps_order (mpps_fk, order_fk) values (?, ?)")) {
            for (long order : orders) {
                ps.setLong(1, pk);
                ps.setLong(2, order);
                ps.executeUpdate();
            }
        }
    }

    private static void update(Connection c, long pk, String status, DataSet attrs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update ris_mpps set status = ?, attrs = ?, updated = ? where pk = ?")) {
            ps.setString(1, status);
            ps.setBytes(2, Levels.encode(attrs));
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setLong(4, pk);
            ps.executeUpdate();
        }
    }

    private static Optional<Mpps> load(Connection c, String uid, boolean forUpdate) throws SQLException {
        long pk;
        String status;
        DataSet attrs;
        try (PreparedStatement ps = c.prepareStatement("select pk, status, attrs from ris_mpps where sop_uid = ?"
                + (forUpdate ? " for update" : ""))) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                pk = rs.getLong(1);
                status = rs.getString(2);
                attrs = Levels.decode(rs.getBytes(3));
            }
        }
        List<Long> orders = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select order_fk from ris_mpps_order where mpps_fk = ? order by order_fk")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) orders.add(rs.getLong(1));
            }
        }
        return Optional.of(new Mpps(pk, uid, status, List.copyOf(orders), attrs));
    }

    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.equals("23001"));
    }

    private static DicomServiceException databaseFailure(SQLException e) {
        LOG.warn("SEN-R215 MPPS not recorded, database failed: {}", e.toString());
        return new DicomServiceException(Status.PROCESSING_FAILURE, "database unavailable", e);
    }
}
