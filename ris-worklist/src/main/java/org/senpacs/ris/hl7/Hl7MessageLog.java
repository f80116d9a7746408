package org.senpacs.ris.hl7;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table of messages received ({@code ris_hl7_in}): one row per sender (MSH-3, MSH-4) and
 * control ID (MSH-10), with the message, the outcome and the acknowledgement sent. Methods work
 * in the caller's transaction.
 */
final class Hl7MessageLog {

    private static final int MAX_KEY = 200;
    private static final int MAX_PAYLOAD = 1_000_000;
    private static final int MAX_ACK = 100_000;
    private static final int MAX_ERROR = 2000;

    /** The unique key of a message; values are cut to the column width. */
    record Key(String sendingApplication, String sendingFacility, String controlId) {
        Key {
            sendingApplication = cut(sendingApplication, MAX_KEY);
            sendingFacility = cut(sendingFacility, MAX_KEY);
            controlId = cut(controlId, MAX_KEY);
        }
    }

    /** The acknowledgement stored for a message already received, if any. */
    Optional<String> storedAck(Connection c, Key key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select ack from ris_hl7_in where sending_app = ?"
                + " and sending_facility = ? and control_id = ?")) {
            ps.setString(1, key.sendingApplication());
            ps.setString(2, key.sendingFacility());
            ps.setString(3, key.controlId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Adds a received message. */
    long insert(Connection c, Key key, String messageType, String version, String payload, String outcome, String ack,
                String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into ris_hl7_in (sending_app, sending_facility, control_id,"
                + " message_type, version_id, received, payload, outcome, ack, error) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"pk"})) {
            ps.setString(1, key.sendingApplication());
            ps.setString(2, key.sendingFacility());
            ps.setString(3, key.controlId());
            ps.setString(4, cut(messageType, 20));
            ps.setString(5, cut(version, 10));
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.setString(7, cut(payload, MAX_PAYLOAD));
            ps.setString(8, outcome);
            ps.setString(9, cut(ack, MAX_ACK));
            ps.setString(10, cut(error, MAX_ERROR));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Records the new outcome of a replayed message. */
    void updateOutcome(Connection c, long pk, String outcome, String ack, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update ris_hl7_in set outcome = ?, ack = ?, error = ? where pk = ?")) {
            ps.setString(1, outcome);
            ps.setString(2, cut(ack, MAX_ACK));
            ps.setString(3, cut(error, MAX_ERROR));
            ps.setLong(4, pk);
            ps.executeUpdate();
        }
    }

    Optional<ReceivedMessage> find(Connection c, long pk) throws SQLException {
        List<ReceivedMessage> found = select(c, " where pk = ?", List.of(pk), true);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The latest messages first, optionally only those with an outcome, with or without their text. */
    List<ReceivedMessage> latest(Connection c, String outcome, int limit, int offset, boolean withPayload) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = "";
        if (outcome != null) {
            where = " where outcome = ?";
            args.add(outcome);
        }
        args.add(limit);
        args.add(offset);
        return select(c, where + " order by pk desc limit ? offset ?", args, withPayload);
    }

    private static List<ReceivedMessage> select(Connection c, String tail, List<Object> args, boolean withPayload)
            throws SQLException {
        String cols = "pk, sending_app, sending_facility, control_id, message_type, version_id, received, outcome, error"
                + (withPayload ? ", payload, ack" : "");
        try (PreparedStatement ps = c.prepareStatement("select " + cols + " from ris_hl7_in" + tail)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            List<ReceivedMessage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReceivedMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getString(9),
                            withPayload ? rs.getString(10) : null, withPayload ? rs.getString(11) : null));
                }
            }
            return out;
        }
    }

    private static String cut(String v, int max) {
        if (v == null) return null;
        return v.length() <= max ? v : v.substring(0, max);
    }
}
