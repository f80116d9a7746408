package org.senpacs.dicom.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The data set of an incoming message as a stream of its PDVs, read from the association as the
 * consumer asks: nothing is held beyond the current PDU. It ends (-1) only after the PDV flagged
 * last; a data set cut short ends in an exception, on every later read too.
 */
final class PdvInputStream extends InputStream {

    private final Association association;
    private final int contextId;
    private byte[] data;
    private int pos;
    private int end;
    private boolean last;
    private boolean started;
    private IOException failure;

    PdvInputStream(Association association, int contextId) {
        this.association = association;
        this.contextId = contextId;
    }

    private boolean fill() throws IOException {
        if (failure != null) throw failure;
        while (pos == end) {
            if (last) return false;
            Association.Pdv p;
            try {
                p = association.nextDataPdv(contextId);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            started = true;
            data = p.data();
            pos = p.offset();
            end = p.offset() + p.length();
            last = p.last();
        }
        return true;
    }

    /**
     * Why the data set ended before its last fragment (A-ABORT, lost connection, protocol error),
     * or null: a stream that ends without an exception ended complete.
     */
    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        return fill() ? data[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, end - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Writes the rest of the data set straight from the received PDVs: no buffer of its own, no extra copy. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        long n = 0;
        while (fill()) {
            int k = end - pos;
            out.write(data, pos, k);
            pos = end;
            n += k;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0 || !fill()) return 0;
        int k = (int) Math.min(n, end - pos);
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return end - pos;
    }

    /** Reads and drops what the consumer left, so the next message starts clean. */
    void skipToEnd() throws IOException {
        while (fill()) pos = end;
    }

    boolean started() {
        return started;
    }
}
