package org.senpacs.ris.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.senpacs.archive.patient.Patients;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Uids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders: the logic shared by the HL7 order messages, the orders REST API and the worklist side
 * (MPPS moving an order's status). Methods taking a {@link Connection} work inside the caller's
 * transaction (auto-commit off) and neither commit nor roll back; the others run their own.
 *
 * <p>Every order passes the same checks ({@link OrderException} names the field at fault); an
 * order without accession number, requested procedure ID or step ID gets generated ones
 * (prefix + row key), one without Study Instance UID a new UID, and one naming a catalogued
 * procedure code without modality or description gets them from the catalogue.
 */
public final class OrderService {

    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

    private static final String COLUMNS = "o.pk, o.patient_fk, p.patient_id, p.issuer, p.patient_name,"
            + " o.placer_order_number, o.filler_order_number, o.accession_number, o.requested_procedure_id, o.study_uid,"
            + " o.sps_id, o.modality, o.station_aet, o.station_name, o.scheduled_start, o.procedure_code,"
            + " o.procedure_scheme, o.procedure_meaning, o.requesting_physician, o.referring_physician, o.reason,"
            + " o.medical_alerts, o.status, o.source, o.created, o.updated, o.version,"
            + " (select count(*) from study s where s.study_uid = o.study_uid)";
    private static final String SELECT = "select " + COLUMNS + " from ris_order o join patient p on p.pk = o.patient_fk";

    private final DataSource dataSource;
    private final Patients patients;
    private final OrderOptions options;

    public OrderService(DataSource dataSource, Patients patients, OrderOptions options) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.patients = Objects.requireNonNull(patients, "patients");
        this.options = Objects.requireNonNull(options, "options");
    }

    public OrderOptions options() {
        return options;
    }

    // ---- inside the caller's transaction

    /** Creates an order for a patient (by its row key), completing what the request leaves out. */
    public Order create(Connection c, long patientPk, OrderDetails request, OrderSource source) throws SQLException {
        OrderDetails d = fromCatalogue(request);
        OrderValidation.check(d);
        if (OrderValidation.present(d.accessionNumber()) && OrderValidation.present(d.requestedProcedureId())
                && exists(c, "accession_number = ? and requested_procedure_id = ?", d.accessionNumber(), d.requestedProcedureId())) {
            throw conflict(OrderField.REQUESTED_PROCEDURE_ID, "an order with accession number " + d.accessionNumber()
                    + " and requested procedure ID " + d.requestedProcedureId() + " exists already");
        }
        if (OrderValidation.present(d.spsId()) && exists(c, "sps_id = ?", d.spsId())) {
            throw conflict(OrderField.SPS_ID, "an order with scheduled procedure step ID " + d.spsId() + " exists already");
        }
        String studyUid = OrderValidation.present(d.studyUid()) ? d.studyUid() : Uids.create(options.uidRoot());
        Timestamp now = Timestamp.from(Instant.now());
        long pk;
        try (PreparedStatement ps = c.prepareStatement("insert into ris_order (patient_fk, placer_order_number,"
                + " filler_order_number, accession_number, requested_procedure_id, study_uid, sps_id, modality, station_aet,"
                + " station_name, scheduled_start, procedure_code, procedure_scheme, procedure_meaning, requesting_physician,"
                + " referring_physician, reason, medical_alerts, status, source, created, updated, version)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", new String[] {"pk"})) {
            String placeholder = "~" + UUID.randomUUID();
            ps.setLong(1, patientPk);
            ps.setString(2, blankToNull(d.placerOrderNumber()));
            ps.setString(3, blankToNull(d.fillerOrderNumber()));
            ps.setString(4, orElse(d.accessionNumber(), placeholder));
            ps.setString(5, orElse(d.requestedProcedureId(), placeholder));
            ps.setString(6, studyUid);
            ps.setString(7, orElse(d.spsId(), placeholder));
            ps.setString(8, blankToNull(d.modality()));
            ps.setString(9, blankToNull(d.stationAet()));
            ps.setString(10, blankToNull(d.stationName()));
            setTimestamp(ps, 11, d.scheduledStart());
            ps.setString(12, blankToNull(d.procedureCode()));
            ps.setString(13, blankToNull(d.procedureScheme()));
            ps.setString(14, blankToNull(d.procedureMeaning()));
            ps.setString(15, blankToNull(d.requestingPhysician()));
            ps.setString(16, blankToNull(d.referringPhysician()));
            ps.setString(17, blankToNull(d.reason()));
            ps.setString(18, blankToNull(d.medicalAlerts()));
            ps.setString(19, OrderStatus.SCHEDULED.name());
            ps.setString(20, source.name());
            ps.setTimestamp(21, now);
            ps.setTimestamp(22, now);
            executeUnique(ps, OrderField.SPS_ID);
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                pk = rs.getLong(1);
            }
        }
        if (!OrderValidation.present(d.accessionNumber()) || !OrderValidation.present(d.requestedProcedureId())
                || !OrderValidation.present(d.spsId())) {
            try (PreparedStatement ps = c.prepareStatement("update ris_order set accession_number = ?,"
                    + " requested_procedure_id = ?, sps_id = ? where pk = ?")) {
                String prefix = options.idPrefix();
                ps.setString(1, orElse(d.accessionNumber(), prefix + pk));
                ps.setString(2, orElse(d.requestedProcedureId(), prefix + "R" + pk));
                ps.setString(3, orElse(d.spsId(), prefix + "S" + pk));
                ps.setLong(4, pk);
                executeUnique(ps, OrderField.ACCESSION_NUMBER);
            }
        }
        Order created = find(c, pk).orElseThrow();
        LOG.info("SEN-R100 order {} created from {}: accession {}, step {}", pk, source, created.accessionNumber(), created.spsId());
        return created;
    }

    /**
     * Changes the scheduled fields of an order still scheduled: null keeps a value, "" clears it.
     *
     * @param expectedVersion the version the caller saw, or null not to check
     */
    public Order update(Connection c, long pk, OrderDetails changes, Integer expectedVersion) throws SQLException {
        Order o = lock(c, pk);
        if (expectedVersion != null && expectedVersion != o.version()) {
            throw conflict(OrderField.VERSION, "order " + pk + " was changed meanwhile (version " + o.version()
                    + ", not " + expectedVersion + ")");
        }
        if (o.status() != OrderStatus.SCHEDULED) {
            throw conflict(OrderField.STATUS, "order " + pk + " is " + o.status() + ": only a scheduled order can be changed");
        }
        OrderDetails d = fromCatalogue(new OrderDetails(
                merge(o.placerOrderNumber(), changes.placerOrderNumber()), merge(o.fillerOrderNumber(), changes.fillerOrderNumber()),
                mergeId(o.accessionNumber(), changes.accessionNumber()), mergeId(o.requestedProcedureId(), changes.requestedProcedureId()),
                mergeId(o.studyUid(), changes.studyUid()), mergeId(o.spsId(), changes.spsId()),
                merge(o.modality(), changes.modality()), merge(o.stationAet(), changes.stationAet()),
                merge(o.stationName(), changes.stationName()),
                changes.scheduledStart() != null ? changes.scheduledStart() : o.scheduledStart(),
                merge(o.procedureCode(), changes.procedureCode()), merge(o.procedureScheme(), changes.procedureScheme()),
                merge(o.procedureMeaning(), changes.procedureMeaning()),
                merge(o.requestingPhysician(), changes.requestingPhysician()),
                merge(o.referringPhysician(), changes.referringPhysician()), merge(o.reason(), changes.reason()),
                merge(o.medicalAlerts(), changes.medicalAlerts())));
        OrderValidation.check(d);
        if ((!d.accessionNumber().equals(o.accessionNumber()) || !d.requestedProcedureId().equals(o.requestedProcedureId()))
                && exists(c, "accession_number = ? and requested_procedure_id = ? and pk <> " + pk, d.accessionNumber(),
                d.requestedProcedureId())) {
            throw conflict(OrderField.REQUESTED_PROCEDURE_ID, "another order has accession number " + d.accessionNumber()
                    + " and requested procedure ID " + d.requestedProcedureId());
        }
        if (!d.spsId().equals(o.spsId()) && exists(c, "sps_id = ? and pk <> " + pk, d.spsId())) {
            throw conflict(OrderField.SPS_ID, "another order has scheduled procedure step ID " + d.spsId());
        }
        try (PreparedStatement ps = c.prepareStatement("update ris_order set placer_order_number = ?, filler_order_number = ?,"
                + " accession_number = ?, requested_procedure_id = ?, study_uid = ?, sps_id = ?, modality = ?, station_aet = ?,"
                + " station_name = ?, scheduled_start = ?, procedure_code = ?, procedure_scheme = ?, procedure_meaning = ?,"
                + " requesting_physician = ?, referring_physician = ?, reason = ?, medical_alerts = ?, updated = ?,"
                + " version = version + 1 where pk = ?")) {
            ps.setString(1, d.placerOrderNumber());
            ps.setString(2, d.fillerOrderNumber());
            ps.setString(3, d.accessionNumber());
            ps.setString(4, d.requestedProcedureId());
            ps.setString(5, d.studyUid());
            ps.setString(6, d.spsId());
            ps.setString(7, d.modality());
            ps.setString(8, d.stationAet());
            ps.setString(9, d.stationName());
            setTimestamp(ps, 10, d.scheduledStart());
            ps.setString(11, d.procedureCode());
            ps.setString(12, d.procedureScheme());
            ps.setString(13, d.procedureMeaning());
            ps.setString(14, d.requestingPhysician());
            ps.setString(15, d.referringPhysician());
            ps.setString(16, d.reason());
            ps.setString(17, d.medicalAlerts());
            ps.setTimestamp(18, Timestamp.from(Instant.now()));
            ps.setLong(19, pk);
            executeUnique(ps, OrderField.SPS_ID);
        }
        LOG.info("SEN-R101 order {} updated", pk);
        return find(c, pk).orElseThrow();
    }

    /**
     * Moves an order to another status, if its current status allows it (see
     * {@link OrderStatus#canBecome}); a move to the status it has changes nothing.
     */
    public Order setStatus(Connection c, long pk, OrderStatus next) throws SQLException {
        Order o = lock(c, pk);
        if (o.status() == next) return o;
        if (!o.status().canBecome(next)) {
            throw conflict(OrderField.STATUS, "order " + pk + " is " + o.status() + " and cannot become " + next);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update ris_order set status = ?, updated = ?, version = version + 1 where pk = ?")) {
            ps.setString(1, next.name());
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, pk);
            ps.executeUpdate();
        }
        LOG.info("SEN-R102 order {} {} -> {}", pk, o.status(), next);
        return find(c, pk).orElseThrow();
    }

    /** Moves every order of one patient to another (patient merge); returns how many moved. */
    public int movePatient(Connection c, long fromPatientPk, long toPatientPk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update ris_order set patient_fk = ?, updated = ?, version = version + 1 where patient_fk = ?")) {
            ps.setLong(1, toPatientPk);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, fromPatientPk);
            return ps.executeUpdate();
        }
    }

    public Optional<Order> find(Connection c, long pk) throws SQLException {
        List<Order> found = select(c, SELECT + " where o.pk = ?", pk);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The orders of a placer order number (ORC-2), in creation order. */
    public List<Order> findByPlacerOrderNumber(Connection c, String placer) throws SQLException {
        return select(c, SELECT + " where o.placer_order_number = ? order by o.pk", placer);
    }

    /** The orders of a filler order number (ORC-3), in creation order. */
    public List<Order> findByFillerOrderNumber(Connection c, String filler) throws SQLException {
        return select(c, SELECT + " where o.filler_order_number = ? order by o.pk", filler);
    }

    public List<Order> findByAccession(Connection c, String accession) throws SQLException {
        return select(c, SELECT + " where o.accession_number = ? order by o.pk", accession);
    }

    public Optional<Order> findBySpsId(Connection c, String spsId) throws SQLException {
        List<Order> found = select(c, SELECT + " where o.sps_id = ?", spsId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<Order> findByStudyUid(Connection c, String studyUid) throws SQLException {
        return select(c, SELECT + " where o.study_uid = ? order by o.pk", studyUid);
    }

    /** The orders matching a query, by scheduled start then key. */
    public List<Order> list(Connection c, OrderQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT).append(" where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.status() != null) add(sql, args, " and o.status = ?", q.status().name());
        if (q.patientId() != null) add(sql, args, " and p.patient_id = ?", q.patientId());
        if (q.accessionNumber() != null) add(sql, args, " and o.accession_number = ?", q.accessionNumber());
        if (q.modality() != null) add(sql, args, " and o.modality = ?", q.modality());
        if (q.stationAet() != null) add(sql, args, " and o.station_aet = ?", q.stationAet());
        if (q.from() != null) add(sql, args, " and o.scheduled_start >= ?", Timestamp.valueOf(q.from()));
        if (q.to() != null) add(sql, args, " and o.scheduled_start < ?", Timestamp.valueOf(q.to()));
        sql.append(" order by o.scheduled_start, o.pk limit ? offset ?");
        args.add(q.limit());
        args.add(q.offset());
        return select(c, sql.toString(), args.toArray());
    }

    // ---- each in its own transaction

    /** Creates an order, creating or updating its patient from {@code patientAttrs} (PatientID, IssuerOfPatientID, name, ...). */
    public Order create(DataSet patientAttrs, OrderDetails request, OrderSource source) {
        return inTransaction(c -> create(c, patients.upsert(c, patientAttrs), request, source));
    }

    public Order update(long pk, OrderDetails changes, Integer expectedVersion) {
        return inTransaction(c -> update(c, pk, changes, expectedVersion));
    }

    public Order setStatus(long pk, OrderStatus next) {
        return inTransaction(c -> setStatus(c, pk, next));
    }

    public Optional<Order> find(long pk) {
        return inTransaction(c -> find(c, pk));
    }

    public List<Order> findByAccession(String accession) {
        return inTransaction(c -> findByAccession(c, accession));
    }

    public Optional<Order> findBySpsId(String spsId) {
        return inTransaction(c -> findBySpsId(c, spsId));
    }

    public List<Order> findByStudyUid(String studyUid) {
        return inTransaction(c -> findByStudyUid(c, studyUid));
    }

    public List<Order> list(OrderQuery q) {
        return inTransaction(c -> list(c, q));
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws. A
     * database failure becomes an {@link OrderDatabaseException}.
     */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new OrderDatabaseException(e);
        }
    }

    // ---- helpers

    private OrderDetails fromCatalogue(OrderDetails d) {
        if (!OrderValidation.present(d.procedureCode())) return d;
        CatalogueEntry entry = options.catalogue().get(d.procedureCode());
        if (entry == null) return d;
        return d.withModalityAndMeaning(OrderValidation.present(d.modality()) ? d.modality() : entry.modality(),
                OrderValidation.present(d.procedureMeaning()) ? d.procedureMeaning() : entry.description());
    }

    private Order lock(Connection c, long pk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pk from ris_order where pk = ? for update")) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new OrderException(OrderException.Kind.NOT_FOUND, null, "no order " + pk);
            }
        }
        return find(c, pk).orElseThrow();
    }

    private static boolean exists(Connection c, String where, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from ris_order where " + where)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void executeUnique(PreparedStatement ps, OrderField field) throws SQLException {
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (OrderStore.isUniqueViolation(e)) {
                throw conflict(field, "another order has the same accession number and requested procedure ID, or step ID");
            }
            throw e;
        }
    }

    private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
        sql.append(clause);
        args.add(value);
    }

    private static List<Order> select(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            List<Order> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(OrderStore.read(rs));
            }
            return out;
        }
    }

    private static void setTimestamp(PreparedStatement ps, int index, LocalDateTime t) throws SQLException {
        if (t == null) ps.setNull(index, Types.TIMESTAMP);
        else ps.setTimestamp(index, Timestamp.valueOf(t));
    }

    private static String merge(String stored, String change) {
        if (change == null) return stored;
        return change.isEmpty() ? null : change;
    }

    private static String mergeId(String stored, String change) {
        return change == null || change.isEmpty() ? stored : change;
    }

    private static String orElse(String v, String fallback) {
        return OrderValidation.present(v) ? v : fallback;
    }

    private static String blankToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    private static OrderException conflict(OrderField field, String message) {
        return new OrderException(OrderException.Kind.CONFLICT, field, message);
    }
}
