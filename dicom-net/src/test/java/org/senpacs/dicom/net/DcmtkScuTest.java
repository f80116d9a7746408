package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.ElementDictionary;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.net.TestFiles.TestObject;
import org.senpacs.dicom.testing.Dcmtk;

/** dcmtk's SCUs (echoscu, storescu, findscu, movescu, getscu) against our SCP (the test harness). */
class DcmtkScuTest {

    @TempDir
    Path dir;

    TestScp scp;
    DcmtkScp storescp;
    List<TestObject> objects;
    List<Path> files;

    @BeforeEach
    void start() throws IOException {
        scp = new TestScp(Files.createDirectories(dir.resolve("scp")), "TESTSCP", DicomListener.Options.of(0));
        objects = TestFiles.objects();
        files = TestFiles.write(dir.resolve("sent"), objects);
    }

    @AfterEach
    void stop() {
        if (storescp != null) storescp.close();
        scp.close();
    }

    private Dcmtk.Result run(String... command) throws IOException, InterruptedException {
        Dcmtk.Result r = Dcmtk.run(command);
        assertEquals(0, r.exitCode(), () -> String.join(" ", command) + "\n" + r.output());
        assertEquals(List.of(), Dcmtk.problems(r.output()), r.output());
        return r;
    }

    private List<String> scu(String tool, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool, "-aet", "DCMTKSCU", "-aec", "TESTSCP"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs an SCU against our SCP: options, then peer and port, then the input files. */
    private Dcmtk.Result run(List<String> command, String... files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add("localhost");
        cmd.add(Integer.toString(scp.port()));
        cmd.addAll(List.of(files));
        return run(cmd.toArray(String[]::new));
    }

    /** Each object arrived as an equal data set; returns the transfer syntaxes it came in. */
    private Set<String> assertArrivedEqual(Map<String, DicomFile> received, List<TestObject> expected) {
        Set<String> syntaxes = new HashSet<>();
        for (TestObject o : expected) {
            DicomFile f = received.get(o.sopInstanceUid());
            assertTrue(f != null, () -> o.sopInstanceUid() + " missing; received " + received.keySet());
            String ts = f.transferSyntax().uid();
            syntaxes.add(ts);
            assertEquals(TestFiles.expected(o, ts), f.dataSet(), () -> o.sopInstanceUid() + " sent in " + o.transferSyntax() + ", arrived in " + ts);
        }
        return syntaxes;
    }

    private List<Path> paths(List<TestObject> subset) {
        return subset.stream().map(o -> files.get(objects.indexOf(o))).toList();
    }

    @Test
    void echoscu() throws IOException, InterruptedException {
        run(scu("echoscu"));
        run(scu("echoscu", "--repeat", "3"));
    }

    /** storescu -R (only the contexts the files need), with the transfer syntax option, sends the objects; they arrive equal. */
    private Set<String> storescu(String option, List<TestObject> subset) throws IOException, InterruptedException {
        List<String> cmd = option == null ? scu("storescu", "-R") : scu("storescu", "-R", option);
        run(cmd, paths(subset).stream().map(Path::toString).toArray(String[]::new));
        return assertArrivedEqual(TestFiles.readAll(scp.dir), subset);
    }

    @Test
    void storescuSendsEveryTransferSyntax() throws IOException, InterruptedException {
        List<TestObject> uncompressed = objects.subList(0, 3);
        // By default storescu picks the context of the file's own syntax: little and big endian explicit.
        assertEquals(Set.of(UID.ExplicitVRLittleEndian, UID.ExplicitVRBigEndian), storescu(null, uncompressed));
        assertEquals(Set.of(UID.ImplicitVRLittleEndian), storescu("-xi", uncompressed));
        assertEquals(Set.of(UID.DeflatedExplicitVRLittleEndian), storescu("-xd", objects.subList(3, 4)));
        assertEquals(Set.of(UID.JPEGBaseline8Bit), storescu("-xy", objects.subList(4, 5)));
        assertEquals(5, scp.stored.size());
    }

    private Path query(String name, String level, String patientName, int... returnKeys) throws IOException {
        DataSet q = new DataSet();
        q.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        if (level != null) q.setString(Tag.QueryRetrieveLevel, VR.CS, level);
        if (patientName != null) q.setString(Tag.PatientName, VR.PN, patientName);
        for (int tag : returnKeys) {
            if (!q.contains(tag)) q.setEmpty(tag, ElementDictionary.standard().vrOf(tag));
        }
        Path f = dir.resolve(name + ".dcm");
        new DataSetWriter().writeFile(f, DataSetWriter.fileMetaInformation(UID.StudyRootQueryRetrieveInformationModelFind, "2.25.1",
                UID.ExplicitVRLittleEndian), q);
        return f;
    }

    private List<DataSet> findscu(String model, Path query) throws IOException, InterruptedException {
        Path out = Files.createDirectories(dir.resolve("rsp-" + query.getFileName()));
        run(scu("findscu", model, "-X", "-od", out.toString()), query.toString());
        List<DataSet> answers = new ArrayList<>();
        try (var s = Files.list(out)) {
            for (Path p : s.sorted().toList()) answers.add(TestFiles.read(p).dataSet());
        }
        return answers;
    }

    @Test
    void findscuAtEveryLevelWithVietnameseNames() throws IOException, InterruptedException {
        TestScp.sendFiles("localhost", scp.port(), "SENDER", "TESTSCP", files);

        List<DataSet> patients = findscu("-P", query("patient", "PATIENT", "NGUYỄN*", Tag.PatientID));
        assertEquals(1, patients.size());
        assertEquals(TestFiles.PATIENT_1, patients.get(0).getString(Tag.PatientName));
        assertEquals("BN-1", patients.get(0).getString(Tag.PatientID));

        List<DataSet> studies = findscu("-S", query("study", "STUDY", null, Tag.StudyInstanceUID, Tag.PatientName));
        assertEquals(Set.of(TestFiles.STUDY_1, TestFiles.STUDY_2), uids(studies, Tag.StudyInstanceUID));
        assertEquals(Set.of(TestFiles.PATIENT_1, TestFiles.PATIENT_2), uids(studies, Tag.PatientName));

        List<DataSet> series = findscu("-S", query("series", "SERIES", TestFiles.PATIENT_1, Tag.SeriesInstanceUID));
        assertEquals(Set.of("2.25.710001", "2.25.710002"), uids(series, Tag.SeriesInstanceUID));

        List<DataSet> images = findscu("-S", query("image", "IMAGE", "TRẦN*", Tag.SOPInstanceUID, Tag.PatientName));
        assertEquals(Set.of(objects.get(3).sopInstanceUid(), objects.get(4).sopInstanceUid()), uids(images, Tag.SOPInstanceUID));
        assertEquals(Set.of(TestFiles.PATIENT_2), uids(images, Tag.PatientName));
    }

    private static Set<String> uids(List<DataSet> answers, int tag) {
        Set<String> s = new HashSet<>();
        for (DataSet d : answers) s.add(d.getString(tag));
        return s;
    }

    @Test
    void movescuToAStorescp() throws IOException, InterruptedException {
        TestScp.sendFiles("localhost", scp.port(), "SENDER", "TESTSCP", files);
        Path dest = Files.createDirectories(dir.resolve("dest"));
        storescp = DcmtkScp.start(dir.resolve("logs"), 0, List.of("storescp", "-aet", "DEST", "+xa", "-od", dest.toString()));
        scp.moveAet = "DEST";
        scp.movePort = storescp.port;
        for (String study : List.of(TestFiles.STUDY_1, TestFiles.STUDY_2)) {
            run(scu("movescu", "-S", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study));
        }
        Set<String> syntaxes = assertArrivedEqual(TestFiles.readAll(dest), objects);
        assertTrue(syntaxes.containsAll(List.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian, UID.JPEGBaseline8Bit)),
                syntaxes + "\n" + storescp.output());
    }

    @Test
    void getscuStoresIntoAFolder() throws IOException, InterruptedException {
        TestScp.sendFiles("localhost", scp.port(), "SENDER", "TESTSCP", files);
        Path got = Files.createDirectories(dir.resolve("got"));
        run(scu("getscu", "-S", "-od", got.toString(), "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + TestFiles.STUDY_1));
        assertArrivedEqual(TestFiles.readAll(got), objects.subList(0, 3));
        // The JPEG Baseline object needs a context for it: getscu proposes one when it prefers it.
        run(scu("getscu", "-S", "+xy", "-od", got.toString(), "-k", "QueryRetrieveLevel=IMAGE",
                "-k", "SOPInstanceUID=" + objects.get(4).sopInstanceUid()));
        assertEquals(Set.of(UID.JPEGBaseline8Bit), assertArrivedEqual(TestFiles.readAll(got), objects.subList(4, 5)));
    }
}
