package org.senpacs.ris.report;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.senpacs.archive.patient.Patients;
import org.senpacs.ris.outbound.HisDestination;
import org.senpacs.ris.outbound.Hl7Time;
import org.senpacs.ris.outbound.OruR01Writer;
import org.senpacs.ris.outbound.OutboundOrder;
import org.senpacs.ris.outbound.Outbox;
import org.senpacs.ris.outbound.OutboundOptions;
import org.senpacs.ris.outbound.ResultReport;

/** Queues the ORU^R01 of a saved report, once per destination, in the transaction of the save. */
final class ReportMessages {

    static final String ORU = "ORU^R01";

    private final Patients patients;
    private final Outbox outbox;
    private final OutboundOptions options;
    private final OruR01Writer writer;

    ReportMessages(Patients patients, Outbox outbox, OutboundOptions options) {
        this.patients = patients;
        this.outbox = outbox;
        this.options = options;
        this.writer = new OruR01Writer(options);
    }

    /** Queues the messages; returns how many. */
    int enqueue(Connection c, OutboundOrder order, Report report) throws SQLException {
        if (report.status().resultStatus() == null || options.destinations().isEmpty()) return 0;
        Patients.Patient p = patients.find(c, order.patientPk())
                .orElseThrow(() -> new SQLException("order " + order.pk() + " points at a missing patient"));
        String observed = order.performedTime(c);
        ResultReport r = new ResultReport(p.key().id(), p.key().issuer(), p.name(), p.birthDate(), p.sex(),
                order.placerOrderNumber(), order.fillerOrderNumber(), order.accessionNumber(), order.requestedProcedureId(),
                order.scheduledStepId(), order.procedureCode(), order.procedureScheme(), order.procedureMeaning(), observed,
                report.status().resultStatus(), report.findings(), report.impression(), report.author(),
                Hl7Time.format(report.updated()));
        Instant now = Instant.now();
        for (HisDestination d : options.destinations()) {
            String controlId = Outbox.newControlId();
            outbox.enqueue(c, d.name(), ORU, controlId, order.pk(), writer.write(r, d, controlId, now));
        }
        return options.destinations().size();
    }
}
