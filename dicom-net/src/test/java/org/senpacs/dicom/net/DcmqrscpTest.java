package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.net.TestFiles.TestObject;

/**
 * Our SCU against dcmtk's dcmqrscp (an image archive): C-STORE into it, C-FIND at every level,
 * C-MOVE to our own listener, C-GET onto our association.
 */
class DcmqrscpTest {

    @TempDir
    Path dir;

    DcmtkScp dcmqrscp;
    TestScp destination;
    List<TestObject> objects;

    @BeforeEach
    void start() throws IOException, InterruptedException {
        destination = new TestScp(Files.createDirectories(dir.resolve("moved")), "SENSCU", DicomListener.Options.of(0));
        Path storage = Files.createDirectories(dir.resolve("archive"));
        int port = DcmtkScp.freePort();
        Path config = dir.resolve("dcmqrscp.cfg");
        Files.writeString(config, """
                NetworkTCPPort  = %d
                MaxPDUSize      = 16384
                MaxAssociations = 16

                HostTable BEGIN
                sen = (SENSCU, localhost, %d)
                HostTable END

                VendorTable BEGIN
                VendorTable END

                AETable BEGIN
                DCMQRSCP %s RW (200, 1024mb) ANY
                AETable END
                """.formatted(port, destination.port(), storage));
        dcmqrscp = DcmtkScp.start(dir.resolve("logs"), port, List.of("dcmqrscp", "-c", config.toString()));
        // dcmqrscp proposes one context per SOP class for its C-STORE sub-operations, so it cannot
        // send a JPEG and an uncompressed CT on one association: the JPEG object is left out here.
        objects = TestFiles.objects().subList(0, 4);
        List<Path> files = TestFiles.write(dir.resolve("sent"), objects);
        List<Integer> statuses = TestScp.sendFiles("localhost", port, "SENSCU", "DCMQRSCP", files);
        assertEquals(java.util.Collections.nCopies(files.size(), Status.SUCCESS), statuses, dcmqrscp.output());
    }

    @AfterEach
    void stop() {
        if (dcmqrscp != null) dcmqrscp.close();
        destination.close();
    }

    private Association connect(AssociationRequest rq, DicomServiceRegistry services) throws IOException {
        return new Connector().connect("localhost", dcmqrscp.port, rq, services);
    }

    private static DataSet keys(String level, int... returnKeys) {
        DataSet k = new DataSet();
        k.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        k.setString(Tag.QueryRetrieveLevel, VR.CS, level);
        for (int tag : returnKeys) k.setEmpty(tag, org.senpacs.dicom.ElementDictionary.standard().vrOf(tag));
        return k;
    }

    private static List<DataSet> find(Scu scu, String model, DataSet keys) throws IOException {
        Scu.FindResults r = scu.find(model, keys);
        List<DataSet> matches = new ArrayList<>();
        r.forEachRemaining(matches::add);
        assertEquals(Status.SUCCESS, r.finalResponse().status(), r.finalResponse().toString());
        return matches;
    }

    private static Set<String> values(List<DataSet> answers, int tag) {
        Set<String> s = new HashSet<>();
        for (DataSet d : answers) s.add(d.getString(tag));
        return s;
    }

    @Test
    void findAtPatientStudySeriesAndImageLevel() throws IOException {
        Association as = connect(new AssociationRequest("SENSCU", "DCMQRSCP")
                .addContext(UID.PatientRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian)
                .addContext(UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian), null);
        Scu scu = new Scu(as);

        DataSet patient = keys("PATIENT", Tag.PatientID);
        patient.setString(Tag.PatientName, VR.PN, "NGUYỄN*");
        List<DataSet> patients = find(scu, UID.PatientRootQueryRetrieveInformationModelFind, patient);
        assertEquals(Set.of("BN-1"), values(patients, Tag.PatientID));
        assertEquals(Set.of(TestFiles.PATIENT_1), values(patients, Tag.PatientName));

        List<DataSet> studies = find(scu, UID.StudyRootQueryRetrieveInformationModelFind,
                keys("STUDY", Tag.StudyInstanceUID, Tag.PatientName, Tag.PatientID));
        assertEquals(Set.of(TestFiles.STUDY_1, TestFiles.STUDY_2), values(studies, Tag.StudyInstanceUID));
        assertEquals(Set.of(TestFiles.PATIENT_1, TestFiles.PATIENT_2), values(studies, Tag.PatientName));

        DataSet series = keys("SERIES", Tag.SeriesInstanceUID);
        series.setString(Tag.StudyInstanceUID, VR.UI, TestFiles.STUDY_1);
        assertEquals(Set.of("2.25.710001", "2.25.710002"),
                values(find(scu, UID.StudyRootQueryRetrieveInformationModelFind, series), Tag.SeriesInstanceUID));

        DataSet images = keys("IMAGE", Tag.SOPInstanceUID);
        images.setString(Tag.StudyInstanceUID, VR.UI, TestFiles.STUDY_2);
        images.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.710003");
        assertEquals(Set.of(objects.get(3).sopInstanceUid()),
                values(find(scu, UID.StudyRootQueryRetrieveInformationModelFind, images), Tag.SOPInstanceUID));
        as.release();
    }

    private void assertEqualObjects(Map<String, DicomFile> received) {
        assertEquals(objects.size(), received.size(), () -> received.keySet() + "\n" + dcmqrscp.output());
        for (TestObject o : objects) {
            DicomFile f = received.get(o.sopInstanceUid());
            assertEquals(TestFiles.expected(o, f.transferSyntax().uid()), f.dataSet(), o.transferSyntax() + " -> " + f.transferSyntax());
        }
    }

    @Test
    void moveToOurListener() throws IOException {
        Association as = connect(new AssociationRequest("SENSCU", "DCMQRSCP")
                .addContext(UID.StudyRootQueryRetrieveInformationModelMove, UID.ExplicitVRLittleEndian), null);
        int completed = 0;
        for (String study : List.of(TestFiles.STUDY_1, TestFiles.STUDY_2)) {
            DataSet keys = keys("STUDY");
            keys.setString(Tag.StudyInstanceUID, VR.UI, study);
            DimseResult r = new Scu(as).move(UID.StudyRootQueryRetrieveInformationModelMove, "SENSCU", keys, null);
            assertEquals(Status.SUCCESS, r.status(), () -> r + "\n" + dcmqrscp.output());
            completed += r.completed();
        }
        as.release();
        assertEquals(objects.size(), completed);
        assertEqualObjects(TestFiles.readAll(destination.dir));
    }

    @Test
    void getOntoOurAssociation() throws IOException {
        Map<String, DicomFile> received = new ConcurrentHashMap<>();
        DicomServiceRegistry services = new DicomServiceRegistry().registerStorage(rq -> {
            DataSet ds = rq.dataSet();
            received.put(rq.sopInstanceUid(), new DicomFile(null, ds, org.senpacs.dicom.TransferSyntax.of(rq.transferSyntax())));
        });
        AssociationRequest rq = new AssociationRequest("SENSCU", "DCMQRSCP")
                .addContext(UID.StudyRootQueryRetrieveInformationModelGet, UID.ExplicitVRLittleEndian);
        for (String ts : List.of(UID.ExplicitVRBigEndian, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)) {
            rq.addContext(UID.CTImageStorage, ts);
        }
        rq.addRole(UID.CTImageStorage, false, true);
        Association as = connect(rq, services);
        for (String study : List.of(TestFiles.STUDY_1, TestFiles.STUDY_2)) {
            DataSet keys = keys("STUDY");
            keys.setString(Tag.StudyInstanceUID, VR.UI, study);
            DimseResult r = new Scu(as).get(UID.StudyRootQueryRetrieveInformationModelGet, keys, null);
            assertEquals(Status.SUCCESS, r.status(), () -> r + "\n" + dcmqrscp.output());
        }
        as.release();
        assertEqualObjects(received);
    }
}
