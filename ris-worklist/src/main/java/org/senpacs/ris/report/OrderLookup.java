package org.senpacs.ris.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.senpacs.ris.outbound.OutboundOrder;

/** Finds the order a report request names, by pk or by accession number. */
final class OrderLookup {

    private OrderLookup() {}

    /** The order the input names, its row locked until the transaction ends. */
    static OutboundOrder lock(Connection c, ReportInput in) throws SQLException, ReportException {
        long pk;
        if (in.orderPk() != null) {
            pk = in.orderPk();
        } else {
            List<Long> pks = pksOfAccession(c, in.accessionNumber());
            if (pks.isEmpty()) throw new ReportException(ReportException.Reason.NOT_FOUND, "no order with accession number " + in.accessionNumber());
            if (pks.size() > 1) {
                throw new ReportException(ReportException.Reason.INVALID, "accession number " + in.accessionNumber() + " has "
                        + pks.size() + " requested procedures (orders " + pks + "): name the order");
            }
            pk = pks.getFirst();
        }
        OutboundOrder o = OutboundOrder.find(c, pk, true)
                .orElseThrow(() -> new ReportException(ReportException.Reason.NOT_FOUND, "no order " + pk));
        if (in.accessionNumber() != null && !in.accessionNumber().equals(o.accessionNumber())) {
            throw new ReportException(ReportException.Reason.INVALID, "order " + pk + " has another accession number than "
                    + in.accessionNumber());
        }
        return o;
    }

    private static List<Long> pksOfAccession(Connection c, String accession) throws SQLException {
        List<Long> pks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select pk from ris_order where accession_number = ? order by pk")) {
            ps.setString(1, accession);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) pks.add(rs.getLong(1));
            }
        }
        return pks;
    }
}
