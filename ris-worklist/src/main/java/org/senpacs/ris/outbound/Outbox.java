package org.senpacs.ris.outbound;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * The durable outbox of HL7 messages ({@code ris_hl7_out}). Messages are queued inside the
 * caller's transaction, so a message exists exactly when the change it reports was committed;
 * an {@link OutboxSender} delivers them.
 */
public final class Outbox {

    static final String COLUMNS = "pk, destination, message_type, control_id, order_fk, payload, status, attempts,"
            + " next_attempt, last_error, created, sent";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public Outbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Queues a message in the caller's transaction (not committed here), due now.
     *
     * @param orderPk the order it is about, or null
     * @return the row's primary key
     */
    public long enqueue(Connection c, String destination, String messageType, String controlId, Long orderPk,
                        String payload) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = c.prepareStatement("insert into ris_hl7_out (destination, message_type, control_id,"
                + " order_fk, payload, status, attempts, next_attempt, created) values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)",
                new String[] {"pk"})) {
            ps.setString(1, destination);
            ps.setString(2, messageType);
            ps.setString(3, controlId);
            if (orderPk == null) ps.setNull(4, java.sql.Types.BIGINT);
            else ps.setLong(4, orderPk);
            ps.setString(5, payload);
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Tells the senders that messages were committed (call after the commit of {@link #enqueue}). */
    public void enqueued() {
        listeners.forEach(Runnable::run);
    }

    /** Calls {@code listener} after messages were committed. */
    public void onEnqueued(Runnable listener) {
        listeners.add(listener);
    }

    /** Stops calling a listener given to {@link #onEnqueued}. */
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /**
     * A new message control ID (MSH-10): 20 characters, time-ordered prefix and a random part,
     * unique among the messages we send.
     */
    public static String newControlId() {
        String time = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        StringBuilder sb = new StringBuilder("S").append(time);
        while (sb.length() < 20) sb.append(Character.toUpperCase(Character.forDigit(RANDOM.nextInt(36), 36)));
        return sb.toString();
    }

    /**
     * Messages, newest first, without their payload.
     *
     * @param status only these, or null for all
     * @param destination only for this destination, or null for all
     */
    public List<OutboxMessage> list(OutboxStatus status, String destination, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select " + COLUMNS.replace("payload", "null as payload") + " from ris_hl7_out where 1 = 1");
        List<String> args = new ArrayList<>();
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.name());
        }
        if (destination != null) {
            sql.append(" and destination = ?");
            args.add(destination);
        }
        sql.append(" order by pk desc fetch first ").append(Math.max(1, limit)).append(" rows only");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
            List<OutboxMessage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            c.commit();
            return out;
        }
    }

    /** The message of this primary key, with its payload. */
    public Optional<OutboxMessage> find(long pk) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<OutboxMessage> m = find(c, pk, false);
            c.commit();
            return m;
        }
    }

    /**
     * Queues a FAILED message again, due now, with a fresh count of attempts. Not when a later
     * message of the same order has been sent to the same destination since: it carries a newer
     * state (a final report after a preliminary, a correction), and the older one sent after it
     * would make the receiver show what is no longer true.
     *
     * @return the message as it is now, or empty when there is no such message
     * @throws IllegalStateException when the message is not FAILED, or a later one of its order was sent
     */
    public Optional<OutboxMessage> retry(long pk) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try {
                Optional<OutboxMessage> m = find(c, pk, true);
                if (m.isEmpty()) {
                    c.rollback();
                    return m;
                }
                if (m.get().status() != OutboxStatus.FAILED) {
                    throw new IllegalStateException("message " + pk + " is " + m.get().status() + ", only a FAILED message can be retried");
                }
                Long later = laterSent(c, m.get());
                if (later != null) {
                    throw new IllegalStateException("message " + pk + " is not sent again: message " + later + " of the same order"
                            + " went to " + m.get().destination() + " after it and supersedes it");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "update ris_hl7_out set status = 'PENDING', attempts = 0, next_attempt = ? where pk = ?")) {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    ps.setLong(2, pk);
                    ps.executeUpdate();
                }
                Optional<OutboxMessage> now = find(c, pk, false);
                c.commit();
                enqueued();
                return now;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A message of the same order queued after {@code m} and sent to the same destination, or null. */
    private static Long laterSent(Connection c, OutboxMessage m) throws SQLException {
        if (m.orderPk() == null) return null;
        try (PreparedStatement ps = c.prepareStatement("select pk from ris_hl7_out where order_fk = ? and destination = ?"
                + " and pk > ? and status = 'SENT' order by pk fetch first 1 rows only")) {
            ps.setLong(1, m.orderPk());
            ps.setString(2, m.destination());
            ps.setLong(3, m.pk());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    static Optional<OutboxMessage> find(Connection c, long pk, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from ris_hl7_out where pk = ?"
                + (forUpdate ? " for update" : ""))) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static OutboxMessage read(ResultSet rs) throws SQLException {
        long order = rs.getLong(5);
        Long orderPk = rs.wasNull() ? null : order;
        return new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), orderPk,
                rs.getString(6), OutboxStatus.valueOf(rs.getString(7)), rs.getInt(8), instant(rs.getTimestamp(9)),
                rs.getString(10), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
