package org.senpacs.dicom.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private void store(DimseRequest rq) throws IOException {
        Path file = dir.resolve(rq.sopInstanceUid() + ".dcm");
        DataSet meta = DataSetWriter.fileMetaInformation(rq.sopClassUid(), rq.sopInstanceUid(), rq.transferSyntax());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[128]);
            out.write(new byte[] {'D', 'I', 'C', 'M'});
            new DataSetWriter().writeFileMetaInformation(out, meta);
            rq.dataStream().transferTo(out); // as received: never in memory
        }
        stored.put(rq.sopInstanceUid(), file);
    }

    private List<DicomFile> matches(DataSet keys) throws IOException {
        List<DicomFile> out = new java.util.ArrayList<>();
        for (Path f : stored.values()) {
            DicomFile df = new DataSetReader(ReadOptions.HEADERS).read(f);
            boolean match = true;
            for (int i = 0; i < keys.size(); i++) {
                int tag = keys.tagAt(i);
                String want = keys.getString(tag);
                if (tag == Tag.QueryRetrieveLevel || tag == Tag.SpecificCharacterSet || want == null || want.equals("*")) continue;
                String have = df.dataSet().getString(tag);
                if (want.endsWith("*") ? have == null || !have.startsWith(want.substring(0, want.length() - 1)) : !want.equals(have)) {
                    match = false;
                }
            }
            if (match) out.add(df);
        }
        return out;
    }

    private void find(DimseRequest rq) throws IOException {
        DataSet keys = rq.dataSet();
        for (DicomFile f : matches(keys)) {
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
        }
    }

    private void move(DimseRequest rq) throws IOException, DicomServiceException {
        String dest = rq.command().getString(Tag.MoveDestination);
        if (!dest.equals(moveAet)) throw new DicomServiceException(Status.MOVE_DESTINATION_UNKNOWN, "unknown destination " + dest);
        List<DicomFile> files = matches(rq.dataSet());
        AssociationRequest req = new AssociationRequest(listener.applicationEntity().aeTitle(), dest);
        for (DicomFile f : files) req.addContext(f.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID), f.transferSyntax().uid());
        int done = 0;
        if (!files.isEmpty()) {
            Association out = new Connector().connect(moveHost, movePort, req, null);
            try {
                Scu scu = new Scu(out);
                for (Path p : paths(files)) {
                    DimseResult r = scu.storeFile(p);
                    if (r.status() == Status.SUCCESS) done++;
                    DataSet counts = new DataSet();
                    counts.setInt(Tag.NumberOfRemainingSuboperations, VR.US, files.size() - done);
                    counts.setInt(Tag.NumberOfCompletedSuboperations, VR.US, done);
                    counts.setInt(Tag.NumberOfFailedSuboperations, VR.US, 0);
                    counts.setInt(Tag.NumberOfWarningSuboperations, VR.US, 0);
                    if (done < files.size()) rq.respond(Status.PENDING, counts, null);
                }
            } finally {
                out.release();
            }
        }
        DataSet counts = new DataSet();
        counts.setInt(Tag.NumberOfCompletedSuboperations, VR.US, done);
        counts.setInt(Tag.NumberOfFailedSuboperations, VR.US, files.size() - done);
        counts.setInt(Tag.NumberOfWarningSuboperations, VR.US, 0);
        rq.respond(done == files.size() ? Status.SUCCESS : Status.SUB_OPERATIONS_WARNING, counts, null);
    }

    private void get(DimseRequest rq) throws IOException {
        List<DicomFile> files = matches(rq.dataSet());
        Scu scu = new Scu(rq.association());
        int done = 0;
        for (Path p : paths(files)) {
            DimseResult r = scu.storeFile(p);
            if (r.status() == Status.SUCCESS) done++;
            DataSet counts = new DataSet();
            counts.setInt(Tag.NumberOfRemainingSuboperations, VR.US, files.size() - done);
            counts.setInt(Tag.NumberOfCompletedSuboperations, VR.US, done);
            counts.setInt(Tag.NumberOfFailedSuboperations, VR.US, 0);
            counts.setInt(Tag.NumberOfWarningSuboperations, VR.US, 0);
            if (done < files.size()) rq.respond(Status.PENDING, counts, null);
        }
        DataSet counts = new DataSet();
        counts.setInt(Tag.NumberOfCompletedSuboperations, VR.US, done);
        counts.setInt(Tag.NumberOfFailedSuboperations, VR.US, files.size() - done);
        counts.setInt(Tag.NumberOfWarningSuboperations, VR.US, 0);
        rq.respond(done == files.size() ? Status.SUCCESS : Status.SUB_OPERATIONS_WARNING, counts, null);
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
