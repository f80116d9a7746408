package org.senpacs.ris.outbound;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: one virtual thread sends the due messages of each destination in the
 * order they were queued, over MLLP with HAPI's client, and waits for each ACK. AA or CA marks
 * a message SENT; anything else (AE, AR, no answer, no connection) counts a failed attempt and
 * schedules the next one with exponential back-off, until the configured attempts are used up
 * (FAILED). A message waiting for its retry holds back the later messages of its destination,
 * so a receiver never gets a correction before the report it corrects.
 *
 * <p>All state is in the table: a new sender over the same database (after a restart) carries on
 * with the PENDING messages. Each attempt holds the message's row lock while it waits for the
 * ACK, so two nodes sharing the database never send the same message at once. Delivery is at
 * least once: when the ACK arrives but cannot be recorded, the message is sent again, with the
 * same control ID (MSH-10), by which the receiver recognises it.
 */
public final class OutboxSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    private static final int MAX_ERROR = 2000;

    private final DataSource dataSource;
    private final Outbox outbox;
    private final OutboundOptions options;
    private final DefaultHapiContext hapi;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final Runnable listener = this::wake;
    private boolean woken;
    private volatile boolean closed;
    private volatile Connection link;
    private Thread thread;

    public OutboxSender(DataSource dataSource, Outbox outbox, OutboundOptions options) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.options = options;
        this.hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
        MinLowerLayerProtocol llp = new MinLowerLayerProtocol(true);
        llp.setCharset(StandardCharsets.UTF_8);
        hapi.setLowerLayerProtocol(llp);
    }

    /** Starts delivering (PENDING messages left by an earlier run included). */
    public OutboxSender start() {
        outbox.onEnqueued(listener);
        thread = Thread.ofVirtual().name("sen-hl7-outbox").start(this::run);
        LOG.info("SEN-R300 HL7 outbox sender started for {} destination(s)", options.destinations().size());
        return this;
    }

    /** Looks for due messages now instead of at the next poll. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!closed) {
            Instant next = null;
            try {
                next = deliverDue();
            } catch (SQLException | RuntimeException e) {
                if (!closed) LOG.warn("SEN-R305 HL7 outbox pass failed, trying again later: {}", e.toString());
            }
            await(next);
        }
    }

    private void await(Instant next) {
        Duration wait = options.pollInterval();
        if (next != null) {
            Duration untilNext = Duration.between(Instant.now(), next);
            if (untilNext.compareTo(wait) < 0) wait = untilNext.isNegative() ? Duration.ZERO : untilNext;
        }
        long nanos = wait.toNanos();
        lock.lock();
        try {
            while (!woken && !closed && nanos > 0) nanos = signal.awaitNanos(nanos);
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** One pass over every destination with PENDING messages; returns the earliest retry time still ahead, or null. */
    private Instant deliverDue() throws SQLException {
        Instant earliest = null;
        for (String destination : pendingDestinations()) {
            if (closed) break;
            Instant next = deliver(destination);
            if (next != null && (earliest == null || next.isBefore(earliest))) earliest = next;
        }
        return earliest;
    }

    private Instant deliver(String destination) throws SQLException {
        Optional<HisDestination> to = options.destination(destination);
        try {
            while (!closed) {
                Optional<OutboxMessage> head = head(destination);
                if (head.isEmpty()) return null;
                if (head.get().nextAttempt().isAfter(Instant.now())) return head.get().nextAttempt();
                attempt(head.get().pk(), to);
            }
            return null;
        } finally {
            disconnect();
        }
    }

    /** Sends one message under its row lock and records the outcome. */
    private void attempt(long pk, Optional<HisDestination> to) throws SQLException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            try {
                Optional<OutboxMessage> row = Outbox.find(c, pk, true);
                if (row.isEmpty() || row.get().status() != OutboxStatus.PENDING || row.get().nextAttempt().isAfter(Instant.now())) {
                    c.rollback();
                    return;
                }
                OutboxMessage m = row.get();
                if (to.isEmpty()) {
                    giveUp(c, m, "no HL7 destination named " + m.destination() + " is configured");
                } else {
                    String refusal = send(to.get(), m);
                    if (refusal != null && closed) {
                        c.rollback();
                        return;
                    }
                    if (refusal == null) sent(c, m);
                    else failed(c, m, refusal);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Sends and waits for the ACK; null when accepted, else why not. */
    private String send(HisDestination to, OutboxMessage m) {
        Message message;
        try {
            message = hapi.getPipeParser().parse(m.payload());
        } catch (HL7Exception e) {
            return "cannot parse the queued message: " + e.getMessage();
        }
        try {
            if (link == null) link = hapi.newClient(to.host(), to.port(), to.tls());
            Initiator initiator = link.getInitiator();
            initiator.setTimeout(options.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            Message ack = initiator.sendAndReceive(message);
            Terser t = new Terser(ack);
            String code = t.get("/.MSA-1");
            if ("AA".equals(code) || "CA".equals(code)) return null;
            disconnect();
            return (code == null ? "answer without MSA-1" : code) + ackText(t);
        } catch (HL7Exception | LLPException | IOException | RuntimeException e) {
            disconnect();
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** The receiver's reasons: MSA-3, ERR-3 text and original text, ERR-8, those present. */
    private static String ackText(Terser t) {
        java.util.LinkedHashSet<String> texts = new java.util.LinkedHashSet<>();
        for (String path : new String[] {"/.MSA-3", "/.ERR-3-2", "/.ERR-3-9", "/.ERR-8"}) {
            try {
                String v = t.get(path);
                if (v != null && !v.isBlank()) texts.add(v);
            } catch (HL7Exception | RuntimeException absent) {
                // not in this ACK's structure
            }
        }
        return texts.isEmpty() ? "" : ": " + String.join("; ", texts);
    }

    private void sent(java.sql.Connection c, OutboxMessage m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update ris_hl7_out set status = 'SENT', attempts = attempts + 1, sent = ? where pk = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setLong(2, m.pk());
            ps.executeUpdate();
        }
        LOG.info("SEN-R301 HL7 {} {} delivered to {} (outbox {})", m.messageType(), m.controlId(), m.destination(), m.pk());
    }

    private void failed(java.sql.Connection c, OutboxMessage m, String error) throws SQLException {
        int attempts = m.attempts() + 1;
        if (attempts >= options.maxAttempts()) {
            giveUp(c, m, error);
            return;
        }
        Instant next = Instant.now().plus(options.retryDelay(attempts));
        try (PreparedStatement ps = c.prepareStatement(
                "update ris_hl7_out set attempts = ?, next_attempt = ?, last_error = ? where pk = ?")) {
            ps.setInt(1, attempts);
            ps.setTimestamp(2, Timestamp.from(next));
            ps.setString(3, truncate(error));
            ps.setLong(4, m.pk());
            ps.executeUpdate();
        }
        LOG.warn("SEN-R302 HL7 {} {} to {} not delivered (attempt {}), next attempt at {}: {}", m.messageType(), m.controlId(),
                m.destination(), attempts, next, error);
    }

    private void giveUp(java.sql.Connection c, OutboxMessage m, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update ris_hl7_out set status = 'FAILED', attempts = attempts + 1, last_error = ? where pk = ?")) {
            ps.setString(1, truncate(error));
            ps.setLong(2, m.pk());
            ps.executeUpdate();
        }
        LOG.error("SEN-R303 HL7 {} {} to {} FAILED after {} attempt(s): {}", m.messageType(), m.controlId(), m.destination(),
                m.attempts() + 1, error);
    }

    private List<String> pendingDestinations() throws SQLException {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select distinct destination from ris_hl7_out where status = 'PENDING' order by destination")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            c.commit();
        }
        return out;
    }

    /** The oldest PENDING message of a destination: the only one that may be sent next. */
    private Optional<OutboxMessage> head(String destination) throws SQLException {
        try (java.sql.Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select " + Outbox.COLUMNS.replace("payload", "null as payload")
                     + " from ris_hl7_out where destination = ? and status = 'PENDING' order by pk fetch first 1 rows only")) {
            ps.setString(1, destination);
            Optional<OutboxMessage> m;
            try (ResultSet rs = ps.executeQuery()) {
                m = rs.next() ? Optional.of(Outbox.read(rs)) : Optional.empty();
            }
            c.commit();
            return m;
        }
    }

    private void disconnect() {
        Connection l = link;
        link = null;
        if (l != null) hapi.getConnectionHub().discard(l);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }

    /** Stops sending; a message in flight is abandoned (it stays PENDING and is sent again later). */
    @Override
    public void close() {
        closed = true;
        outbox.removeListener(listener);
        wake();
        disconnect();
        if (thread != null) {
            try {
                thread.join(options.ackTimeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        hapi.getConnectionHub().discardAll();
        hapi.close();
    }
}
