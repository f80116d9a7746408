package org.senpacs.archive;

import java.io.IOException;
import java.nio.file.Path;
import org.senpacs.archive.db.Database;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.archive.events.ArchiveEvents;
import org.senpacs.archive.events.ArchiveListener;
import org.senpacs.archive.index.IndexWriter;
import org.senpacs.archive.query.QueryService;
import java.util.Map;
import org.senpacs.archive.retrieve.RetrieveService;
import org.senpacs.archive.scp.FindScp;
import org.senpacs.archive.scp.RetrieveScp;
import org.senpacs.archive.scp.StorageCommitmentScp;
import org.senpacs.archive.verify.VerifyService;
import org.senpacs.dicom.net.AssociationOptions;
import org.senpacs.archive.scp.StoreScp;
import org.senpacs.archive.store.StoreService;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.dicom.net.Dimse;
import org.senpacs.storage.FileSystemStorage;
import org.senpacs.storage.StorageBackend;

/** The archive assembled: index database, object storage, and the services over them. */
public final class Archive implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Archive.class);

    /**
     * @param objects where object files go
     * @param fsync make each stored object durable before acknowledging it
     */
    public record Config(DatabaseConfig database, Path objects, boolean fsync, ArchivePolicy policy,
                         Map<String, RemoteAe> remoteAes) {}

    private final Database db;
    private final StorageBackend storage;
    private final StoreService store;
    private final QueryService query;
    private final org.senpacs.archive.patient.Patients patients;
    private final IndexWriter index;
    private final RetrieveService retrieve;
    private final RemoteAes remoteAes;
    private final VerifyService verify;
    private final Config config;
    private final ArchiveEvents events = new ArchiveEvents();

    private Archive(Config config, Database db, StorageBackend storage) {
        this.config = config;
        this.db = db;
        this.storage = storage;
        this.index = new IndexWriter(db, config.policy());
        this.store = new StoreService(index, storage, config.policy(), events);
        this.query = new QueryService(db, config.policy());
        this.patients = new org.senpacs.archive.patient.Patients();
        this.retrieve = new RetrieveService(db, storage);
        this.remoteAes = new RemoteAes(db, config.remoteAes());
        this.verify = new VerifyService(db, storage);
    }

    /**
     * Opens the archive. After a crash (the marker of a running archive is still there) it first
     * removes what the crash left half done: partial files, and object files whose index row was
     * never committed (never acknowledged to a sender).
     */
    public static Archive open(Config config) throws IOException {
        Database db = Database.open(config.database());
        try {
            Archive a = new Archive(config, db, new FileSystemStorage(config.objects(), config.fsync()));
            a.recover();
            return a;
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private Path runningMarker() {
        return config.objects().toAbsolutePath().resolveSibling(".archive-running");
    }

    private void recover() throws IOException {
        java.nio.file.Files.createDirectories(config.objects().toAbsolutePath().getParent());
        if (java.nio.file.Files.exists(runningMarker())) {
            int partial = storage.cleanUpIncomplete(java.time.Duration.ZERO);
            long[] orphans = {0, 0};
            // Only orphans can come from a crash (an acknowledged object was on disk before its row
            // was committed): list the keys, read no other object — this start must not take hours
            // on a large archive. `./sen verify` checks contents. With fsync, an orphan holding an
            // instance the index lacks is whole (forced before it was published): it is indexed.
            verify.findOrphans(p -> {
                try {
                    if (config.fsync() && store.adoptOrphan(p.storageKey())) {
                        orphans[1]++;
                        return;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("SEN-A005 cannot index orphan {}: {}", p.storageKey(), e.toString());
                }
                try {
                    storage.delete(p.storageKey());
                    orphans[0]++;
                } catch (IOException e) {
                    LOG.warn("SEN-A004 could not remove orphan {}: {}", p.storageKey(), e.toString());
                }
            });
            LOG.info("SEN-A003 recovered from an unclean stop: {} partial and {} unindexed object files removed, {} indexed",
                    partial, orphans[0], orphans[1]);
        }
        java.nio.file.Files.writeString(runningMarker(), Long.toString(ProcessHandle.current().pid()));
    }

    public StoreService store() {
        return store;
    }

    /** The patient registry (shared with the RIS). */
    public org.senpacs.archive.patient.Patients patients() {
        return patients;
    }

    public QueryService query() {
        return query;
    }

    public RetrieveService retrieve() {
        return retrieve;
    }

    public VerifyService verify() {
        return verify;
    }

    /** Adds a listener told of every committed change (stored instances, changed studies). */
    public void addListener(ArchiveListener listener) {
        events.addListener(listener);
    }

    /** The archive's events: services that change the index fire through it. */
    public ArchiveEvents events() {
        return events;
    }

    public RemoteAes remoteAes() {
        return remoteAes;
    }

    public Database database() {
        return db;
    }

    public StorageBackend storage() {
        return storage;
    }

    public Config config() {
        return config;
    }

    /** Registers the archive's DIMSE services: C-STORE for every storage class, C-FIND, C-MOVE, C-GET, storage commitment. */
    public void register(DicomServiceRegistry registry) {
        registry.registerStorage(new StoreScp(store));
        FindScp find = new FindScp(query);
        registry.register(Dimse.C_FIND_RQ, UID.PatientRootQueryRetrieveInformationModelFind, find);
        registry.register(Dimse.C_FIND_RQ, UID.StudyRootQueryRetrieveInformationModelFind, find);
        RetrieveScp move = new RetrieveScp(retrieve, remoteAes, AssociationOptions.DEFAULT);
        registry.register(Dimse.C_MOVE_RQ, UID.PatientRootQueryRetrieveInformationModelMove, move);
        registry.register(Dimse.C_MOVE_RQ, UID.StudyRootQueryRetrieveInformationModelMove, move);
        registry.register(Dimse.C_GET_RQ, UID.PatientRootQueryRetrieveInformationModelGet, move);
        registry.register(Dimse.C_GET_RQ, UID.StudyRootQueryRetrieveInformationModelGet, move);
        registry.register(Dimse.N_ACTION_RQ, UID.StorageCommitmentPushModel, new StorageCommitmentScp(db, verify, remoteAes));
    }

    @Override
    public void close() throws Exception {
        db.close();
        storage.close();
        java.nio.file.Files.deleteIfExists(runningMarker());
    }
}
