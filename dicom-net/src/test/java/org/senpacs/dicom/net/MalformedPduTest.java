package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.net.pdu.Pdu;

/**
 * Raw bytes against our listener: malformed, truncated and lying PDUs, before and after the
 * association is established. Each bad peer gets an A-ABORT or A-ASSOCIATE-RJ, or its connection
 * closed, and the listener keeps serving: a normal C-ECHO works after every case.
 */
@Timeout(120) // a regression fails here instead of hanging the build
class MalformedPduTest {

    @TempDir
    Path dir;

    TestScp scp;

    @BeforeEach
    void start() throws IOException {
        AssociationOptions options = AssociationOptions.DEFAULT.withArtimTimeout(Duration.ofSeconds(5));
        scp = new TestScp(Files.createDirectories(dir.resolve("scp")), "TESTSCP", DicomListener.Options.of(0).withAssociation(options));
    }

    @AfterEach
    void stop() {
        scp.close();
    }

    /** What the listener must answer. */
    enum Expect { ABORT, CLOSE, REJECT }

    static AssociationRequest request() {
        return new AssociationRequest("BADPEER", "TESTSCP")
                .addContext(UID.Verification, UID.ImplicitVRLittleEndian)
                .addContext(UID.UnifiedProcedureStepPush, UID.ImplicitVRLittleEndian) // rejected: context 3
                .addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian);
    }

    private void assertListenerServes() throws IOException {
        Association as = new Connector().connect("localhost", scp.port(),
                new AssociationRequest("GOODPEER", "TESTSCP").addContext(UID.Verification, UID.ImplicitVRLittleEndian), null);
        assertEquals(Status.SUCCESS, new Scu(as).echo().status());
        as.release();
    }

    private static void assertEnd(Expect expect, Pdu end, int abortReason) {
        switch (expect) {
            case ABORT -> {
                assertTrue(end instanceof Pdu.AAbort, "expected A-ABORT, got " + end);
                if (abortReason >= 0) assertEquals(abortReason, ((Pdu.AAbort) end).reason(), end.toString());
                assertEquals(Pdu.AAbort.SOURCE_PROVIDER, ((Pdu.AAbort) end).source());
            }
            case CLOSE -> assertTrue(end == null || end instanceof Pdu.AAbort, "expected the connection closed, got " + end);
            case REJECT -> assertTrue(end instanceof Pdu.AAssociateRJ, "expected A-ASSOCIATE-RJ, got " + end);
        }
    }

    // ---- the first PDU

    /** An A-ASSOCIATE-RQ built from its variable items (after the fixed 68 bytes). */
    static byte[] associateRq(int version, byte[]... items) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(version >>> 8);
        b.write(version);
        b.write(0);
        b.write(0);
        b.writeBytes("TESTSCP         BADPEER         ".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[32]);
        for (byte[] item : items) b.writeBytes(item);
        return RawPeer.pdu(Pdu.A_ASSOCIATE_RQ, b.toByteArray());
    }

    static byte[] item(int type, long length, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        b.write(0);
        b.write((int) (length >>> 8));
        b.write((int) length);
        b.writeBytes(value);
        return b.toByteArray();
    }

    static byte[] item(int type, byte[] value) {
        return item(type, value.length, value);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    static final byte[] APP_CONTEXT = item(0x10, ascii(Pdu.DICOM_APPLICATION_CONTEXT));
    static final byte[] ECHO_CONTEXT = item(0x20, concat(new byte[] {1, 0, 0, 0}, item(0x30, ascii(UID.Verification)),
            item(0x40, ascii(UID.ImplicitVRLittleEndian))));
    static final byte[] USER_INFO = item(0x50, item(0x51, new byte[] {0, 0, 0x40, 0}));

    static Stream<Arguments> firstPdus() throws IOException {
        byte[] valid = RawPeer.associateRq(request());
        byte[] longer = valid.clone();
        longer[5] += 100; // announces 100 bytes more than it has
        byte[] lineBreak = valid.clone();
        lineBreak[6 + 4 + 16 + 3] = '\n'; // "BAD\nEER": a control character in the calling AE title
        return Stream.of(
                Arguments.of("unknown PDU type", RawPeer.pdu(0x42, new byte[4]), Expect.ABORT, Pdu.AAbort.UNRECOGNIZED_PDU),
                Arguments.of("not DICOM at all", ascii("GET / HTTP/1.1\r\nHost: pacs\r\n\r\n"), Expect.ABORT, Pdu.AAbort.UNRECOGNIZED_PDU),
                Arguments.of("A-ASSOCIATE-RQ of 4 GB", RawPeer.pdu(Pdu.A_ASSOCIATE_RQ, 0xFFFFFFF0L, new byte[100]), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("A-ASSOCIATE-RQ of 2 GB", RawPeer.pdu(Pdu.A_ASSOCIATE_RQ, 0x80000000L, new byte[100]), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("A-ASSOCIATE-RQ shorter than its fixed fields", RawPeer.pdu(Pdu.A_ASSOCIATE_RQ, new byte[20]), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("A-ASSOCIATE-RQ longer than its bytes", longer, Expect.CLOSE, -1),
                Arguments.of("A-ASSOCIATE-RQ cut in the middle", Arrays.copyOf(valid, valid.length / 2), Expect.CLOSE, -1),
                Arguments.of("PDU header cut", new byte[] {1, 0, 0}, Expect.CLOSE, -1),
                Arguments.of("P-DATA-TF of 2 GB first", RawPeer.pdu(Pdu.P_DATA_TF, 0x7FFFFFFFL, new byte[10]), Expect.ABORT, -1),
                Arguments.of("P-DATA-TF first", RawPeer.pData(1, true, true, new byte[8]), Expect.ABORT, -1),
                Arguments.of("A-RELEASE-RQ first", RawPeer.pdu(Pdu.A_RELEASE_RQ, new byte[4]), Expect.ABORT, Pdu.AAbort.UNEXPECTED_PDU),
                Arguments.of("A-ASSOCIATE-AC first", RawPeer.pdu(Pdu.A_ASSOCIATE_AC, Arrays.copyOfRange(valid, 6, valid.length)),
                        Expect.ABORT, Pdu.AAbort.UNEXPECTED_PDU),
                Arguments.of("A-RELEASE-RQ of 1 MB", RawPeer.pdu(Pdu.A_RELEASE_RQ, 1 << 20, new byte[4]), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("A-ABORT first", RawPeer.pdu(Pdu.A_ABORT, new byte[4]), Expect.CLOSE, -1),
                Arguments.of("item running past the end", associateRq(1, APP_CONTEXT, item(0x20, 400, new byte[10])), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("item header cut", associateRq(1, APP_CONTEXT, ECHO_CONTEXT, new byte[] {0x50, 0}), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("no application context", associateRq(1, ECHO_CONTEXT, USER_INFO), Expect.ABORT, -1),
                Arguments.of("unknown sub-item in a presentation context", associateRq(1, APP_CONTEXT,
                        item(0x20, concat(new byte[] {1, 0, 0, 0}, item(0x30, ascii(UID.Verification)), item(0x66, new byte[3]))),
                        USER_INFO), Expect.ABORT, Pdu.AAbort.UNRECOGNIZED_PDU_PARAMETER),
                Arguments.of("presentation context without transfer syntax", associateRq(1, APP_CONTEXT,
                        item(0x20, concat(new byte[] {1, 0, 0, 0}, item(0x30, ascii(UID.Verification)))), USER_INFO), Expect.ABORT, -1),
                Arguments.of("presentation context of 2 bytes", associateRq(1, APP_CONTEXT, item(0x20, new byte[2]), USER_INFO),
                        Expect.ABORT, Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("maximum length sub-item of 2 bytes", associateRq(1, APP_CONTEXT, ECHO_CONTEXT,
                        item(0x50, item(0x51, new byte[2]))), Expect.ABORT, Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("role selection with a UID length past its item", associateRq(1, APP_CONTEXT, ECHO_CONTEXT,
                        item(0x50, concat(item(0x51, new byte[4]), item(0x54, new byte[] {0x7F, 0, '1', '2'})))), Expect.ABORT, -1),
                Arguments.of("user identity cut", associateRq(1, APP_CONTEXT, ECHO_CONTEXT,
                        item(0x50, concat(item(0x51, new byte[4]), item(0x58, new byte[] {2, 0, 0, 9, 'a'})))), Expect.ABORT, -1),
                Arguments.of("calling AE title with a line break", lineBreak, Expect.REJECT, -1),
                Arguments.of("protocol version 0", associateRq(0, APP_CONTEXT, ECHO_CONTEXT, USER_INFO), Expect.REJECT, -1),
                Arguments.of("unknown application context", associateRq(1, item(0x10, ascii("1.2.3.4")), ECHO_CONTEXT, USER_INFO),
                        Expect.REJECT, -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstPdus")
    void badFirstPdu(String name, byte[] bytes, Expect expect, int abortReason) throws IOException {
        try (RawPeer peer = new RawPeer(scp.port())) {
            peer.sendAndShutdown(bytes);
            assertEnd(expect, peer.awaitEnd(), abortReason);
            assertTrue(peer.awaitClosed(), "the listener closed the connection");
        }
        assertListenerServes();
    }

    @Test
    void unknownItemsAreIgnored() throws IOException {
        // PS3.8 §9.3.1: items of unrecognized type are ignored, not a reason to refuse.
        byte[] rq = associateRq(1, APP_CONTEXT, item(0x77, new byte[7]), ECHO_CONTEXT,
                item(0x50, concat(item(0x51, new byte[] {0, 0, 0x40, 0}), item(0x5F, new byte[5]))));
        try (RawPeer peer = new RawPeer(scp.port())) {
            peer.send(rq);
            Pdu answer = peer.read();
            assertTrue(answer instanceof Pdu.AAssociate ac && !ac.request() && ac.presentationContexts().get(0).isAccepted(),
                    String.valueOf(answer));
            peer.send(RawPeer.pdu(Pdu.A_RELEASE_RQ, new byte[4]));
            assertTrue(peer.read() instanceof Pdu.AReleaseRP);
        }
        assertListenerServes();
    }

    @Test
    void randomlyDamagedAssociateRequests() throws IOException {
        byte[] valid = RawPeer.associateRq(request().userIdentity(org.senpacs.dicom.net.pdu.UserIdentity.username("bs.an", true))
                .addRole(UID.CTImageStorage, true, true).asyncOperationsWindow(1, 1));
        Random random = new Random(20240315);
        for (int i = 0; i < 150; i++) {
            byte[] damaged = valid.clone();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            if (random.nextInt(5) == 0) damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
            try (RawPeer peer = new RawPeer(scp.port())) {
                peer.sendAndShutdown(damaged);
                peer.awaitEnd(); // whatever the answer (even an A-ASSOCIATE-AC), the listener ends the connection
                assertTrue(peer.awaitClosed(), "case " + i);
            }
        }
        assertListenerServes();
    }

    // ---- on an established association

    static Stream<Arguments> laterPdus() throws IOException {
        byte[] echo = RawPeer.echoCommand(UID.Verification, 1);
        return Stream.of(
                Arguments.of("P-DATA-TF of 2 GB", RawPeer.pdu(Pdu.P_DATA_TF, 0x7FFFFFFFL, new byte[100]), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("P-DATA-TF of 4 GB", RawPeer.pdu(Pdu.P_DATA_TF, 0xFFFFFFFFL, new byte[100]), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("P-DATA-TF longer than its bytes", RawPeer.pdu(Pdu.P_DATA_TF, 5000, RawPeer.pdv(1, true, true, echo)),
                        Expect.CLOSE, -1),
                Arguments.of("empty P-DATA-TF", RawPeer.pdu(Pdu.P_DATA_TF, new byte[0]), Expect.ABORT, -1),
                Arguments.of("PDV longer than its P-DATA-TF", RawPeer.pdu(Pdu.P_DATA_TF, RawPeer.pdv(9000, 1, true, true, echo)),
                        Expect.ABORT, Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("PDV of length 1", RawPeer.pdu(Pdu.P_DATA_TF, RawPeer.pdv(1, 1, true, true, new byte[0])), Expect.ABORT,
                        Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE),
                Arguments.of("PDV header cut", RawPeer.pdu(Pdu.P_DATA_TF, new byte[] {0, 0, 0}), Expect.ABORT, -1),
                Arguments.of("PDV for an unknown presentation context", RawPeer.pData(99, true, true, echo), Expect.ABORT,
                        Pdu.AAbort.UNEXPECTED_PDU_PARAMETER),
                Arguments.of("PDV for a rejected presentation context", RawPeer.pData(3, true, true, echo), Expect.ABORT,
                        Pdu.AAbort.UNEXPECTED_PDU_PARAMETER),
                Arguments.of("data before any command", RawPeer.pData(1, false, true, new byte[8]), Expect.ABORT, -1),
                Arguments.of("unreadable command set", RawPeer.pData(1, true, true, new byte[] {8, 0, 0, 0, (byte) 0xFF, (byte) 0xFF,
                        (byte) 0xFF, 0x7F, 1, 2}), Expect.ABORT, -1),
                Arguments.of("command element of 1 GB", RawPeer.pData(1, true, true, new byte[] {0, 0, 0, 0, (byte) 0xF0, (byte) 0xFF,
                        (byte) 0xFF, 0x3F, 1, 2}), Expect.ABORT, -1),
                Arguments.of("unknown command field", RawPeer.pData(1, true, true, unknownCommand()), Expect.ABORT, -1),
                Arguments.of("command interrupted by another context", concat(RawPeer.pData(1, true, false, Arrays.copyOf(echo, 20)),
                        RawPeer.pData(5, true, true, Arrays.copyOfRange(echo, 20, echo.length))), Expect.ABORT, -1),
                Arguments.of("command interrupted by A-RELEASE-RQ", concat(RawPeer.pData(1, true, false, Arrays.copyOf(echo, 20)),
                        RawPeer.pdu(Pdu.A_RELEASE_RQ, new byte[4])), Expect.ABORT, Pdu.AAbort.UNEXPECTED_PDU),
                Arguments.of("A-ASSOCIATE-RQ again", RawPeer.associateRq(request()), Expect.ABORT, Pdu.AAbort.UNEXPECTED_PDU),
                Arguments.of("unknown PDU type", RawPeer.pdu(0x0E, new byte[4]), Expect.ABORT, Pdu.AAbort.UNRECOGNIZED_PDU));
    }

    private static byte[] unknownCommand() throws IOException {
        org.senpacs.dicom.DataSet c = new org.senpacs.dicom.DataSet();
        c.setInt(org.senpacs.dicom.Tag.CommandField, org.senpacs.dicom.VR.US, 0x0ABC);
        c.setInt(org.senpacs.dicom.Tag.MessageID, org.senpacs.dicom.VR.US, 1);
        c.setInt(org.senpacs.dicom.Tag.CommandDataSetType, org.senpacs.dicom.VR.US, 0x0101);
        return RawPeer.command(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laterPdus")
    void badPduOnAnEstablishedAssociation(String name, byte[] bytes, Expect expect, int abortReason) throws IOException {
        try (RawPeer peer = new RawPeer(scp.port())) {
            peer.associate(request());
            // a good echo first: the association works until the bad PDU
            peer.send(RawPeer.pData(1, true, true, RawPeer.echoCommand(UID.Verification, 7)));
            assertTrue(peer.read() instanceof Pdu.PDataTF, "C-ECHO-RSP");
            peer.sendAndShutdown(bytes);
            assertEnd(expect, peer.awaitEnd(), abortReason);
            assertTrue(peer.awaitClosed(), "the listener closed the connection");
        }
        assertListenerServes();
    }
}
