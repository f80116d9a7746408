package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;

/**
 * Handlers that fail or stop early: every request still gets its final response, and the
 * association stays usable for the next message.
 */
@Timeout(120)
class HandlerFailureTest {

    DicomListener listener;
    final List<Integer> storedBytes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        DicomServiceRegistry services = new DicomServiceRegistry();
        // A handler whose own work on the association failed (say, a sub-operation without a context):
        // the association itself is fine, so the request must still be answered.
        services.register(Dimse.C_ECHO_RQ, UID.Verification, rq -> {
            throw new AssociationException("no accepted presentation context for a sub-operation");
        });
        services.register(Dimse.C_FIND_RQ, UID.StudyRootQueryRetrieveInformationModelFind, rq -> {
            throw new IllegalStateException("bug in a handler");
        });
        services.registerStorage(rq -> {
            String how = rq.sopInstanceUid();
            InputStream in = rq.dataStream();
            switch (how) {
                case "2.25.1" -> throw new DicomServiceException(Status.OUT_OF_RESOURCES, "disk full"); // nothing read
                case "2.25.2" -> storedBytes.add(in.readNBytes(100).length); // stops early: the rest is skipped
                default -> storedBytes.add(in.readAllBytes().length);
            }
        });
        listener = new DicomListener(new ApplicationEntity("HANDLERS", Set.of(), services, null), DicomListener.Options.of(0)).start();
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    private Association connect() throws IOException {
        AssociationOptions options = AssociationOptions.DEFAULT.withResponseTimeout(Duration.ofSeconds(30));
        return new Connector(options, null).connect("localhost", listener.port(), new AssociationRequest("SCU", "HANDLERS")
                .addContext(UID.Verification, UID.ImplicitVRLittleEndian)
                .addContext(UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian)
                .addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian), null);
    }

    private static DataSet object(String sopInstance) {
        DataSet ds = TestFiles.instance(1, TestFiles.PATIENT_1, "BN-1", TestFiles.STUDY_1, "2.25.710001");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstance);
        ds.setBytes(Tag.PixelData, VR.OW, new byte[500_000]); // many PDUs
        return ds;
    }

    @Test
    void associationExceptionOfAHandlerIsAnsweredWhileTheAssociationIsOpen() throws IOException {
        Association as = connect();
        DimseResult r = new Scu(as).echo();
        assertEquals(Status.PROCESSING_FAILURE, r.status(), r.toString());
        assertTrue(as.isOpen());
        as.release();
    }

    @Test
    void runtimeExceptionOfAHandlerIsAnswered() throws IOException {
        Association as = connect();
        Scu.FindResults results = new Scu(as).find(UID.StudyRootQueryRetrieveInformationModelFind, new DataSet());
        assertEquals(Status.PROCESSING_FAILURE, results.finalResponse().status());
        as.release();
    }

    @Test
    void storeHandlersThatFailOrStopEarlyLeaveTheAssociationUsable() throws IOException {
        Association as = connect();
        Scu scu = new Scu(as);
        DimseResult full = scu.store(object("2.25.1"));
        assertEquals(Status.OUT_OF_RESOURCES, full.status());
        assertEquals("disk full", full.errorComment());
        assertEquals(Status.SUCCESS, scu.store(object("2.25.2")).status());
        assertEquals(Status.SUCCESS, scu.store(object("2.25.3")).status());
        as.release();
        assertEquals(100, storedBytes.get(0));
        assertTrue(storedBytes.get(1) > 500_000, storedBytes.toString());
    }
}
