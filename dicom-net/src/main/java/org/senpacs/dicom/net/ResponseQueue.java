package org.senpacs.dicom.net;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;

/**
 * Collects the responses of one request for a waiting caller: pending responses are queued (or
 * handed to a listener), the final one ends the wait.
 */
final class ResponseQueue implements ResponseHandler {

    private static final Object CLOSED = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Consumer<DimseResult> pendingListener;
    private volatile IOException closeCause;

    ResponseQueue(Consumer<DimseResult> pendingListener) {
        this.pendingListener = pendingListener;
    }

    @Override
    public void onResponse(DataSet command, DataSet data) {
        DimseResult r = new DimseResult(command, data);
        if (pendingListener != null && Status.isPending(command.getInt(Tag.Status, 0))) {
            pendingListener.accept(r);
        } else {
            queue.add(r);
        }
    }

    @Override
    public void onClose(IOException cause) {
        closeCause = cause;
        queue.add(CLOSED);
    }

    /** The next response (pending or final); waits at most {@code timeoutMillis} (0: forever). */
    DimseResult next(long timeoutMillis) throws IOException {
        Object o;
        try {
            o = timeoutMillis > 0 ? queue.poll(timeoutMillis, TimeUnit.MILLISECONDS) : queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a response", e);
        }
        if (o == null) throw new IOException("no response within " + timeoutMillis + " ms");
        if (o == CLOSED) {
            queue.add(CLOSED);
            throw closeCause != null ? closeCause : new AssociationException("association closed");
        }
        return (DimseResult) o;
    }

    /** Waits for the final response. */
    DimseResult last(long timeoutMillis) throws IOException {
        while (true) {
            DimseResult r = next(timeoutMillis);
            if (!Status.isPending(r.status())) return r;
        }
    }
}
