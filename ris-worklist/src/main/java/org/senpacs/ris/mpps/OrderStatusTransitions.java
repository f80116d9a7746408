package org.senpacs.ris.mpps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves an order's status forward inside the caller's transaction: SCHEDULED may become anything,
 * IN_PROGRESS only COMPLETED or DISCONTINUED; COMPLETED, DISCONTINUED and CANCELLED are final. A
 * move that the rules forbid is left undone (an MPPS for a cancelled order does not revive it).
 */
public final class OrderStatusTransitions {

    private OrderStatusTransitions() {}

    /** True when an order in status {@code from} may become {@code to}. */
    public static boolean allowed(String from, String to) {
        if (from.equals(to)) return false;
        return switch (from) {
            case "SCHEDULED" -> true;
            case "IN_PROGRESS" -> to.equals("COMPLETED") || to.equals("DISCONTINUED");
            default -> false;
        };
    }

    /**
     * Sets the order's status to {@code to} when the rules allow it, locking its row; returns the
     * change made, or empty (unknown order, same status, or a move not allowed).
     */
    public static Optional<OrderStatusChange> move(Connection c, long orderPk, String to, String cause, String mppsUid)
            throws SQLException {
        String from;
        String accession;
        String rpId;
        String spsId;
        try (PreparedStatement ps = c.prepareStatement(
                "select status, accession_number, requested_procedure_id, sps_id from ris_order where pk = ? for update")) {
            ps.setLong(1, orderPk);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                from = rs.getString(1);
                accession = rs.getString(2);
                rpId = rs.getString(3);
                spsId = rs.getString(4);
            }
        }
        if (!allowed(from, to)) return Optional.empty();
        try (PreparedStatement ps = c.prepareStatement(
                "update ris_order set status = ?, updated = ?, version = version + 1 where pk = ?")) {
            ps.setString(1, to);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, orderPk);
            ps.executeUpdate();
        }
        return Optional.of(new OrderStatusChange(orderPk, accession, rpId, spsId, from, to, cause, mppsUid));
    }
}
