package org.senpacs.dicom.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.net.pdu.Pdu;
import org.senpacs.dicom.net.pdu.PduCodec;
import org.senpacs.dicom.net.pdu.PduException;

/**
 * A misbehaving peer for robustness tests: writes raw bytes to a listener and reads what comes
 * back, with a timeout so that a listener that fails to answer fails the test instead of hanging it.
 */
final class RawPeer implements AutoCloseable {

    /** How long a test waits for the listener's answer: generous, only there to turn a hang into a failure. */
    static final int ANSWER_TIMEOUT_MILLIS = 20_000;

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawPeer(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", port), 5000);
        socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawPeer send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends, then half-closes: the listener reads the bytes, then the end of the stream. */
    RawPeer sendAndShutdown(byte[] bytes) throws IOException {
        send(bytes);
        socket.shutdownOutput();
        return this;
    }

    /** The next PDU the listener sends: null when it closed the connection (or reset it). */
    Pdu read() throws IOException {
        try {
            return PduCodec.read(in, 1 << 20, null);
        } catch (EOFException | SocketException e) {
            return null; // closed in the middle of a PDU, or reset
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the listener neither answered nor closed the connection within " + ANSWER_TIMEOUT_MILLIS + " ms");
        }
    }

    /**
     * Reads until the listener ends the exchange: returns its A-ABORT or A-ASSOCIATE-RJ, or null
     * when it just closed the connection. Fails when it does neither within the timeout.
     */
    Pdu awaitEnd() throws IOException {
        while (true) {
            Pdu p;
            try {
                p = read();
            } catch (PduException e) {
                continue; // skip what we cannot parse
            }
            if (p == null || p instanceof Pdu.AAbort || p instanceof Pdu.AAssociateRJ) return p;
        }
    }

    /** True when the listener closed the connection (after anything it still had to say). */
    boolean awaitClosed() throws IOException {
        try {
            byte[] b = new byte[4096];
            while (in.read(b) >= 0) {
                // drain
            }
            return true;
        } catch (SocketException e) {
            return true; // reset
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Sends an A-ASSOCIATE-RQ and returns the A-ASSOCIATE-AC (failing on anything else). */
    Pdu.AAssociate associate(AssociationRequest rq) throws IOException {
        PduCodec.writeAssociate(out, rq.toPdu(16384));
        Pdu answer = read();
        if (!(answer instanceof Pdu.AAssociate ac) || ac.request()) throw new AssertionError("expected A-ASSOCIATE-AC, got " + answer);
        return ac;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- building PDUs by hand

    static byte[] pdu(int type, byte[] body) {
        return pdu(type, body.length, body);
    }

    /** A PDU header announcing {@code length} (which may lie), then {@code body}. */
    static byte[] pdu(int type, long length, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        b.write(0);
        b.write((int) (length >>> 24));
        b.write((int) (length >>> 16));
        b.write((int) (length >>> 8));
        b.write((int) length);
        b.writeBytes(body);
        return b.toByteArray();
    }

    /** One PDV item: its length (which may lie), context ID, control header and data. */
    static byte[] pdv(long itemLength, int contextId, boolean command, boolean last, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((int) (itemLength >>> 24));
        b.write((int) (itemLength >>> 16));
        b.write((int) (itemLength >>> 8));
        b.write((int) itemLength);
        b.write(contextId);
        b.write((command ? 1 : 0) | (last ? 2 : 0));
        b.writeBytes(data);
        return b.toByteArray();
    }

    static byte[] pdv(int contextId, boolean command, boolean last, byte[] data) {
        return pdv(data.length + 2L, contextId, command, last, data);
    }

    /** A P-DATA-TF with one PDV. */
    static byte[] pData(int contextId, boolean command, boolean last, byte[] data) {
        return pdu(Pdu.P_DATA_TF, pdv(contextId, command, last, data));
    }

    /** The bytes of an A-ASSOCIATE-RQ as our codec writes it. */
    static byte[] associateRq(AssociationRequest rq) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PduCodec.writeAssociate(b, rq.toPdu(16384));
        return b.toByteArray();
    }

    static byte[] command(DataSet command) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataSetWriter.writeCommand(b, command);
        return b.toByteArray();
    }

    /** A C-STORE-RQ command set announcing a data set. */
    static byte[] storeCommand(String sopClass, String sopInstance, int messageId) throws IOException {
        DataSet c = new DataSet();
        c.setString(Tag.AffectedSOPClassUID, VR.UI, sopClass);
        c.setInt(Tag.CommandField, VR.US, Dimse.C_STORE_RQ.commandField);
        c.setInt(Tag.MessageID, VR.US, messageId);
        c.setInt(Tag.Priority, VR.US, 0);
        c.setInt(Tag.CommandDataSetType, VR.US, 0);
        c.setString(Tag.AffectedSOPInstanceUID, VR.UI, sopInstance);
        return command(c);
    }

    /** A C-ECHO-RQ command set. */
    static byte[] echoCommand(String sopClass, int messageId) throws IOException {
        DataSet c = new DataSet();
        c.setString(Tag.AffectedSOPClassUID, VR.UI, sopClass);
        c.setInt(Tag.CommandField, VR.US, Dimse.C_ECHO_RQ.commandField);
        c.setInt(Tag.MessageID, VR.US, messageId);
        c.setInt(Tag.CommandDataSetType, VR.US, 0x0101);
        return command(c);
    }
}
