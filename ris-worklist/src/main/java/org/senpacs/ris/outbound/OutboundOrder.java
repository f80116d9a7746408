package org.senpacs.ris.outbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The fields of an order ({@code ris_order}) that outgoing messages carry. */
public record OutboundOrder(long pk, long patientPk, String placerOrderNumber, String fillerOrderNumber,
                            String accessionNumber, String requestedProcedureId, String studyUid, String scheduledStepId,
                            Instant scheduledStart, String procedureCode, String procedureScheme, String procedureMeaning,
                            String status) {

    private static final String COLUMNS = "pk, patient_fk, placer_order_number, filler_order_number, accession_number,"
            + " requested_procedure_id, study_uid, sps_id, scheduled_start, procedure_code, procedure_scheme,"
            + " procedure_meaning, status";

    /** The order of this primary key, optionally locking its row until the transaction ends. */
    public static Optional<OutboundOrder> find(Connection c, long pk, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from ris_order where pk = ?"
                + (forUpdate ? " for update" : ""))) {
            ps.setLong(1, pk);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Timestamp start = rs.getTimestamp(9);
                return Optional.of(new OutboundOrder(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        start == null ? null : start.toInstant(), rs.getString(10), rs.getString(11), rs.getString(12),
                        rs.getString(13)));
            }
        }
    }

    /**
     * When the procedure was performed, as an HL7 date/time: the date and time of the order's stored
     * study when images are stored, else the scheduled start, else null.
     */
    public String performedTime(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select study_date, study_time from study where study_uid = ?")) {
            ps.setString(1, studyUid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String date = rs.getString(1);
                    String time = rs.getString(2);
                    if (date != null && date.matches("\\d{8}")) {
                        return time != null && time.matches("(\\d{2}){1,3}") ? date + time : date;
                    }
                }
            }
        }
        return scheduledStart == null ? null : Hl7Time.format(scheduledStart);
    }
}
