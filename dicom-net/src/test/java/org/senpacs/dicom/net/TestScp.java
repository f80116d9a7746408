package org.senpacs.dicom.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.io.ReadOptions;

/**
 * A small SCP for tests: stores into a folder (streaming the PDVs to disk), answers C-FIND over
 * what it stored, C-MOVE to a configured peer and C-GET on the association, and records N-service
 * requests. Not an archive: just enough policy to exercise the toolkit from both sides.
 */
final class TestScp implements AutoCloseable {

    final Path dir;
    final DicomListener listener;
    final List<DimseRequest> nRequests = new CopyOnWriteArrayList<>();
    final Map<String, Path> stored = new ConcurrentHashMap<>();
    volatile String moveHost = "localhost";
    volatile int movePort;
    volatile String moveAet;
    /** C-FIND waits after its first match until the requestor cancels (makes the cancel test deterministic). */
    volatile boolean holdFindUntilCanceled;

    TestScp(Path dir, String aet, DicomListener.Options options) throws IOException {
        this.dir = dir;
        DicomServiceRegistry services = DicomServiceRegistry.withVerification();
        services.registerStorage(this::store);
        for (String model : List.of(UID.PatientRootQueryRetrieveInformationModelFind, UID.StudyRootQueryRetrieveInformationModelFind,
                UID.ModalityWorklistInformationModelFind)) {
            services.register(Dimse.C_FIND_RQ, model, this::find);
        }
        for (String model : List.of(UID.PatientRootQueryRetrieveInformationModelMove, UID.StudyRootQueryRetrieveInformationModelMove)) {
            services.register(Dimse.C_MOVE_RQ, model, this::move);
        }
        for (String model : List.of(UID.PatientRootQueryRetrieveInformationModelGet, UID.StudyRootQueryRetrieveInformationModelGet)) {
            services.register(Dimse.C_GET_RQ, model, this::get);
        }
        for (Dimse d : List.of(Dimse.N_CREATE_RQ, Dimse.N_SET_RQ, Dimse.N_GET_RQ, Dimse.N_ACTION_RQ, Dimse.N_DELETE_RQ, Dimse.N_EVENT_REPORT_RQ)) {
            services.register(d, UID.ModalityPerformedProcedureStep, this::normalized);
            services.register(d, UID.StorageCommitmentPushModel, this::normalized);
        }
        listener = new DicomListener(new ApplicationEntity(aet, Set.of(), services, null), options).start();
    }

    int port() {
        return listener.port();
    }

    /**
     * Streams the PDVs to a temporary file and renames it into place only when the data set
     * arrived complete: an aborted or broken transfer leaves nothing visible.
     */
    private void store(DimseRequest rq) throws IOException {
        Path file = dir.resolve(rq.sopInstanceUid() + ".dcm");
        Path tmp = Files.createTempFile(dir, ".store-", ".part");
        DataSet meta = DataSetWriter.fileMetaInformation(rq.sopClassUid(), rq.sopInstanceUid(), rq.transferSyntax());
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(new byte[128]);
                out.write(new byte[] {'D', 'I', 'C', 'M'});
                new DataSetWriter().writeFileMetaInformation(out, meta);
                rq.dataStream().transferTo(out); // as received: never in memory; ends only at the last PDV
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        stored.put(rq.sopInstanceUid(), file);
    }

    /** The stored files matching the keys: every one to retrieve, or one per entity of the Query/Retrieve Level to find. */
    private List<DicomFile> matches(DataSet keys, boolean onePerEntity) throws IOException {
        List<DicomFile> out = new ArrayList<>();
        Set<String> entities = new HashSet<>();
        int levelKey = switch (keys.getString(Tag.QueryRetrieveLevel, "IMAGE")) {
            case "PATIENT" -> Tag.PatientID;
            case "STUDY" -> Tag.StudyInstanceUID;
            case "SERIES" -> Tag.SeriesInstanceUID;
            default -> Tag.SOPInstanceUID;
        };
        for (Path f : List.copyOf(stored.values())) {
            DicomFile df = new DataSetReader(ReadOptions.HEADERS).read(f);
            boolean match = true;
            for (int i = 0; i < keys.size(); i++) {
                int tag = keys.tagAt(i);
                if (tag == Tag.QueryRetrieveLevel || tag == Tag.SpecificCharacterSet || keys.vrAt(i) == VR.SQ) continue;
                String want = keys.getString(tag);
                if (want == null || want.equals("*")) continue;
                String have = df.dataSet().getString(tag);
                if (want.endsWith("*") ? have == null || !have.startsWith(want.substring(0, want.length() - 1)) : !want.equals(have)) {
                    match = false;
                }
            }
            if (match && (!onePerEntity || entities.add(df.dataSet().getString(levelKey, "")))) out.add(df);
        }
        return out;
    }

    private void find(DimseRequest rq) throws IOException {
        DataSet keys = rq.dataSet();
        boolean first = true;
        for (DicomFile f : matches(keys, true)) {
            if (rq.isCanceled()) {
                rq.respond(Status.CANCEL);
                return;
            }
            DataSet answer = new DataSet();
            for (int i = 0; i < keys.size(); i++) {
                int tag = keys.tagAt(i);
                if (f.dataSet().contains(tag)) answer.put(tag, f.dataSet().vrAt(f.dataSet().indexOf(tag)), f.dataSet().value(tag));
                else answer.put(tag, keys.vrAt(i), keys.valueAt(i));
            }
            if (f.dataSet().contains(Tag.SpecificCharacterSet)) answer.setString(Tag.SpecificCharacterSet, VR.CS, f.dataSet().getStrings(Tag.SpecificCharacterSet));
            rq.respond(Status.PENDING, null, answer);
            if (first && holdFindUntilCanceled) awaitCancel(rq);
            first = false;
        }
    }

    private static void awaitCancel(DimseRequest rq) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!rq.isCanceled() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void move(DimseRequest rq) throws IOException, DicomServiceException {
        String dest = rq.command().getString(Tag.MoveDestination);
        if (!dest.equals(moveAet)) throw new DicomServiceException(Status.MOVE_DESTINATION_UNKNOWN, "unknown destination " + dest);
        List<DicomFile> files = matches(rq.dataSet(), false);
        if (files.isEmpty()) {
            rq.respond(Status.SUCCESS, counts(0, 0, 0), null);
            return;
        }
        Association out = new Connector().connect(moveHost, movePort, storageRequest(listener.applicationEntity().aeTitle(), dest, files), null);
        try {
            sendAll(rq, new Scu(out), files);
        } finally {
            out.release();
        }
    }

    private void get(DimseRequest rq) throws IOException {
        sendAll(rq, new Scu(rq.association()), matches(rq.dataSet(), false));
    }

    /** C-STORE sub-operations: each file in its own transfer syntax, or converted; a failure is counted, not thrown. */
    private void sendAll(DimseRequest rq, Scu scu, List<DicomFile> files) throws IOException {
        int done = 0;
        int failed = 0;
        for (Path p : paths(files)) {
            if (rq.isCanceled()) {
                rq.respond(Status.CANCEL, counts(files.size() - done - failed, done, failed), null);
                return;
            }
            try {
                if (scu.storeFile(p).status() == Status.SUCCESS) done++;
                else failed++;
            } catch (AssociationException e) {
                if (!scu.association().isOpen()) throw e;
                failed++; // no context for it
            }
            if (done + failed < files.size()) rq.respond(Status.PENDING, counts(files.size() - done - failed, done, failed), null);
        }
        DataSet last = counts(-1, done, failed);
        rq.respond(failed == 0 ? Status.SUCCESS : done == 0 ? Status.UNABLE_TO_PROCESS : Status.SUB_OPERATIONS_WARNING, last, null);
    }

    private static DataSet counts(int remaining, int completed, int failed) {
        DataSet counts = new DataSet();
        if (remaining >= 0) counts.setInt(Tag.NumberOfRemainingSuboperations, VR.US, remaining);
        counts.setInt(Tag.NumberOfCompletedSuboperations, VR.US, completed);
        counts.setInt(Tag.NumberOfFailedSuboperations, VR.US, failed);
        counts.setInt(Tag.NumberOfWarningSuboperations, VR.US, 0);
        return counts;
    }

    /** Our SCU sends the files on one association (contexts as {@link #storageRequest}); returns the statuses. */
    static List<Integer> sendFiles(String host, int port, String calling, String called, List<Path> files) throws IOException {
        List<DicomFile> headers = new ArrayList<>();
        for (Path p : files) headers.add(new DataSetReader(ReadOptions.HEADERS).read(p));
        Association as = new Connector().connect(host, port, storageRequest(calling, called, headers), null);
        List<Integer> statuses = new ArrayList<>();
        try {
            Scu scu = new Scu(as);
            for (Path p : files) statuses.add(scu.storeFile(p).status());
        } finally {
            as.release();
        }
        return statuses;
    }

    /** One context per SOP class and file transfer syntax, plus an uncompressed one to convert into. */
    static AssociationRequest storageRequest(String calling, String called, List<DicomFile> files) {
        AssociationRequest req = new AssociationRequest(calling, called);
        Set<String> proposed = new HashSet<>();
        for (DicomFile f : files) {
            String sopClass = f.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID);
            if (proposed.add(sopClass + "|" + f.transferSyntax().uid())) req.addContext(sopClass, f.transferSyntax().uid());
            if (proposed.add(sopClass + "|*")) req.addContext(sopClass, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        }
        return req;
    }

    private List<Path> paths(List<DicomFile> files) {
        return files.stream().map(f -> stored.get(f.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID))).toList();
    }

    private void normalized(DimseRequest rq) throws IOException {
        rq.dataSet(); // read it while the request is live
        nRequests.add(rq);
        if (rq.dimse() == Dimse.N_GET_RQ) {
            DataSet attrs = new DataSet();
            attrs.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
            rq.respond(Status.SUCCESS, null, attrs);
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
