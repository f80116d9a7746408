package org.senpacs.dicom.net;

import java.io.IOException;
import java.io.OutputStream;
import org.senpacs.dicom.net.pdu.PduCodec;

/**
 * Cuts a data set into data PDVs of at most the peer's PDU size, the last one flagged. The buffer
 * keeps room for the P-DATA-TF and PDV headers in front of the data, so each PDU leaves in one
 * write (with TCP_NODELAY, a separate header write would cost a TCP segment of its own).
 */
final class PdvOutputStream extends OutputStream {

    private final OutputStream out;
    private final int contextId;
    private final byte[] buf;
    private int count;
    private boolean closed;

    /**
     * @param buf the PDU buffer: {@link PduCodec#P_DATA_HEADER} bytes of headers, then the largest PDV
     *     sent (reused from message to message)
     */
    PdvOutputStream(OutputStream out, int contextId, byte[] buf) {
        this.out = out;
        this.contextId = contextId;
        this.buf = buf;
        this.count = PduCodec.P_DATA_HEADER;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length) flushPdv(false);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == buf.length) flushPdv(false);
            int n = Math.min(len, buf.length - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    private void flushPdv(boolean last) throws IOException {
        PduCodec.putPDataTFHeader(buf, contextId, false, last, count - PduCodec.P_DATA_HEADER);
        out.write(buf, 0, count);
        count = PduCodec.P_DATA_HEADER;
    }

    /** Does not flush a PDV: only {@link #close()} sends the last one. */
    @Override
    public void flush() {
        // A PDV may only be sent full (or last); flushing early would add PDUs for nothing.
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        flushPdv(true);
    }
}
