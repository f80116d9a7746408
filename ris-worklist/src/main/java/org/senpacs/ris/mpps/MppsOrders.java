package org.senpacs.ris.mpps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;

/**
 * Finds the orders an MPPS performs from its Scheduled Step Attribute Sequence, item by item: by
 * Scheduled Procedure Step ID, else by Accession Number and Requested Procedure ID, else by an
 * Accession Number that names one order, else by Study Instance UID.
 */
final class MppsOrders {

    private MppsOrders() {}

    static Set<Long> resolve(Connection c, Sequence scheduledSteps) throws SQLException {
        Set<Long> orders = new LinkedHashSet<>();
        if (scheduledSteps == null) return orders;
        for (DataSet item : scheduledSteps) {
            String sps = item.getString(Tag.ScheduledProcedureStepID);
            String accession = item.getString(Tag.AccessionNumber);
            String rp = item.getString(Tag.RequestedProcedureID);
            String study = item.getString(Tag.StudyInstanceUID);
            List<Long> found = List.of();
            if (sps != null) found = pks(c, "select pk from ris_order where sps_id = ?", sps);
            if (found.isEmpty() && accession != null && rp != null) {
                found = pks(c, "select pk from ris_order where accession_number = ? and requested_procedure_id = ?", accession, rp);
            }
            if (found.isEmpty() && accession != null) {
                List<Long> byAccession = pks(c, "select pk from ris_order where accession_number = ?", accession);
                if (byAccession.size() == 1) found = byAccession;
            }
            if (found.isEmpty() && study != null) found = pks(c, "select pk from ris_order where study_uid = ?", study);
            orders.addAll(found);
        }
        return orders;
    }

    private static List<Long> pks(Connection c, String sql, String... params) throws SQLException {
        List<Long> pks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql + " order by pk")) {
            for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) pks.add(rs.getLong(1));
            }
        }
        return pks;
    }
}
