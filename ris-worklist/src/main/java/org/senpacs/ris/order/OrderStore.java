package org.senpacs.ris.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.senpacs.archive.patient.Patients.PatientKey;

/** Reading {@code ris_order} rows, and what the order code needs to know about database errors. */
final class OrderStore {

    private OrderStore() {}

    static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.equals("23001"));
    }

    /** One row of {@code OrderService}'s select list. */
    static Order read(ResultSet rs) throws SQLException {
        Timestamp start = rs.getTimestamp(15);
        return new Order(rs.getLong(1), rs.getLong(2), new PatientKey(rs.getString(3), rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), start == null ? null : start.toLocalDateTime(),
                rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21),
                rs.getString(22), OrderStatus.valueOf(rs.getString(23)), OrderSource.valueOf(rs.getString(24)),
                rs.getTimestamp(25).toInstant(), rs.getTimestamp(26).toInstant(), rs.getInt(27), rs.getLong(28) > 0);
    }
}
