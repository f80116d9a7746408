package org.senpacs.dicom.net.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PDU codec without sockets: round trips, and every lying or truncated length rejected cheaply. */
class PduCodecTest {

    static Pdu.AAssociate fullRequest() {
        Pdu.UserInformation ui = new Pdu.UserInformation(16384, "1.2.3.4", "SEN_TEST", 3, 2,
                List.of(new Negotiation.RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true)),
                List.of(new Negotiation.Extended("1.2.840.10008.5.1.4.1.2.2.1", new byte[] {1, 0, 1})),
                List.of(new Negotiation.CommonExtended("1.2.3.4.5", "1.2.840.10008.4.2", List.of("1.2.840.10008.5.1.4.1.1.2"))),
                UserIdentity.usernamePasscode("bs.an", "mật khẩu".toCharArray(), true), null);
        return new Pdu.AAssociate(true, 1, "CALLED", "CALLING", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(PresentationContext.proposed(1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"),
                        PresentationContext.proposed(3, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.1")),
                ui);
    }

    static byte[] bytes(Pdu.AAssociate a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduCodec.writeAssociate(out, a);
        return out.toByteArray();
    }

    static Pdu read(byte[] b) throws IOException {
        return PduCodec.read(new ByteArrayInputStream(b), 1 << 16, null);
    }

    @Test
    void associateRequestRoundTrip() throws IOException {
        Pdu.AAssociate rq = fullRequest();
        Pdu.AAssociate back = (Pdu.AAssociate) read(bytes(rq));
        assertEquals(rq.calledAE(), back.calledAE());
        assertEquals(rq.callingAE(), back.callingAE());
        assertEquals(rq.presentationContexts(), back.presentationContexts());
        Pdu.UserInformation u = back.userInformation();
        assertEquals(16384, u.maxPduLength());
        assertEquals("1.2.3.4", u.implementationClassUid());
        assertEquals("SEN_TEST", u.implementationVersionName());
        assertEquals(3, u.asyncOpsInvoked());
        assertEquals(2, u.asyncOpsPerformed());
        assertEquals(rq.userInformation().roleSelections(), u.roleSelections());
        assertArrayEquals(new byte[] {1, 0, 1}, u.extendedNegotiations().get(0).applicationInformation());
        assertEquals(rq.userInformation().commonExtendedNegotiations(), u.commonExtendedNegotiations());
        assertEquals("bs.an", u.userIdentity().primaryText());
        assertArrayEquals("mật khẩu".getBytes(java.nio.charset.StandardCharsets.UTF_8), u.userIdentity().secondaryField());
        assertTrue(u.userIdentity().positiveResponseRequested());
    }

    @Test
    void associateAcceptRoundTrip() throws IOException {
        Pdu.UserInformation ui = new Pdu.UserInformation(0, "1.2.3", null, -1, -1, List.of(), List.of(), List.of(), null,
                new byte[] {7, 7});
        Pdu.AAssociate ac = new Pdu.AAssociate(false, 1, "CALLED", "CALLING", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(PresentationContext.accepted(1, null, "1.2.840.10008.1.2"),
                        PresentationContext.rejected(3, null, PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED)), ui);
        Pdu.AAssociate back = (Pdu.AAssociate) read(bytes(ac));
        assertTrue(back.presentationContexts().get(0).isAccepted());
        assertEquals("1.2.840.10008.1.2", back.presentationContexts().get(0).transferSyntax());
        assertEquals(PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, back.presentationContexts().get(1).result());
        assertArrayEquals(new byte[] {7, 7}, back.userInformation().userIdentityResponse());
        assertEquals(-1, back.userInformation().asyncOpsInvoked());
    }

    @Test
    void fixedLengthPdus() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduCodec.writeReject(out, new Pdu.AAssociateRJ(2, 3, 2));
        PduCodec.writeReleaseRQ(out);
        PduCodec.writeReleaseRP(out);
        PduCodec.writeAbort(out, new Pdu.AAbort(2, 6));
        PduCodec.writePDataTF(out, 5, true, true, new byte[] {9, 8, 7}, 0, 3);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(new Pdu.AAssociateRJ(2, 3, 2), PduCodec.read(in, 100, null));
        assertInstanceOf(Pdu.AReleaseRQ.class, PduCodec.read(in, 100, null));
        assertInstanceOf(Pdu.AReleaseRP.class, PduCodec.read(in, 100, null));
        assertEquals(new Pdu.AAbort(2, 6), PduCodec.read(in, 100, null));
        Pdu.PDataTF p = (Pdu.PDataTF) PduCodec.read(in, 100, null);
        assertArrayEquals(new byte[] {0, 0, 0, 5, 5, 3, 9, 8, 7}, Arrays.copyOf(p.data(), p.length()));
        assertNull(PduCodec.read(in, 100, null), "clean end of stream");
    }

    @Test
    void uidsPaddedByOtherImplementationsAreTrimmed() throws IOException {
        Pdu.AAssociate rq = fullRequest();
        Pdu.AAssociate padded = new Pdu.AAssociate(true, 1, "CALLED", "CALLING", Pdu.DICOM_APPLICATION_CONTEXT + "\0",
                List.of(PresentationContext.proposed(1, "1.2.840.10008.1.1\0", "1.2.840.10008.1.2 ")), rq.userInformation());
        Pdu.AAssociate back = (Pdu.AAssociate) read(bytes(padded));
        assertEquals(Pdu.DICOM_APPLICATION_CONTEXT, back.applicationContext());
        assertEquals("1.2.840.10008.1.1", back.presentationContexts().get(0).abstractSyntax());
        assertEquals("1.2.840.10008.1.2", back.presentationContexts().get(0).transferSyntax());
    }

    /** Just a header: reading more than it fails the test, so a rejection must come from the length alone. */
    static InputStream headerOnly(int type, long length) {
        byte[] h = {(byte) type, 0, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                if (pos < h.length) return h[pos++] & 0xFF;
                throw new AssertionError("read past the header of a PDU that should have been rejected by its length");
            }
        };
    }

    @ParameterizedTest
    @ValueSource(longs = {0x10001L, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL})
    void pDataLongerThanTheMaximumIsRejectedUnread(long length) {
        PduException e = assertThrows(PduException.class, () -> PduCodec.read(headerOnly(Pdu.P_DATA_TF, length), 0x10000, null));
        assertEquals(Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE, e.abortReason());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 67, PduCodec.MAX_ASSOCIATE_PDU + 1L, 0x80000000L, 0xFFFFFFFFL})
    void associateOfImpossibleLengthIsRejectedUnread(long length) {
        assertThrows(PduException.class, () -> PduCodec.read(headerOnly(Pdu.A_ASSOCIATE_RQ, length), 0, null));
        assertThrows(PduException.class, () -> PduCodec.read(headerOnly(Pdu.A_ASSOCIATE_AC, length), 0, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {Pdu.A_ASSOCIATE_RJ, Pdu.A_RELEASE_RQ, Pdu.A_RELEASE_RP, Pdu.A_ABORT})
    void fixedLengthPduWithAnotherLengthIsRejectedUnread(int type) {
        for (long length : new long[] {0, 3, 5, 0xFFFFFFFFL}) {
            assertThrows(PduException.class, () -> PduCodec.read(headerOnly(type, length), 0, null));
        }
    }

    @Test
    void unknownPduType() {
        PduException e = assertThrows(PduException.class, () -> PduCodec.read(headerOnly(0x08, 4), 0, null));
        assertEquals(Pdu.AAbort.UNRECOGNIZED_PDU, e.abortReason());
    }

    @Test
    void associateAnnouncingAMegabyteAllocatesOnlyWhatArrives() throws IOException {
        // 1 MB announced (the largest allowed), 300 bytes sent, then the end of the stream.
        byte[] b = new byte[306];
        b[0] = Pdu.A_ASSOCIATE_RQ;
        b[3] = 0x10; // length 0x00100000
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PduCodec.read(new ByteArrayInputStream(bytes(fullRequest())), 0, null); // warm up
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThrows(EOFException.class, () -> PduCodec.read(new ByteArrayInputStream(b), 0, null));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for a PDU that announced 1 MB and sent 300 bytes");
    }

    @Test
    void everyTruncationEndsInEofOrAProtocolError() throws IOException {
        byte[] valid = bytes(fullRequest());
        for (int n = 0; n < valid.length; n++) {
            byte[] cut = Arrays.copyOf(valid, n);
            try {
                Pdu p = read(cut);
                assertNull(p, "only the empty stream reads as no PDU");
            } catch (EOFException | PduException expected) {
                // fine
            }
        }
    }

    @Test
    void damagedAssociateRequestsEndInAPduOrAProtocolError() throws IOException {
        byte[] valid = bytes(fullRequest());
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] d = valid.clone();
            for (int c = 1 + random.nextInt(6); c > 0; c--) d[6 + random.nextInt(d.length - 6)] = (byte) random.nextInt(256);
            try {
                read(d);
            } catch (EOFException | PduException expected) {
                // fine: anything but a RuntimeException or an error
            }
        }
    }

    @Test
    void itemLengthsThatLieAreCaught() throws IOException {
        byte[] valid = bytes(fullRequest());
        // The application context item starts right after the 68 fixed bytes (offset 6 + 68): make its length huge.
        byte[] d = valid.clone();
        assertEquals(0x10, d[74]);
        d[76] = (byte) 0xFF;
        d[77] = (byte) 0xFF;
        PduException e = assertThrows(PduException.class, () -> read(d));
        assertEquals(Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE, e.abortReason());
    }
}
