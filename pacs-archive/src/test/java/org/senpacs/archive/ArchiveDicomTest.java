package org.senpacs.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.dicom.testing.Dcmtk;

/**
 * The archive driven over DICOM by dcmtk and by our SCU, on H2 and on real PostgreSQL: store a
 * corpus with storescu, then query it at every level with findscu and check the answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveDicomTest {

    @TempDir
    static Path dir;

    ArchiveFixture h2;
    ArchiveFixture pg;
    List<Path> corpus;

    @BeforeAll
    void start() throws Exception {
        corpus = ArchiveFixture.corpus(dir.resolve("corpus"));
        h2 = new ArchiveFixture(Files.createDirectories(dir.resolve("h2")), ArchiveFixture.Db.H2, ArchivePolicy.DEFAULT);
        pg = new ArchiveFixture(Files.createDirectories(dir.resolve("pgarch")), ArchiveFixture.Db.POSTGRESQL, ArchivePolicy.DEFAULT);
        for (ArchiveFixture f : List.of(h2, pg)) {
            List<String> cmd = new ArrayList<>(List.of("storescu", "-aec", ArchiveFixture.AET, "-aet", "MODALITY", "+sd", "+r",
                    "localhost", Integer.toString(f.port())));
            cmd.add(dir.resolve("corpus").toString());
            Dcmtk.Result r = Dcmtk.run(cmd.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(Dcmtk.problems(r.output()).isEmpty(), r.output());
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (h2 != null) h2.close();
        if (pg != null) pg.close();
    }

    Stream<Arguments> archives() {
        return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg));
    }

    /** Runs findscu and returns the matches, read back from the files it writes (-X). */
    /** {@code args}: the model option (-P, -S) and -k options, as findscu takes them. */
    List<DataSet> findscu(ArchiveFixture f, String model, String... args) throws Exception {
        Path out = Files.createTempDirectory(dir, "find");
        List<String> cmd = new ArrayList<>(List.of("findscu", "-aec", ArchiveFixture.AET, "-aet", "WORKSTATION", model, "-X",
                "-od", out.toString()));
        cmd.addAll(List.of(args));
        cmd.add("localhost");
        cmd.add(Integer.toString(f.port()));
        Dcmtk.Result r = Dcmtk.run(cmd.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.output());
        List<DataSet> matches = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.sorted().toList()) matches.add(new DataSetReader().read(p).dataSet());
        }
        return matches;
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("archives")
    void everyObjectIsStoredAndReadableAsSent(String name, ArchiveFixture f) throws Exception {
        for (Path p : corpus) {
            DataSet sent = new DataSetReader().read(p).dataSet();
            String key = f.archive.database().sessions().fromSession(s -> s.createSelectionQuery(
                    "select i.storageKey from InstanceEntity i where i.sopUid = :u", String.class)
                    .setParameter("u", sent.getString(Tag.SOPInstanceUID)).uniqueResult());
            try (var in = f.archive.storage().open(key)) {
                assertEquals(sent, new DataSetReader().read(in).dataSet(), p.toString());
            }
            // filed under its study and series: XX/YY/<study>/<series>/<sop>.dcm
            String folder = "/" + sent.getString(Tag.StudyInstanceUID) + "/" + sent.getString(Tag.SeriesInstanceUID) + "/";
            assertTrue(key.matches("[0-9a-f]{2}/[0-9a-f]{2}" + java.util.regex.Pattern.quote(folder
                    + sent.getString(Tag.SOPInstanceUID)) + "\\.dcm"), key);
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("archives")
    void studyLevelQueries(String name, ArchiveFixture f) throws Exception {
        // wildcard, accent-insensitive, ASCII
        assertEquals(2, findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=nguyen*", "-k", "StudyInstanceUID").size());
        assertEquals(2, findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=NGUYỄN*", "-k", "StudyInstanceUID",
                "-k", "SpecificCharacterSet=ISO_IR 192").size());
        assertEquals(1, findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=SMITH^JOHN", "-k", "StudyInstanceUID").size());
        // ? on a Vietnamese character (one character, several bytes in UTF-8)
        List<DataSet> tran = findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "SpecificCharacterSet=ISO_IR 192",
                "-k", "PatientName=TR?N^TH? BÍCH", "-k", "StudyInstanceUID");
        assertEquals(1, tran.size());
        assertEquals("TRẦN^THỊ BÍCH", tran.get(0).getString(Tag.PatientName));
        // date range, accession, modalities in study
        assertEquals(2, findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyDate=20240101-20241231", "-k", "StudyInstanceUID").size());
        assertEquals(3, findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyDate=-20240220", "-k", "StudyInstanceUID").size());
        List<DataSet> acc = findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "AccessionNumber=ACC100",
                "-k", "StudyInstanceUID", "-k", "ModalitiesInStudy", "-k", "NumberOfStudyRelatedInstances",
                "-k", "NumberOfStudyRelatedSeries", "-k", "ReferringPhysicianName");
        assertEquals(1, acc.size());
        assertEquals("2.25.100", acc.get(0).getString(Tag.StudyInstanceUID));
        assertEquals(5, acc.get(0).getInt(Tag.NumberOfStudyRelatedInstances, 0));
        assertEquals(2, acc.get(0).getInt(Tag.NumberOfStudyRelatedSeries, 0));
        assertEquals("ĐẶNG^VĂN ĐỨC", acc.get(0).getString(Tag.ReferringPhysicianName));
        assertEquals(1, findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "ModalitiesInStudy=MR", "-k", "StudyInstanceUID").size());
        assertEquals(2, findscu(f, "-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "ReferringPhysicianName=dang*",
                "-k", "PatientID=BN001", "-k", "StudyInstanceUID").size());
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("archives")
    void patientSeriesAndImageLevels(String name, ArchiveFixture f) throws Exception {
        List<DataSet> patients = findscu(f, "-P", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID", "-k", "PatientName");
        assertEquals(3, patients.size());
        assertTrue(patients.stream().anyMatch(p -> "NGUYỄN^VĂN AN".equals(p.getString(Tag.PatientName))));
        List<DataSet> series = findscu(f, "-S", "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=2.25.100",
                "-k", "SeriesInstanceUID", "-k", "Modality", "-k", "NumberOfSeriesRelatedInstances");
        assertEquals(2, series.size());
        assertEquals(List.of(3, 2), series.stream().map(d -> d.getInt(Tag.NumberOfSeriesRelatedInstances, 0)).toList());
        List<DataSet> images = findscu(f, "-S", "-k", "QueryRetrieveLevel=IMAGE", "-k", "StudyInstanceUID=2.25.100",
                "-k", "SeriesInstanceUID=2.25.100.1", "-k", "SOPInstanceUID", "-k", "InstanceNumber", "-k", "SOPClassUID");
        assertEquals(3, images.size());
        assertEquals(UID.CTImageStorage, images.get(0).getString(Tag.SOPClassUID));
        // UID list
        assertEquals(2, findscu(f, "-S", "-k", "QueryRetrieveLevel=IMAGE", "-k", "SOPInstanceUID=2.25.100.1.1\\2.25.300.1.2").size());
        // patient root study level under a patient
        assertEquals(2, findscu(f, "-P", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=BN001", "-k", "StudyInstanceUID").size());
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("archives")
    void ourScuQueriesAndDuplicatesAreKept(String name, ArchiveFixture f) throws Exception {
        Association as = new Connector().connect("localhost", f.port(), new AssociationRequest("WS", ArchiveFixture.AET)
                .addContext(UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian)
                .addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian), null);
        try {
            Scu scu = new Scu(as);
            DataSet again = new DataSetReader().read(corpus.get(0)).dataSet();
            assertEquals(Status.SUCCESS, scu.store(again).status()); // a duplicate: kept, answered success
            DataSet keys = new DataSet();
            keys.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
            keys.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
            keys.setString(Tag.PatientName, VR.PN, "trần*");
            keys.setEmpty(Tag.StudyInstanceUID, VR.UI);
            keys.setEmpty(Tag.NumberOfStudyRelatedInstances, VR.IS);
            List<DataSet> m = new ArrayList<>();
            scu.find(UID.StudyRootQueryRetrieveInformationModelFind, keys).forEachRemaining(m::add);
            assertEquals(1, m.size());
            assertEquals(3, m.get(0).getInt(Tag.NumberOfStudyRelatedInstances, 0));
        } finally {
            as.release();
        }
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts dcmtk's storescp writing into {@code out}; returns its port and process. */
    static Object[] storescp(Path out) throws Exception {
        Dcmtk.require("storescp");
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder("storescp", "-aet", "STORESCP", "-od", out.toString(), "+xa",
                    Integer.toString(port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("TCP_NODELAY", "1");
            Process p = pb.start();
            for (int i = 0; i < 200 && p.isAlive(); i++) {
                try (java.net.Socket s = new java.net.Socket("localhost", port)) {
                    return new Object[] {port, p};
                } catch (java.io.IOException notYet) {
                    Thread.sleep(25);
                }
            }
            p.destroyForcibly();
        }
        throw new AssertionError("storescp did not start");
    }

    static List<DataSet> readAll(Path folder) throws Exception {
        List<DataSet> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.sorted().toList()) out.add(new DataSetReader().read(p).dataSet());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("archives")
    void movescuToStorescpAndGetscu(String name, ArchiveFixture f) throws Exception {
        Path received = Files.createTempDirectory(dir, "moved");
        Object[] scp = storescp(received);
        Process storescp = (Process) scp[1];
        try {
            f.archive.remoteAes().put(new RemoteAe("STORESCP", "localhost", (Integer) scp[0], false));
            Dcmtk.Result r = Dcmtk.run("movescu", "-aec", ArchiveFixture.AET, "-aet", "WORKSTATION", "-aem", "STORESCP", "-S",
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=2.25.100", "localhost", Integer.toString(f.port()));
            assertEquals(0, r.exitCode(), r.output());
            List<DataSet> moved = readAll(received);
            assertEquals(5, moved.size());
            for (DataSet d : moved) {
                Path sent = corpus.stream().filter(p -> p.getFileName().toString().equals(d.getString(Tag.SOPInstanceUID) + ".dcm"))
                        .findFirst().orElseThrow();
                assertEquals(new DataSetReader().read(sent).dataSet(), d);
            }
            Dcmtk.Result unknown = Dcmtk.run("movescu", "-aec", ArchiveFixture.AET, "-aem", "NOWHERE", "-S",
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=2.25.100", "localhost", Integer.toString(f.port()));
            assertTrue(unknown.output().contains("MoveDestinationUnknown"),
                    unknown.output());
        } finally {
            storescp.destroy();
        }
        Path got = Files.createTempDirectory(dir, "got");
        Dcmtk.Result g = Dcmtk.run("getscu", "-aec", ArchiveFixture.AET, "-aet", "WORKSTATION", "-S", "-od", got.toString(),
                "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=2.25.101", "-k", "SeriesInstanceUID=2.25.101.1",
                "localhost", Integer.toString(f.port()));
        assertEquals(0, g.exitCode(), g.output());
        List<DataSet> gotten = readAll(got);
        assertEquals(3, gotten.size());
        assertEquals("NGUYỄN^VĂN AN", gotten.get(0).getString(Tag.PatientName));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("archives")
    void storageCommitmentReportsOnTheSameAssociation(String name, ArchiveFixture f) throws Exception {
        java.util.concurrent.CompletableFuture<DataSet> report = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger eventType = new java.util.concurrent.atomic.AtomicInteger();
        org.senpacs.dicom.net.DicomServiceRegistry mine = new org.senpacs.dicom.net.DicomServiceRegistry()
                .register(org.senpacs.dicom.net.Dimse.N_EVENT_REPORT_RQ, UID.StorageCommitmentPushModel, req -> {
                    eventType.set(req.command().getInt(Tag.EventTypeID, 0));
                    report.complete(req.dataSet());
                });
        Association as = new Connector().connect("localhost", f.port(), new AssociationRequest("MODALITY", ArchiveFixture.AET)
                .addContext(UID.StorageCommitmentPushModel, UID.ExplicitVRLittleEndian)
                .addRole(UID.StorageCommitmentPushModel, true, true), mine);
        try {
            DataSet rq = new DataSet();
            rq.setString(Tag.TransactionUID, VR.UI, "2.25.777");
            org.senpacs.dicom.Sequence refs = rq.newSequence(Tag.ReferencedSOPSequence, 2);
            DataSet stored = refs.addItem();
            stored.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
            stored.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "2.25.100.1.1");
            DataSet missing = refs.addItem();
            missing.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
            missing.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "2.25.999.9");
            assertEquals(Status.SUCCESS, new Scu(as).nAction(UID.StorageCommitmentPushModel,
                    UID.StorageCommitmentPushModelInstance, 1, rq).status());
            DataSet r = report.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(2, eventType.get());
            assertEquals("2.25.777", r.getString(Tag.TransactionUID));
            assertEquals("2.25.100.1.1", r.getItem(Tag.ReferencedSOPSequence).getString(Tag.ReferencedSOPInstanceUID));
            assertEquals("2.25.999.9", r.getItem(Tag.FailedSOPSequence).getString(Tag.ReferencedSOPInstanceUID));
            assertEquals(Status.NO_SUCH_OBJECT_INSTANCE, r.getItem(Tag.FailedSOPSequence).getInt(Tag.FailureReason, 0));
        } finally {
            as.release();
        }
    }
}
