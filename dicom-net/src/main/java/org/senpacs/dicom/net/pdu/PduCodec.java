package org.senpacs.dicom.net.pdu;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes PDUs (PS3.8 §9.3). Every length is checked against its container and against
 * caps, so a lying peer ends in a {@link PduException} (answered with A-ABORT), never in a huge
 * allocation or a hang.
 */
public final class PduCodec {

    /** The largest A-ASSOCIATE-RQ/AC we read: thousands of presentation contexts fit. */
    public static final int MAX_ASSOCIATE_PDU = 1 << 20;

    private PduCodec() {}

    // ---- reading

    /**
     * Reads one PDU. {@code maxPDataLength} caps P-DATA-TF; {@code buffer} is reused for it when
     * large enough (the returned PDataTF may share it).
     *
     * @return the PDU, or null at a clean end of stream before any byte of a PDU
     */
    public static Pdu read(InputStream in, long maxPDataLength, byte[] buffer) throws IOException {
        int type = in.read();
        if (type < 0) return null;
        DataInputStream din = new DataInputStream(in);
        din.readUnsignedByte(); // reserved
        long length = din.readInt() & 0xFFFFFFFFL;
        switch (type) {
            case Pdu.A_ASSOCIATE_RQ, Pdu.A_ASSOCIATE_AC -> {
                if (length > MAX_ASSOCIATE_PDU || length < 68) {
                    throw new PduException("A-ASSOCIATE PDU length " + length + " out of range", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
                }
                // Read as the bytes come, not into a buffer of the announced size: a peer that
                // announces a megabyte and sends nothing must not cost a megabyte.
                byte[] b = in.readNBytes((int) length);
                if (b.length < length) throw new EOFException("A-ASSOCIATE PDU ends after " + b.length + " of " + length + " bytes");
                return decodeAssociate(type == Pdu.A_ASSOCIATE_RQ, b);
            }
            case Pdu.A_ASSOCIATE_RJ -> {
                byte[] b = fixed(din, length, 4);
                return new Pdu.AAssociateRJ(b[1] & 0xFF, b[2] & 0xFF, b[3] & 0xFF);
            }
            case Pdu.P_DATA_TF -> {
                if (length > maxPDataLength) {
                    throw new PduException("P-DATA-TF of " + length + " bytes exceeds the negotiated maximum " + maxPDataLength,
                            Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
                }
                byte[] b = buffer != null && buffer.length >= length ? buffer : new byte[(int) length];
                din.readFully(b, 0, (int) length);
                return new Pdu.PDataTF(b, (int) length);
            }
            case Pdu.A_RELEASE_RQ -> {
                fixed(din, length, 4);
                return new Pdu.AReleaseRQ();
            }
            case Pdu.A_RELEASE_RP -> {
                fixed(din, length, 4);
                return new Pdu.AReleaseRP();
            }
            case Pdu.A_ABORT -> {
                byte[] b = fixed(din, length, 4);
                return new Pdu.AAbort(b[2] & 0xFF, b[3] & 0xFF);
            }
            default -> throw new PduException("unrecognized PDU type 0x" + Integer.toHexString(type), Pdu.AAbort.UNRECOGNIZED_PDU);
        }
    }

    private static byte[] fixed(DataInputStream din, long length, int expected) throws IOException {
        if (length != expected) {
            throw new PduException("PDU length " + length + ", expected " + expected, Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
        }
        byte[] b = new byte[expected];
        din.readFully(b);
        return b;
    }

    private static Pdu.AAssociate decodeAssociate(boolean request, byte[] b) throws PduException {
        Cursor c = new Cursor(b, 0, b.length);
        int version = c.u16();
        c.skip(2);
        String called = c.ascii(16).trim();
        String calling = c.ascii(16).trim();
        c.skip(32);
        String appContext = null;
        List<PresentationContext> contexts = new ArrayList<>();
        Pdu.UserInformation userInfo = null;
        while (c.remaining() > 0) {
            int itemType = c.u8();
            c.skip(1);
            int len = c.u16();
            Cursor item = c.sub(len);
            switch (itemType) {
                case 0x10 -> appContext = item.ascii(len);
                case 0x20, 0x21 -> contexts.add(decodeContext(itemType == 0x20, item));
                case 0x50 -> userInfo = decodeUserInfo(item);
                default -> { } // unknown items are ignored (PS3.8 §9.3.1)
            }
        }
        if (appContext == null) throw new PduException("A-ASSOCIATE without application context", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
        if (userInfo == null) {
            userInfo = new Pdu.UserInformation(0, null, null, -1, -1, List.of(), List.of(), List.of(), null, null);
        }
        return new Pdu.AAssociate(request, version, called, calling, uid(appContext), contexts, userInfo);
    }

    private static PresentationContext decodeContext(boolean request, Cursor c) throws PduException {
        int id = c.u8();
        c.skip(1);
        int result = c.u8();
        c.skip(1);
        String abstractSyntax = null;
        List<String> ts = new ArrayList<>();
        while (c.remaining() > 0) {
            int t = c.u8();
            c.skip(1);
            int len = c.u16();
            String uid = uid(c.ascii(len));
            if (t == 0x30) abstractSyntax = uid;
            else if (t == 0x40) ts.add(uid);
            else throw new PduException("unexpected sub-item 0x" + Integer.toHexString(t) + " in presentation context", Pdu.AAbort.UNRECOGNIZED_PDU_PARAMETER);
        }
        if (request && (abstractSyntax == null || ts.isEmpty())) {
            throw new PduException("presentation context " + id + " without abstract or transfer syntax", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
        }
        return new PresentationContext(id, abstractSyntax, ts, request ? -1 : result);
    }

    private static Pdu.UserInformation decodeUserInfo(Cursor c) throws PduException {
        long maxLength = 0;
        String implClass = null;
        String implVersion = null;
        int invoked = -1;
        int performed = -1;
        List<Negotiation.RoleSelection> roles = new ArrayList<>();
        List<Negotiation.Extended> ext = new ArrayList<>();
        List<Negotiation.CommonExtended> common = new ArrayList<>();
        UserIdentity identity = null;
        byte[] identityResponse = null;
        while (c.remaining() > 0) {
            int t = c.u8();
            c.skip(1);
            int len = c.u16();
            Cursor s = c.sub(len);
            switch (t) {
                case 0x51 -> maxLength = s.u32();
                case 0x52 -> implClass = uid(s.ascii(len));
                case 0x53 -> {
                    invoked = s.u16();
                    performed = s.u16();
                }
                case 0x54 -> {
                    String uid = uid(s.ascii(s.u16()));
                    roles.add(new Negotiation.RoleSelection(uid, s.u8() == 1, s.u8() == 1));
                }
                case 0x55 -> implVersion = s.ascii(len).trim();
                case 0x56 -> {
                    String uid = uid(s.ascii(s.u16()));
                    ext.add(new Negotiation.Extended(uid, s.bytes(s.remaining())));
                }
                case 0x57 -> {
                    String sop = uid(s.ascii(s.u16()));
                    String service = uid(s.ascii(s.u16()));
                    List<String> related = new ArrayList<>();
                    Cursor r = s.sub(s.u16());
                    while (r.remaining() > 0) related.add(uid(r.ascii(r.u16())));
                    common.add(new Negotiation.CommonExtended(sop, service, related));
                }
                case 0x58 -> {
                    int type = s.u8();
                    boolean positive = s.u8() == 1;
                    byte[] primary = s.bytes(s.u16());
                    byte[] secondary = s.remaining() >= 2 ? s.bytes(s.u16()) : new byte[0];
                    identity = new UserIdentity(type, positive, primary, secondary);
                }
                case 0x59 -> identityResponse = s.bytes(s.u16());
                default -> { } // unknown sub-items are ignored
            }
        }
        return new Pdu.UserInformation(maxLength, implClass, implVersion, invoked, performed, roles, ext, common, identity,
                identityResponse);
    }

    /** UIDs in PDUs are not padded; tolerate a trailing NUL or space from some peers. */
    private static String uid(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 0 || s.charAt(end - 1) == ' ')) end--;
        return s.substring(0, end);
    }

    /** Bounds-checked reads within a PDU. */
    private static final class Cursor {
        private final byte[] b;
        private int pos;
        private final int end;

        Cursor(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        private void need(int n) throws PduException {
            if (n < 0 || n > end - pos) {
                throw new PduException("item length runs past the end of its PDU", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
            }
        }

        int u8() throws PduException {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u16() throws PduException {
            need(2);
            int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u32() throws PduException {
            need(4);
            long v = ((long) (b[pos] & 0xFF) << 24) | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        void skip(int n) throws PduException {
            need(n);
            pos += n;
        }

        String ascii(int n) throws PduException {
            need(n);
            String s = new String(b, pos, n, StandardCharsets.US_ASCII);
            pos += n;
            return s;
        }

        byte[] bytes(int n) throws PduException {
            need(n);
            byte[] r = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return r;
        }

        Cursor sub(int n) throws PduException {
            need(n);
            Cursor c = new Cursor(b, pos, pos + n);
            pos += n;
            return c;
        }
    }

    // ---- writing

    public static void writeAssociate(OutputStream out, Pdu.AAssociate a) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        u16(body, a.protocolVersion());
        u16(body, 0);
        body.write(aeTitle(a.calledAE()));
        body.write(aeTitle(a.callingAE()));
        body.write(new byte[32]);
        item(body, 0x10, ascii(a.applicationContext()));
        for (PresentationContext pc : a.presentationContexts()) {
            ByteArrayOutputStream p = new ByteArrayOutputStream(64);
            p.write(pc.id());
            p.write(0);
            p.write(a.request() ? 0 : pc.result());
            p.write(0);
            if (a.request()) {
                item(p, 0x30, ascii(pc.abstractSyntax()));
                for (String ts : pc.transferSyntaxes()) item(p, 0x40, ascii(ts));
            } else {
                // A rejected context still carries one transfer syntax sub-item (its value not significant).
                item(p, 0x40, ascii(pc.transferSyntaxes().isEmpty() ? "1.2.840.10008.1.2" : pc.transferSyntax()));
            }
            item(body, a.request() ? 0x20 : 0x21, p.toByteArray());
        }
        item(body, 0x50, userInfo(a.userInformation()));
        header(out, a.request() ? Pdu.A_ASSOCIATE_RQ : Pdu.A_ASSOCIATE_AC, body.size());
        body.writeTo(out);
        out.flush();
    }

    private static byte[] userInfo(Pdu.UserInformation u) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        ByteArrayOutputStream v = new ByteArrayOutputStream(8);
        u32(v, u.maxPduLength());
        item(b, 0x51, v.toByteArray());
        item(b, 0x52, ascii(u.implementationClassUid()));
        if (u.hasAsyncOpsWindow()) {
            v.reset();
            u16(v, u.asyncOpsInvoked());
            u16(v, u.asyncOpsPerformed());
            item(b, 0x53, v.toByteArray());
        }
        for (Negotiation.RoleSelection r : u.roleSelections()) {
            v.reset();
            lengthPrefixed(v, ascii(r.sopClassUid()));
            v.write(r.scu() ? 1 : 0);
            v.write(r.scp() ? 1 : 0);
            item(b, 0x54, v.toByteArray());
        }
        if (u.implementationVersionName() != null) item(b, 0x55, ascii(u.implementationVersionName()));
        for (Negotiation.Extended e : u.extendedNegotiations()) {
            v.reset();
            lengthPrefixed(v, ascii(e.sopClassUid()));
            v.write(e.applicationInformation());
            item(b, 0x56, v.toByteArray());
        }
        for (Negotiation.CommonExtended e : u.commonExtendedNegotiations()) {
            v.reset();
            lengthPrefixed(v, ascii(e.sopClassUid()));
            lengthPrefixed(v, ascii(e.serviceClassUid()));
            ByteArrayOutputStream rel = new ByteArrayOutputStream();
            for (String uid : e.relatedGeneralSopClasses()) lengthPrefixed(rel, ascii(uid));
            lengthPrefixed(v, rel.toByteArray());
            item(b, 0x57, v.toByteArray());
        }
        if (u.userIdentity() != null) {
            UserIdentity id = u.userIdentity();
            v.reset();
            v.write(id.type());
            v.write(id.positiveResponseRequested() ? 1 : 0);
            lengthPrefixed(v, id.primaryField());
            lengthPrefixed(v, id.secondaryField());
            item(b, 0x58, v.toByteArray());
        }
        if (u.userIdentityResponse() != null) {
            v.reset();
            lengthPrefixed(v, u.userIdentityResponse());
            item(b, 0x59, v.toByteArray());
        }
        return b.toByteArray();
    }

    public static void writeReject(OutputStream out, Pdu.AAssociateRJ rj) throws IOException {
        header(out, Pdu.A_ASSOCIATE_RJ, 4);
        out.write(new byte[] {0, (byte) rj.result(), (byte) rj.source(), (byte) rj.reason()});
        out.flush();
    }

    public static void writeReleaseRQ(OutputStream out) throws IOException {
        header(out, Pdu.A_RELEASE_RQ, 4);
        out.write(new byte[4]);
        out.flush();
    }

    public static void writeReleaseRP(OutputStream out) throws IOException {
        header(out, Pdu.A_RELEASE_RP, 4);
        out.write(new byte[4]);
        out.flush();
    }

    public static void writeAbort(OutputStream out, Pdu.AAbort abort) throws IOException {
        header(out, Pdu.A_ABORT, 4);
        out.write(new byte[] {0, 0, (byte) abort.source(), (byte) abort.reason()});
        out.flush();
    }

    /** Bytes of the P-DATA-TF header and the PDV item header before a PDV's data. */
    public static final int P_DATA_HEADER = 12;

    /** Fills the first {@link #P_DATA_HEADER} bytes of {@code b} for a P-DATA-TF holding one PDV of {@code len} bytes. */
    public static void putPDataTFHeader(byte[] b, int contextId, boolean command, boolean last, int len) {
        long pduLength = len + 6L;
        int itemLength = len + 2;
        b[0] = (byte) Pdu.P_DATA_TF;
        b[1] = 0;
        b[2] = (byte) (pduLength >>> 24);
        b[3] = (byte) (pduLength >>> 16);
        b[4] = (byte) (pduLength >>> 8);
        b[5] = (byte) pduLength;
        b[6] = (byte) (itemLength >>> 24);
        b[7] = (byte) (itemLength >>> 16);
        b[8] = (byte) (itemLength >>> 8);
        b[9] = (byte) itemLength;
        b[10] = (byte) contextId;
        b[11] = (byte) ((command ? 1 : 0) | (last ? 2 : 0));
    }

    /** Writes a P-DATA-TF holding one PDV. */
    public static void writePDataTF(OutputStream out, int contextId, boolean command, boolean last, byte[] data, int off, int len)
            throws IOException {
        byte[] h = new byte[P_DATA_HEADER];
        putPDataTFHeader(h, contextId, command, last, len);
        out.write(h);
        out.write(data, off, len);
    }

    private static void header(OutputStream out, int type, long length) throws IOException {
        byte[] h = {(byte) type, 0, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        out.write(h);
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) throws IOException {
        if (value.length > 0xFFFF) throw new IOException("PDU item too long: " + value.length);
        out.write(type);
        out.write(0);
        u16(out, value.length);
        out.write(value);
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] value) throws IOException {
        u16(out, value.length);
        out.write(value);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }

    private static byte[] ascii(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] aeTitle(String ae) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] a = ascii(ae);
        System.arraycopy(a, 0, b, 0, Math.min(16, a.length));
        return b;
    }

}
