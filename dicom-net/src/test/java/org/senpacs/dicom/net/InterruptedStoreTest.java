package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.net.pdu.Pdu;

/**
 * A C-STORE whose data set never arrives complete (A-ABORT, connection closed, a protocol error in
 * the middle, a sender whose source fails): the SCP must not leave a half-written object visible,
 * must not answer it as stored, and must keep serving.
 */
@Timeout(120) // a regression fails here instead of hanging the build
class InterruptedStoreTest {

    @TempDir
    Path dir;

    TestScp scp;
    byte[] dataSet;

    @BeforeEach
    void start() throws IOException {
        scp = new TestScp(Files.createDirectories(dir.resolve("scp")), "TESTSCP", DicomListener.Options.of(0));
        DataSet ds = TestFiles.instance(1, TestFiles.PATIENT_1, "BN-1", TestFiles.STUDY_1, "2.25.710001");
        ds.setBytes(Tag.PixelData, org.senpacs.dicom.VR.OW, new byte[200_000]);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(b, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        dataSet = b.toByteArray();
    }

    @AfterEach
    void stop() {
        scp.close();
    }

    private static AssociationRequest request() {
        return new AssociationRequest("SENDER", "TESTSCP")
                .addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian)
                .addContext(UID.Verification, UID.ImplicitVRLittleEndian);
    }

    /** Opens an association and sends the C-STORE-RQ command and the first {@code n} bytes of the data set. */
    private RawPeer startStore(int n) throws IOException {
        RawPeer peer = new RawPeer(scp.port());
        peer.associate(request());
        peer.send(RawPeer.pData(1, true, true, RawPeer.storeCommand(UID.CTImageStorage, "2.25.720001", 1)));
        for (int off = 0; off < n; off += 8000) {
            peer.send(RawPeer.pData(1, false, false, Arrays.copyOfRange(dataSet, off, Math.min(n, off + 8000))));
        }
        return peer;
    }

    /** Once the SCP has ended the association: nothing stored, no file (not even a temporary one) left. */
    private void assertNothingStored() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (scp.listener.activeAssociations() > 0 && System.nanoTime() < deadline) sleep();
        assertEquals(0, scp.listener.activeAssociations(), "the SCP ended the association");
        assertTrue(scp.stored.isEmpty(), scp.stored.toString());
        try (Stream<Path> files = Files.list(scp.dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private void assertListenerServes() throws IOException {
        Association as = new Connector().connect("localhost", scp.port(), request(), null);
        assertEquals(Status.SUCCESS, new Scu(as).echo().status());
        as.release();
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void completeStoreIsVisible() throws IOException {
        try (RawPeer peer = startStore(dataSet.length - 10)) {
            peer.send(RawPeer.pData(1, false, true, Arrays.copyOfRange(dataSet, dataSet.length - 10, dataSet.length)));
            assertTrue(peer.read() instanceof Pdu.PDataTF, "C-STORE-RSP");
        }
        assertTrue(scp.stored.containsKey("2.25.720001"));
    }

    @Test
    void abortInTheMiddleOfTheDataSet() throws IOException {
        try (RawPeer peer = startStore(100_000)) {
            peer.send(RawPeer.pdu(Pdu.A_ABORT, new byte[4]));
            assertTrue(peer.awaitClosed(), "the SCP closes the connection after an A-ABORT");
        }
        assertNothingStored();
        assertListenerServes();
    }

    @Test
    void connectionClosedInTheMiddleOfTheDataSet() throws IOException {
        try (RawPeer peer = startStore(100_000)) {
            peer.socket.shutdownOutput();
            assertTrue(peer.awaitClosed());
        }
        assertNothingStored();
        assertListenerServes();
    }

    @Test
    void connectionClosedInTheMiddleOfAPdu() throws IOException {
        try (RawPeer peer = startStore(50_000)) {
            byte[] pdu = RawPeer.pData(1, false, false, Arrays.copyOfRange(dataSet, 50_000, 60_000));
            peer.send(Arrays.copyOf(pdu, 3000));
            peer.socket.close();
        }
        assertNothingStored();
        assertListenerServes();
    }

    @Test
    void releaseRequestInTheMiddleOfTheDataSet() throws IOException {
        try (RawPeer peer = startStore(100_000)) {
            peer.send(RawPeer.pdu(Pdu.A_RELEASE_RQ, new byte[4]));
            Pdu end = peer.awaitEnd();
            assertTrue(end instanceof Pdu.AAbort, String.valueOf(end));
        }
        assertNothingStored();
        assertListenerServes();
    }

    @Test
    void otherContextInTheMiddleOfTheDataSet() throws IOException {
        try (RawPeer peer = startStore(100_000)) {
            peer.send(RawPeer.pData(3, true, true, RawPeer.echoCommand(UID.Verification, 2)));
            Pdu end = peer.awaitEnd();
            assertTrue(end instanceof Pdu.AAbort a && a.reason() == Pdu.AAbort.UNEXPECTED_PDU_PARAMETER, String.valueOf(end));
        }
        assertNothingStored();
        assertListenerServes();
    }

    @Test
    void senderWhoseSourceFailsAborts() throws IOException {
        Association as = new Connector().connect("localhost", scp.port(), request(), null);
        Scu scu = new Scu(as);
        IOException e = assertThrows(IOException.class, () -> scu.store(UID.CTImageStorage, "2.25.720001", UID.ExplicitVRLittleEndian,
                (out, ts) -> {
                    out.write(dataSet, 0, 100_000); // several PDVs go out
                    throw new IOException("disk read error");
                }, null, 0));
        assertTrue(e.getMessage().contains("disk read error"), e.getMessage());
        assertTrue(as.awaitClose(20_000));
        assertFalse(as.isOpen(), "the association was aborted: a truncated data set is never flagged complete");
        assertNothingStored();
        assertListenerServes();
    }
}
