package org.senpacs.ris.study;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;

/** The columns of an order that a link writes into a study. */
record LinkedOrder(long pk, long patientPk, String accession, String requestedProcedureId, String spsId, String status,
                   String procedureCode, String procedureScheme, String procedureMeaning, String referringPhysician,
                   String requestingPhysician) {

    static Optional<LinkedOrder> load(DataSource ds, long pk) throws ArchiveException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select patient_fk, accession_number, requested_procedure_id, sps_id,"
                    + " status, procedure_code, procedure_scheme, procedure_meaning, referring_physician, requesting_physician"
                    + " from ris_order where pk = ?")) {
                ps.setLong(1, pk);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new LinkedOrder(pk, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "index database unavailable", e);
        }
    }
}
