package org.senpacs.ris;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.index.Levels;
import org.senpacs.archive.patient.Patients;
import org.senpacs.archive.update.StudyUpdater;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.ris.hl7.Hl7MessagesResource;
import org.senpacs.ris.hl7.Hl7Options;
import org.senpacs.ris.hl7.Hl7Receiver;
import org.senpacs.ris.hl7.MllpListener;
import org.senpacs.ris.hl7.PatientChange;
import org.senpacs.ris.mpps.MppsScp;
import org.senpacs.ris.mpps.MppsService;
import org.senpacs.ris.mpps.OrderStatusEvents;
import org.senpacs.ris.mwl.MwlScp;
import org.senpacs.ris.mwl.WorklistOptions;
import org.senpacs.ris.mwl.WorklistResource;
import org.senpacs.ris.mwl.WorklistService;
import org.senpacs.ris.order.OrderOptions;
import org.senpacs.ris.order.OrderService;
import org.senpacs.ris.order.OrdersResource;
import org.senpacs.ris.outbound.OutboundOptions;
import org.senpacs.ris.outbound.Outbox;
import org.senpacs.ris.outbound.OutboxResource;
import org.senpacs.ris.outbound.OutboxSender;
import org.senpacs.ris.outbound.ProcedureStatusUpdates;
import org.senpacs.ris.report.ReportResource;
import org.senpacs.ris.report.ReportService;
import org.senpacs.ris.study.StudyLinks;
import org.senpacs.ris.study.StudyResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RIS of one node, over the archive's database: orders and patients from the HIS (HL7 over
 * MLLP), the Modality Worklist and MPPS SCPs, order status from MPPS and images, reports, and the
 * HL7 outbox that sends them. {@link #open} migrates its tables and builds the services;
 * {@link #register} adds the DICOM services to a registry; {@link #start} opens the MLLP listener
 * and starts the outbox; {@link #apiResources} are the REST resources to serve under /api.
 */
public final class Ris implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ris.class);

    /**
     * Everything configurable.
     *
     * @param sendStatusUpdates tell the HIS when MPPS (or images) change an order's status
     */
    public record Options(Hl7Options hl7, OrderOptions orders, WorklistOptions worklist, OutboundOptions outbound,
                          boolean sendStatusUpdates) {
        public Options {
            Objects.requireNonNull(hl7, "hl7");
            Objects.requireNonNull(orders, "orders");
            Objects.requireNonNull(worklist, "worklist");
            Objects.requireNonNull(outbound, "outbound");
        }

        public static final Options DEFAULT = new Options(Hl7Options.DEFAULT, OrderOptions.DEFAULT, WorklistOptions.DEFAULT,
                OutboundOptions.DEFAULT, false);
    }

    private final Archive archive;
    private final Options options;
    private final OrderService orders;
    private final Hl7Receiver receiver;
    private final WorklistService worklist;
    private final MppsService mpps;
    private final OrderStatusEvents statusEvents = new OrderStatusEvents();
    private final StudyUpdater updater;
    private final StudyLinks links;
    private final Outbox outbox;
    private final ReportService reports;
    private final ProcedureStatusUpdates statusUpdates;
    /** Rewrites stored objects after patient changes, one at a time, off the HL7 connection's thread. */
    private final ExecutorService followUps = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("sen-ris-followup").factory());
    private MllpListener listener;
    private OutboxSender sender;

    private Ris(Archive archive, Options options) {
        this.archive = archive;
        this.options = options;
        DataSource ds = archive.database().dataSource();
        Patients patients = archive.patients();
        this.orders = new OrderService(ds, patients, options.orders());
        this.updater = new StudyUpdater(archive);
        this.receiver = new Hl7Receiver(archive, orders, options.hl7(), this::patientChanged);
        this.worklist = new WorklistService(ds, options.worklist());
        this.mpps = new MppsService(archive.database(), statusEvents);
        this.links = new StudyLinks(archive, updater, statusEvents);
        this.outbox = new Outbox(ds);
        this.reports = new ReportService(ds, patients, outbox, options.outbound());
        this.statusUpdates = new ProcedureStatusUpdates(ds, patients, outbox, options.outbound());
        if (options.sendStatusUpdates()) {
            statusEvents.addListener(change -> {
                try {
                    statusUpdates.enqueue(change.orderPk());
                } catch (SQLException e) {
                    LOG.warn("SEN-R010 could not queue the status update of order {}: {}", change.orderPk(), e.getMessage());
                }
            });
        }
    }

    /** Brings the RIS tables up to date in the archive's database and builds the services. */
    public static Ris open(Archive archive, Options options) {
        archive.database().migrateModule("ris");
        return new Ris(archive, options);
    }

    /** Adds the Modality Worklist and MPPS SCPs. */
    public void register(DicomServiceRegistry registry) {
        new MwlScp(worklist).register(registry);
        new MppsScp(mpps).register(registry);
    }

    /** Opens the MLLP listener and starts delivering the outbox. */
    public Ris start() throws IOException {
        sender = new OutboxSender(archive.database().dataSource(), outbox, options.outbound()).start();
        listener = new MllpListener(receiver).start();
        return this;
    }

    /** The REST resources of the RIS, to serve under /api. */
    public List<Object> apiResources() {
        return List.of(new OrdersResource(orders), new Hl7MessagesResource(receiver), new WorklistResource(worklist),
                new StudyResource(links), new ReportResource(reports), new OutboxResource(outbox));
    }

    /** The MLLP port listened on (the actual one when configured as 0). */
    public int hl7Port() {
        return listener.port();
    }

    public OrderService orders() {
        return orders;
    }

    public ReportService reports() {
        return reports;
    }

    public OrderStatusEvents statusEvents() {
        return statusEvents;
    }

    /**
     * Stored objects follow patient changes: after an update, a merge or an identifier change,
     * each stored study of the patient is rewritten with the patient's attributes as the index
     * now has them, in the background (the index is already right, so queries are).
     */
    private void patientChanged(PatientChange change) {
        if (change.studyUids().isEmpty()) return;
        followUps.execute(() -> {
            try {
                Optional<Patients.Patient> patient;
                try (var c = archive.database().dataSource().getConnection()) { // closed before the updater takes its own
                    patient = archive.patients().find(c, change.patient(), false);
                    c.commit();
                }
                if (patient.isEmpty()) return;
                DataSet patch = Levels.extract(patient.get().attrs(), Levels.Level.PATIENT);
                int objects = 0;
                for (String study : change.studyUids()) objects += updater.update(study, patch, patient.get().pk()).size();
                LOG.info("SEN-R011 stored objects follow a patient {}: {} studies, {} objects rewritten",
                        change.kind().name().toLowerCase(java.util.Locale.ROOT), change.studyUids().size(), objects);
            } catch (SQLException | ArchiveException | RuntimeException e) {
                LOG.warn("SEN-R012 stored objects could not follow a patient change ({}): {}", change.kind(), e.getMessage());
            }
        });
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : new AutoCloseable[] {listener, sender}) {
            if (c == null) continue;
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        followUps.shutdown();
        if (!followUps.awaitTermination(30, TimeUnit.SECONDS)) followUps.shutdownNow();
        receiver.close();
        if (first != null) throw first;
    }
}
