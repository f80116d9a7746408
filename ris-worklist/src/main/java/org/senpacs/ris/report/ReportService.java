package org.senpacs.ris.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.senpacs.archive.patient.Patients;
import org.senpacs.ris.outbound.OutboundOrder;
import org.senpacs.ris.outbound.Outbox;
import org.senpacs.ris.outbound.OutboundOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports of orders: one current report per order ({@code ris_report}) and every saved state in
 * its history ({@code ris_report_version}). A draft may be edited freely; a preliminary report
 * may be edited or signed off (FINAL); a final report changes only as a correction (CORRECTED).
 * Changes name the version they are based on (optimistic concurrency). Saving a preliminary,
 * final or corrected report queues its ORU^R01 for every HL7 destination in the same transaction.
 */
public final class ReportService {

    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);
    static final int MAX_TEXT = 100_000;
    static final int MAX_AUTHOR = 400;
    private static final String COLUMNS = "r.pk, r.order_fk, o.accession_number, r.status, r.findings, r.impression, r.author,"
            + " r.created, r.updated, r.version";

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ReportMessages messages;

    public ReportService(DataSource dataSource, Patients patients, Outbox outbox, OutboundOptions options) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.messages = new ReportMessages(patients, outbox, options);
    }

    /** Creates or changes the report of an order; returns it as saved. */
    public Report save(ReportInput in) throws ReportException, SQLException {
        validate(in);
        int queued;
        Report saved;
        try (Connection c = dataSource.getConnection()) {
            try {
                OutboundOrder order = OrderLookup.lock(c, in);
                if ("CANCELLED".equals(order.status())) {
                    throw new ReportException(ReportException.Reason.INVALID, "order " + order.pk() + " is cancelled");
                }
                Optional<Report> current = find(c, "r.order_fk = ?", order.pk()).stream().findFirst();
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // as the database keeps it
                saved = current.isEmpty() ? create(c, order, in, now) : change(c, current.get(), in, now);
                keepVersion(c, saved);
                queued = messages.enqueue(c, order, saved);
                c.commit();
            } catch (SQLException | ReportException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        LOG.info("SEN-R201 report {} of order {} saved: {} version {}, {} HL7 message(s) queued", saved.pk(), saved.orderPk(),
                saved.status(), saved.version(), queued);
        if (queued > 0) outbox.enqueued();
        return saved;
    }

    /** The report of this primary key. */
    public Optional<Report> find(long pk) throws SQLException {
        return query("r.pk = ?", pk).stream().findFirst();
    }

    /** The report of an order. */
    public Optional<Report> findByOrder(long orderPk) throws SQLException {
        return query("r.order_fk = ?", orderPk).stream().findFirst();
    }

    /** The reports of the orders of an accession number (one per requested procedure reported). */
    public List<Report> findByAccession(String accession) throws SQLException {
        return query("o.accession_number = ?", accession);
    }

    /** Every saved state of a report, oldest first; empty when there is no such report. */
    public List<ReportVersion> history(long reportPk) throws SQLException {
        List<ReportVersion> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select version, status, findings, impression, author, saved"
                     + " from ris_report_version where report_fk = ? order by version")) {
            ps.setLong(1, reportPk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReportVersion(rs.getInt(1), ReportStatus.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
            c.commit();
        }
        return out;
    }

    private Report create(Connection c, OutboundOrder order, ReportInput in, Instant now) throws SQLException, ReportException {
        if (in.version() != null) {
            throw new ReportException(ReportException.Reason.CONFLICT, "order " + order.pk() + " has no report yet, so there is no version "
                    + in.version() + " to change");
        }
        if (in.status() == ReportStatus.CORRECTED) {
            throw new ReportException(ReportException.Reason.INVALID, "a new report cannot be CORRECTED: there is no final report to correct");
        }
        Timestamp t = Timestamp.from(now);
        try (PreparedStatement ps = c.prepareStatement("insert into ris_report (order_fk, status, findings, impression, author,"
                + " created, updated, version) values (?, ?, ?, ?, ?, ?, ?, 1)", new String[] {"pk"})) {
            ps.setLong(1, order.pk());
            ps.setString(2, in.status().name());
            ps.setString(3, in.findings());
            ps.setString(4, in.impression());
            ps.setString(5, in.author());
            ps.setTimestamp(6, t);
            ps.setTimestamp(7, t);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return new Report(rs.getLong(1), order.pk(), order.accessionNumber(), in.status(), in.findings(), in.impression(),
                        in.author(), now, now, 1);
            }
        }
    }

    private Report change(Connection c, Report current, ReportInput in, Instant now) throws SQLException, ReportException {
        if (in.version() == null) {
            throw new ReportException(ReportException.Reason.CONFLICT, "order " + current.orderPk() + " already has report "
                    + current.pk() + " (version " + current.version() + "): send that version to change it");
        }
        if (in.version() != current.version()) {
            throw new ReportException(ReportException.Reason.CONFLICT, "report " + current.pk() + " is at version "
                    + current.version() + ", not " + in.version() + ": someone else changed it; reload it");
        }
        checkTransition(current, in);
        try (PreparedStatement ps = c.prepareStatement("update ris_report set status = ?, findings = ?, impression = ?, author = ?,"
                + " updated = ?, version = version + 1 where pk = ? and version = ?")) {
            ps.setString(1, in.status().name());
            ps.setString(2, in.findings());
            ps.setString(3, in.impression());
            ps.setString(4, in.author());
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setLong(6, current.pk());
            ps.setInt(7, current.version());
            if (ps.executeUpdate() != 1) {
                throw new ReportException(ReportException.Reason.CONFLICT, "report " + current.pk() + " changed meanwhile");
            }
        }
        return new Report(current.pk(), current.orderPk(), current.accessionNumber(), in.status(), in.findings(),
                in.impression(), in.author(), current.created(), now, current.version() + 1);
    }

    /** DRAFT → anything but CORRECTED; PRELIMINARY → PRELIMINARY or FINAL; FINAL/CORRECTED → CORRECTED with a change. */
    private static void checkTransition(Report current, ReportInput in) throws ReportException {
        ReportStatus from = current.status();
        ReportStatus to = in.status();
        String refusal = null;
        if (from.signed()) {
            if (to != ReportStatus.CORRECTED) {
                refusal = "report " + current.pk() + " is " + from + ": it changes only through a correction (status CORRECTED)";
            } else if (Objects.equals(current.findings(), in.findings()) && Objects.equals(current.impression(), in.impression())
                    && Objects.equals(current.author(), in.author())) {
                refusal = "a correction must change the findings, the impression or the author";
            }
        } else if (to == ReportStatus.CORRECTED) {
            refusal = "report " + current.pk() + " is " + from + ", not final: there is nothing to correct";
        } else if (from == ReportStatus.PRELIMINARY && to == ReportStatus.DRAFT) {
            refusal = "report " + current.pk() + " was sent as PRELIMINARY: it cannot go back to DRAFT";
        }
        if (refusal != null) throw new ReportException(ReportException.Reason.INVALID, refusal);
    }

    private static void keepVersion(Connection c, Report r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into ris_report_version (report_fk, version, status, findings,"
                + " impression, author, saved) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, r.pk());
            ps.setInt(2, r.version());
            ps.setString(3, r.status().name());
            ps.setString(4, r.findings());
            ps.setString(5, r.impression());
            ps.setString(6, r.author());
            ps.setTimestamp(7, Timestamp.from(r.updated()));
            ps.executeUpdate();
        }
    }

    private static void validate(ReportInput in) throws ReportException {
        String problem = null;
        if (in.orderPk() == null && (in.accessionNumber() == null || in.accessionNumber().isBlank())) {
            problem = "name the order: \"order\" (its pk) or \"accession\"";
        } else if (in.status() == null) {
            problem = "\"status\" is missing (DRAFT, PRELIMINARY, FINAL or CORRECTED)";
        } else if (in.author() == null || in.author().isBlank()) {
            problem = "\"author\" is missing";
        } else if (in.author().length() > MAX_AUTHOR || !printable(in.author(), false)) {
            problem = "\"author\" must be one line of at most " + MAX_AUTHOR + " characters";
        } else if (tooLong(in.findings()) || tooLong(in.impression())) {
            problem = "findings and impression have at most " + MAX_TEXT + " characters each";
        } else if (!printable(in.findings(), true) || !printable(in.impression(), true)) {
            problem = "findings and impression may not hold control characters other than line breaks and tabs";
        } else if (in.status() != ReportStatus.DRAFT && blank(in.findings()) && blank(in.impression())) {
            problem = "a " + in.status() + " report needs findings or an impression";
        }
        if (problem != null) throw new ReportException(ReportException.Reason.INVALID, problem);
    }

    private static boolean tooLong(String s) {
        return s != null && s.length() > MAX_TEXT;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean printable(String s, boolean multiline) {
        if (s == null) return true;
        return s.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f || multiline && (ch == '\n' || ch == '\r' || ch == '\t'));
    }

    private List<Report> query(String where, Object arg) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<Report> out = find(c, where, arg);
            c.commit();
            return out;
        }
    }

    /** Reports by a condition; a save reads under the lock of the order row, which serialises the saves of an order. */
    private static List<Report> find(Connection c, String where, Object arg) throws SQLException {
        List<Report> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from ris_report r join ris_order o on o.pk = r.order_fk"
                + " where " + where + " order by r.pk")) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Report(rs.getLong(1), rs.getLong(2), rs.getString(3), ReportStatus.valueOf(rs.getString(4)),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                            rs.getTimestamp(9).toInstant(), rs.getInt(10)));
                }
            }
        }
        return out;
    }
}
