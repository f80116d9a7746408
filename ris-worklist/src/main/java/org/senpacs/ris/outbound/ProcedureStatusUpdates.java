package org.senpacs.ris.outbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.senpacs.archive.patient.Patients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the HIS that an order's status changed (scheduled, in progress, completed, discontinued,
 * cancelled): an OMG^O19 for every destination, queued in the outbox like reports.
 */
public final class ProcedureStatusUpdates {

    /** The outbox message type of status updates. */
    public static final String MESSAGE_TYPE = "OMG^O19";

    private static final Logger LOG = LoggerFactory.getLogger(ProcedureStatusUpdates.class);

    private final DataSource dataSource;
    private final Patients patients;
    private final Outbox outbox;
    private final OutboundOptions options;
    private final ProcedureStatusWriter writer;

    public ProcedureStatusUpdates(DataSource dataSource, Patients patients, Outbox outbox, OutboundOptions options) {
        this.dataSource = dataSource;
        this.patients = patients;
        this.outbox = outbox;
        this.options = options;
        this.writer = new ProcedureStatusWriter(options);
    }

    /**
     * Queues the update of the order's status as the caller's transaction sees it, in that
     * transaction (so it is sent exactly when the change is committed). After the commit, call
     * {@link Outbox#enqueued()} to send it without waiting for the next poll.
     *
     * @return the messages queued (one per destination)
     * @throws IllegalArgumentException when there is no such order
     */
    public int enqueue(Connection c, long orderPk) throws SQLException {
        if (options.destinations().isEmpty()) return 0;
        OutboundOrder o = OutboundOrder.find(c, orderPk, false)
                .orElseThrow(() -> new IllegalArgumentException("no order " + orderPk));
        Patients.Patient p = patients.find(c, o.patientPk())
                .orElseThrow(() -> new SQLException("order " + orderPk + " points at a missing patient"));
        String performed = o.performedTime(c);
        Instant now = Instant.now();
        for (HisDestination d : options.destinations()) {
            String controlId = Outbox.newControlId();
            outbox.enqueue(c, d.name(), MESSAGE_TYPE, controlId, orderPk, writer.write(o, p, performed, d, controlId, now));
        }
        LOG.info("SEN-R202 status {} of order {} queued for {} destination(s)", o.status(), orderPk, options.destinations().size());
        return options.destinations().size();
    }

    /** Queues the update of the order's committed status in a transaction of its own, and wakes the sender. */
    public int enqueue(long orderPk) throws SQLException {
        int n;
        try (Connection c = dataSource.getConnection()) {
            try {
                n = enqueue(c, orderPk);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (n > 0) outbox.enqueued();
        return n;
    }
}
