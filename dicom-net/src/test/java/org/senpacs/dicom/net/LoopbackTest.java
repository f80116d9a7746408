package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.net.pdu.Pdu;
import org.senpacs.dicom.net.pdu.UserIdentity;
import org.senpacs.dicom.testing.Samples;

/** Our SCU against our SCP on loopback, every DIMSE service. */
class LoopbackTest {

    @TempDir
    Path dir;

    TestScp scp;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(dir.resolve("scp"));
        scp = new TestScp(dir.resolve("scp"), "TESTSCP", DicomListener.Options.of(0));
    }

    @AfterEach
    void stop() {
        scp.close();
    }

    private Association connect(AssociationRequest rq) throws IOException {
        return new Connector().connect("localhost", scp.port(), rq, null);
    }

    static DataSet instance(int n) {
        DataSet ds = Samples.everyVr();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1000" + n);
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.42");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.43");
        return ds;
    }

    @Test
    void echoStoreFindReleaseOnOneAssociation() throws IOException {
        AssociationRequest rq = new AssociationRequest("TESTSCU", "TESTSCP")
                .addContext(UID.Verification, UID.ImplicitVRLittleEndian)
                .addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)
                .addContext(UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian);
        Association as = connect(rq);
        Scu scu = new Scu(as);
        assertEquals(Status.SUCCESS, scu.echo().status());
        for (int i = 0; i < 3; i++) assertEquals(Status.SUCCESS, scu.store(instance(i)).status());
        assertEquals(3, scp.stored.size());
        DataSet back = new DataSetReader().read(scp.stored.get("2.25.10001")).dataSet();
        assertEquals(instance(1), back);

        DataSet keys = new DataSet();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, "IMAGE");
        keys.setString(Tag.PatientName, VR.PN, "NGUYỄN*");
        keys.setEmpty(Tag.SOPInstanceUID, VR.UI);
        keys.setSpecificCharacterSet(org.senpacs.dicom.charset.SpecificCharacterSet.UTF_8);
        Scu.FindResults results = scu.find(UID.StudyRootQueryRetrieveInformationModelFind, keys);
        List<String> uids = new ArrayList<>();
        results.forEachRemaining(d -> uids.add(d.getString(Tag.SOPInstanceUID)));
        assertEquals(3, uids.size());
        assertEquals(Status.SUCCESS, results.finalResponse().status());
        as.release();
        assertFalse(as.isOpen());
    }

    @Test
    void storeOfALargeObjectStreamsThroughSmallPdus() throws IOException {
        DataSet ds = instance(7);
        byte[] pixels = new byte[3_000_000];
        new java.util.Random(1).nextBytes(pixels);
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        AssociationRequest rq = new AssociationRequest("TESTSCU", "TESTSCP")
                .addContext(UID.CTImageStorage, UID.ExplicitVRBigEndian);
        Association as = new Connector(AssociationOptions.DEFAULT.withMaxPduLength(16384, 16384), null)
                .connect("localhost", scp.port(), rq, null);
        Path f = dir.resolve("big.dcm");
        new DataSetWriter().writeFile(f, DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        // The file is little endian; only big endian was accepted: converted on the way.
        assertEquals(Status.SUCCESS, new Scu(as).storeFile(f).status());
        as.release();
        assertEquals(ds, new DataSetReader().read(scp.stored.get("2.25.10007")).dataSet());
    }

    @Test
    void moveToAnotherScpAndGetOnTheSameAssociation() throws IOException {
        Path destDir = Files.createDirectories(dir.resolve("dest"));
        try (TestScp dest = new TestScp(destDir, "DEST", DicomListener.Options.of(0))) {
            Association as = connect(new AssociationRequest("TESTSCU", "TESTSCP").addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian));
            for (int i = 0; i < 4; i++) new Scu(as).store(instance(i));
            as.release();
            scp.moveAet = "DEST";
            scp.movePort = dest.port();

            DataSet keys = new DataSet();
            keys.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
            keys.setString(Tag.StudyInstanceUID, VR.UI, "2.25.42");
            Association mv = connect(new AssociationRequest("TESTSCU", "TESTSCP")
                    .addContext(UID.StudyRootQueryRetrieveInformationModelMove, UID.ExplicitVRLittleEndian));
            AtomicInteger pendings = new AtomicInteger();
            DimseResult r = new Scu(mv).move(UID.StudyRootQueryRetrieveInformationModelMove, "DEST", keys, p -> pendings.incrementAndGet());
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals(4, r.completed());
            assertEquals(3, pendings.get());
            assertEquals(4, dest.stored.size());
            DimseResult unknown = new Scu(mv).move(UID.StudyRootQueryRetrieveInformationModelMove, "NOWHERE", keys, null);
            assertEquals(Status.MOVE_DESTINATION_UNKNOWN, unknown.status());
            assertTrue(unknown.errorComment().contains("NOWHERE"));
            mv.release();

            // C-GET: the instances come back as C-STOREs on our association.
            List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
            DicomServiceRegistry mine = new DicomServiceRegistry().registerStorage(req -> {
                DataSet d = req.dataSet();
                received.add(d.getString(Tag.SOPInstanceUID));
            });
            Association get = new Connector().connect("localhost", scp.port(), new AssociationRequest("TESTSCU", "TESTSCP")
                    .addContext(UID.StudyRootQueryRetrieveInformationModelGet, UID.ExplicitVRLittleEndian)
                    .addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian)
                    .addRole(UID.CTImageStorage, false, true), mine);
            DimseResult g = new Scu(get).get(UID.StudyRootQueryRetrieveInformationModelGet, keys, null);
            assertEquals(Status.SUCCESS, g.status(), g.toString());
            assertEquals(4, g.completed());
            assertEquals(4, received.size());
            get.release();
        }
    }

    @Test
    void everyNormalizedService() throws IOException {
        Association as = connect(new AssociationRequest("TESTSCU", "TESTSCP")
                .addContext(UID.ModalityPerformedProcedureStep, UID.ExplicitVRLittleEndian)
                .addContext(UID.StorageCommitmentPushModel, UID.ExplicitVRLittleEndian));
        Scu scu = new Scu(as);
        DataSet mpps = new DataSet();
        mpps.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        mpps.setString(Tag.PatientName, VR.PN, Samples.VIETNAMESE_NAME);
        mpps.setSpecificCharacterSet(org.senpacs.dicom.charset.SpecificCharacterSet.UTF_8);
        assertEquals(Status.SUCCESS, scu.nCreate(UID.ModalityPerformedProcedureStep, "2.25.7", mpps).status());
        DataSet done = new DataSet();
        done.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        assertEquals(Status.SUCCESS, scu.nSet(UID.ModalityPerformedProcedureStep, "2.25.7", done).status());
        DimseResult got = scu.nGet(UID.ModalityPerformedProcedureStep, "2.25.7", Tag.PerformedProcedureStepStatus);
        assertEquals("IN PROGRESS", got.data().getString(Tag.PerformedProcedureStepStatus));
        DataSet commit = new DataSet();
        commit.setString(Tag.TransactionUID, VR.UI, "2.25.99");
        assertEquals(Status.SUCCESS, scu.nAction(UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 1, commit).status());
        assertEquals(Status.SUCCESS, scu.nEventReport(UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 1, commit).status());
        assertEquals(Status.SUCCESS, scu.nDelete(UID.ModalityPerformedProcedureStep, "2.25.7").status());
        as.release();

        List<Dimse> seen = scp.nRequests.stream().map(DimseRequest::dimse).toList();
        assertEquals(List.of(Dimse.N_CREATE_RQ, Dimse.N_SET_RQ, Dimse.N_GET_RQ, Dimse.N_ACTION_RQ, Dimse.N_EVENT_REPORT_RQ,
                Dimse.N_DELETE_RQ), seen);
        DimseRequest create = scp.nRequests.get(0);
        assertEquals(Samples.VIETNAMESE_NAME, create.dataSet().getString(Tag.PatientName));
        assertEquals("2.25.7", create.sopInstanceUid());
        assertEquals(1, scp.nRequests.get(3).command().getInt(Tag.ActionTypeID, 0));
        assertEquals(Tag.PerformedProcedureStepStatus, scp.nRequests.get(2).command().getInt(Tag.AttributeIdentifierList, 0));
    }

    @Test
    void findCanBeCanceled() throws IOException {
        Association store = connect(new AssociationRequest("TESTSCU", "TESTSCP").addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian));
        for (int i = 0; i < 30; i++) new Scu(store).store(instance(i));
        store.release();
        scp.holdFindUntilCanceled = true; // else all 30 matches may be sent before the C-CANCEL arrives
        Association as = connect(new AssociationRequest("TESTSCU", "TESTSCP")
                .addContext(UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian));
        DataSet keys = new DataSet();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, "IMAGE");
        keys.setEmpty(Tag.SOPInstanceUID, VR.UI);
        Scu.FindResults results = new Scu(as).find(UID.StudyRootQueryRetrieveInformationModelFind, keys);
        assertTrue(results.hasNext());
        results.next();
        results.cancel();
        int more = 0;
        while (results.hasNext()) {
            results.next();
            more++;
        }
        assertEquals(Status.CANCEL, results.finalResponse().status());
        assertEquals(0, more, "matches after cancel");
        as.release();
    }

    @Test
    void negotiationOutcomes() throws IOException {
        AssociationException wrongAe = assertThrows(AssociationException.class,
                () -> connect(new AssociationRequest("TESTSCU", "NOBODY").addContext(UID.Verification, UID.ImplicitVRLittleEndian)));
        assertTrue(wrongAe.reason() instanceof Pdu.AAssociateRJ rj && rj.reason() == Pdu.AAssociateRJ.CALLED_AE_NOT_RECOGNIZED);

        Association as = connect(new AssociationRequest("TESTSCU", "TESTSCP")
                .addContext(UID.Verification, UID.ImplicitVRLittleEndian)
                .addContext(UID.UnifiedProcedureStepPush, UID.ImplicitVRLittleEndian)
                .addContext(UID.StudyRootQueryRetrieveInformationModelFind, UID.JPEGBaseline8Bit)
                .addContext(UID.CTImageStorage, UID.JPEG2000Lossless, UID.ExplicitVRLittleEndian)
                .addContext("1.2.826.0.1.3680043.9.9999.1", UID.ExplicitVRLittleEndian) // a private storage class
                .userIdentity(UserIdentity.usernamePasscode("bs.lan", "secret".toCharArray(), false)));
        List<org.senpacs.dicom.net.pdu.PresentationContext> pcs = new ArrayList<>(as.presentationContexts());
        assertTrue(pcs.get(0).isAccepted());
        assertEquals(org.senpacs.dicom.net.pdu.PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, pcs.get(1).result());
        assertEquals(org.senpacs.dicom.net.pdu.PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, pcs.get(2).result());
        assertEquals(UID.JPEG2000Lossless, pcs.get(3).transferSyntax()); // storage: first proposed, compressed included
        assertTrue(pcs.get(4).isAccepted(), "an archive takes private SOP classes as storage");
        assertNotNull(as.associateAccept().userInformation().implementationClassUid());
        as.release();
    }

    @Test
    void failuresBecomeStatusesWithComments() throws IOException {
        DicomServiceRegistry services = DicomServiceRegistry.withVerification().registerStorage(rq -> {
            throw new DicomServiceException(Status.OUT_OF_RESOURCES, "disk full");
        });
        try (DicomListener l = new DicomListener(new ApplicationEntity("FULL", java.util.Set.of("ALLOWED"), services, null),
                DicomListener.Options.of(0)).start()) {
            AssociationException rejected = assertThrows(AssociationException.class, () -> new Connector().connect("localhost", l.port(),
                    new AssociationRequest("STRANGER", "FULL").addContext(UID.Verification, UID.ImplicitVRLittleEndian), null));
            assertTrue(rejected.getMessage().contains("calling-AE-title-not-recognized"), rejected.getMessage());
            Association as = new Connector().connect("localhost", l.port(),
                    new AssociationRequest("ALLOWED", "FULL").addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian), null);
            DimseResult r = new Scu(as).store(instance(1));
            assertEquals(Status.OUT_OF_RESOURCES, r.status());
            assertEquals("disk full", r.errorComment());
            as.release();
        }
    }

    static void write(OutputStream out, byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }
}
