package org.senpacs.dicom.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.net.pdu.Pdu;
import org.senpacs.dicom.net.pdu.PduCodec;
import org.senpacs.dicom.net.pdu.PduException;
import org.senpacs.dicom.net.pdu.PresentationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established association (PS3.8), either side. One reader thread per association runs
 * {@link #serve()}: it reads PDUs, answers incoming requests through the
 * {@link DicomServiceRegistry} and hands responses to the {@link ResponseHandler}s of requests
 * sent with {@link #invoke}. Writes are serialized by a lock, one whole message at a time.
 *
 * <p>Incoming C-STORE data sets are handed to their handler as a stream of PDVs on the reader
 * thread, so an object is never assembled in memory, and so is a C-ECHO; other requests (small
 * data sets) run on their own virtual thread, which lets a C-CANCEL reach a running C-FIND,
 * C-MOVE or C-GET.
 */
public final class Association implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Association.class);
    private static final int NO_DATA_SET = 0x0101;
    private static final long ABORT_LOCK_WAIT_MILLIS = 1000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean requestor;
    private final Pdu.AAssociate rq;
    private final Pdu.AAssociate ac;
    private final Map<Integer, PresentationContext> contexts;
    private final DicomServiceRegistry services;
    private final AssociationOptions options;
    private final int sendPdvLength;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicInteger nextMessageId = new AtomicInteger(1);
    private final Map<Integer, ResponseHandler> pending = new ConcurrentHashMap<>();
    private final Map<Integer, DimseRequest> running = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final byte[] pduBuffer;
    private byte[] sendBuffer; // guarded by writeLock
    private volatile AssociationState state = AssociationState.STA6;
    private volatile IOException closeCause;

    // PDV cursor over the current P-DATA-TF
    private Pdu.PDataTF current;
    private int currentPos;
    private Pdu control;

    /** A PDV of the current P-DATA-TF, valid until the next call to {@link #nextPdv()}. */
    record Pdv(int contextId, boolean command, boolean last, byte[] data, int offset, int length) {}

    Association(Socket socket, InputStream in, OutputStream out, boolean requestor, Pdu.AAssociate rq, Pdu.AAssociate ac,
                DicomServiceRegistry services, AssociationOptions options) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.requestor = requestor;
        this.rq = rq;
        this.ac = ac;
        this.services = services != null ? services : new DicomServiceRegistry();
        this.options = options;
        Map<Integer, PresentationContext> map = new LinkedHashMap<>();
        Map<Integer, String> abstractSyntaxes = new java.util.HashMap<>();
        for (PresentationContext pc : rq.presentationContexts()) abstractSyntaxes.put(pc.id(), pc.abstractSyntax());
        for (PresentationContext pc : ac.presentationContexts()) {
            map.put(pc.id(), new PresentationContext(pc.id(), abstractSyntaxes.get(pc.id()), pc.transferSyntaxes(), pc.result()));
        }
        this.contexts = Collections.unmodifiableMap(map);
        Pdu.UserInformation peer = requestor ? ac.userInformation() : rq.userInformation();
        long peerMax = peer.maxPduLength() == 0 ? Integer.MAX_VALUE : peer.maxPduLength();
        this.sendPdvLength = (int) Math.max(64, Math.min(peerMax, options.maxPduLengthSend()) - 6);
        this.pduBuffer = new byte[options.maxPduLengthReceive() + 6];
    }

    static Association open(Socket socket, boolean requestor, Pdu.AAssociate rq, Pdu.AAssociate ac,
                            DicomServiceRegistry services, AssociationOptions options) throws IOException {
        return new Association(socket, new BufferedInputStream(socket.getInputStream(), 64 * 1024),
                new BufferedOutputStream(socket.getOutputStream(), 64 * 1024), requestor, rq, ac, services, options);
    }

    // ---- what was negotiated

    public boolean isRequestor() {
        return requestor;
    }

    public String callingAETitle() {
        return rq.callingAE();
    }

    public String calledAETitle() {
        return rq.calledAE();
    }

    /** The remote application entity's title. */
    public String remoteAETitle() {
        return requestor ? rq.calledAE() : rq.callingAE();
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    public Pdu.AAssociate associateRequest() {
        return rq;
    }

    public Pdu.AAssociate associateAccept() {
        return ac;
    }

    public AssociationState state() {
        return state;
    }

    /** Every presentation context with its result; accepted ones carry their transfer syntax. */
    public Collection<PresentationContext> presentationContexts() {
        return contexts.values();
    }

    public PresentationContext presentationContext(int id) {
        return contexts.get(id);
    }

    /**
     * An accepted context for the abstract syntax, preferring one of the given transfer syntaxes
     * in their order; null when none is accepted.
     */
    public PresentationContext contextFor(String abstractSyntax, String... preferredTransferSyntaxes) {
        for (String ts : preferredTransferSyntaxes) {
            for (PresentationContext pc : contexts.values()) {
                if (pc.isAccepted() && abstractSyntax.equals(pc.abstractSyntax()) && ts.equals(pc.transferSyntax())) return pc;
            }
        }
        for (PresentationContext pc : contexts.values()) {
            if (pc.isAccepted() && abstractSyntax.equals(pc.abstractSyntax())) return pc;
        }
        return null;
    }

    public DicomServiceRegistry services() {
        return services;
    }

    public AssociationOptions options() {
        return options;
    }

    public int nextMessageId() {
        return nextMessageId.getAndUpdate(i -> i == 0xFFFF ? 1 : i + 1);
    }

    // ---- sending

    /**
     * Sends a request and registers {@code handler} for its responses. The Message ID is set here.
     *
     * @return the Message ID used
     */
    public int invoke(PresentationContext pc, DataSet command, DataWriter data, ResponseHandler handler) throws IOException {
        int id = nextMessageId();
        command.setInt(Tag.MessageID, VR.US, id);
        if (handler != null) pending.put(id, handler);
        try {
            writeMessage(pc.id(), command, data);
        } catch (IOException e) {
            pending.remove(id);
            throw e;
        }
        return id;
    }

    /** Sends C-CANCEL-RQ for the request with {@code messageId}. */
    public void cancel(PresentationContext pc, int messageId) throws IOException {
        DataSet cmd = new DataSet(4);
        cmd.setInt(Tag.CommandField, VR.US, Dimse.C_CANCEL_RQ.commandField);
        cmd.setInt(Tag.MessageIDBeingRespondedTo, VR.US, messageId);
        writeMessage(pc.id(), cmd, null);
    }

    static DataWriter writerOf(DataSet ds) {
        return (o, ts) -> new DataSetWriter().writeDataSet(o, ds, TransferSyntax.of(ts));
    }

    /** Writes one message (command, then data set) as P-DATA-TF PDUs, nothing interleaved. */
    void writeMessage(int contextId, DataSet command, DataWriter data) throws IOException {
        command.setInt(Tag.CommandDataSetType, VR.US, data == null ? NO_DATA_SET : 0);
        ByteArrayOutputStream cmd = new ByteArrayOutputStream(256);
        DataSetWriter.writeCommand(cmd, command);
        byte[] c = cmd.toByteArray();
        writeLock.lock();
        try {
            if (state != AssociationState.STA6 && state != AssociationState.STA8) {
                throw new AssociationException("association is " + (closeCause != null ? "closed: " + closeCause.getMessage() : "closing"));
            }
            for (int off = 0; off < c.length; off += sendPdvLength) {
                int n = Math.min(sendPdvLength, c.length - off);
                PduCodec.writePDataTF(out, contextId, true, off + n == c.length, c, off, n);
            }
            if (data != null) {
                if (sendBuffer == null) sendBuffer = new byte[PduCodec.P_DATA_HEADER + sendPdvLength]; // one per association, used under the lock
                PdvOutputStream pdvs = new PdvOutputStream(out, contextId, sendBuffer);
                try {
                    data.writeTo(pdvs, contexts.get(contextId).transferSyntax());
                } catch (IOException | RuntimeException e) {
                    // The command announced a data set that cannot be completed: flagging what was
                    // sent as the last fragment would hand the peer a truncated object. Abort instead.
                    LOG.info("SEN-N112 data set to {} failed while being sent: {}: aborting", remoteAETitle(), e.toString());
                    abort(Pdu.AAbort.SOURCE_USER, Pdu.AAbort.REASON_NOT_SPECIFIED);
                    throw e instanceof IOException io ? io : new IOException("data set failed while being sent", e);
                }
                pdvs.close();
            }
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    // ---- release and abort

    /** Releases the association (A-RELEASE), after waiting for the responses still outstanding. */
    public void release() throws IOException {
        long deadline = System.nanoTime() + options.artimTimeout().toNanos() + responseWaitNanos();
        while (!pending.isEmpty() && state == AssociationState.STA6 && System.nanoTime() < deadline) {
            sleep(5);
        }
        writeLock.lock();
        try {
            if (state != AssociationState.STA6) return;
            state = AssociationState.STA7;
            PduCodec.writeReleaseRQ(out);
        } finally {
            writeLock.unlock();
        }
        if (!awaitClose(options.artimTimeout().toMillis())) {
            LOG.info("SEN-N101 no A-RELEASE-RP from {} within {}: aborting", remoteAETitle(), options.artimTimeout());
            abort();
        }
    }

    private long responseWaitNanos() {
        return options.responseTimeout().isZero() ? TimeUnit.DAYS.toNanos(1) : options.responseTimeout().toNanos();
    }

    /** Aborts (A-ABORT from the service user) and closes the connection. */
    public void abort() {
        abort(Pdu.AAbort.SOURCE_USER, Pdu.AAbort.REASON_NOT_SPECIFIED);
    }

    void abort(int source, int reason) {
        if (state == AssociationState.STA1) return;
        boolean locked = false;
        try {
            // A writer blocked on a peer that does not read holds the lock: then close without the A-ABORT.
            locked = writeLock.tryLock(ABORT_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (locked && state != AssociationState.STA1 && state != AssociationState.STA13) {
                PduCodec.writeAbort(out, new Pdu.AAbort(source, reason));
            }
        } catch (IOException e) {
            LOG.debug("A-ABORT not sent", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (locked) writeLock.unlock();
            closeSocket(new AssociationException("aborted by this side", new Pdu.AAbort(source, reason)));
        }
    }

    /** Waits until the association is closed; false on timeout. */
    public boolean awaitClose(long millis) {
        try {
            return closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isOpen() {
        return state == AssociationState.STA6;
    }

    /** Number of incoming requests being handled now. */
    public int runningRequests() {
        return running.size();
    }

    @Override
    public void close() {
        if (state == AssociationState.STA6) {
            try {
                release();
            } catch (IOException e) {
                abort();
            }
        } else {
            closeSocket(null);
        }
    }

    private void closeSocket(IOException cause) {
        if (state == AssociationState.STA1 && closed.getCount() == 0) return;
        if (cause != null && closeCause == null) closeCause = cause;
        state = AssociationState.STA1;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        IOException why = closeCause != null ? closeCause : new AssociationException("association closed");
        for (ResponseHandler h : pending.values()) h.onClose(why);
        pending.clear();
        for (DimseRequest r : running.values()) r.cancel();
        closed.countDown();
    }

    // ---- the reader loop

    /** Reads and dispatches until the association ends. Run it on the association's own thread. */
    public void serve() {
        try {
            socket.setSoTimeout(options.idleTimeout().isZero() ? 0 : (int) Math.min(Integer.MAX_VALUE, options.idleTimeout().toMillis()));
            while (state != AssociationState.STA1) {
                Pdv p = nextPdv();
                if (p == null) {
                    if (onControl(control)) break;
                    continue;
                }
                onMessage(p);
            }
        } catch (PduException e) {
            LOG.info("SEN-N102 protocol error from {}: {}: aborting", remoteAETitle(), e.getMessage());
            abort(Pdu.AAbort.SOURCE_PROVIDER, e.abortReason());
        } catch (SocketTimeoutException e) {
            if (state == AssociationState.STA6 && running.isEmpty() && pending.isEmpty()) {
                LOG.info("SEN-N103 association with {} idle for {}: aborting", remoteAETitle(), options.idleTimeout());
            } else {
                LOG.info("SEN-N104 association with {} timed out in {}: aborting", remoteAETitle(), state);
            }
            abort(Pdu.AAbort.SOURCE_PROVIDER, Pdu.AAbort.REASON_NOT_SPECIFIED);
        } catch (IOException e) {
            if (state != AssociationState.STA1) {
                LOG.info("SEN-N105 connection to {} lost: {}", remoteAETitle(), e.toString());
                closeSocket(new AssociationException("connection lost: " + e.getMessage()));
            }
        } catch (RuntimeException e) {
            LOG.warn("SEN-N106 internal error on association with {}: aborting", remoteAETitle(), e);
            abort(Pdu.AAbort.SOURCE_PROVIDER, Pdu.AAbort.REASON_NOT_SPECIFIED);
        } finally {
            closeSocket(null);
        }
    }

    /** Handles a PDU other than P-DATA-TF; true when the association is over. */
    private boolean onControl(Pdu pdu) throws IOException {
        switch (pdu) {
            case Pdu.AReleaseRQ r -> {
                waitForRunningRequests();
                writeLock.lock();
                try {
                    if (state == AssociationState.STA7) {
                        // Release collision (PS3.8 §9.2.3): the requestor answers first.
                        state = requestor ? AssociationState.STA11 : AssociationState.STA10;
                        if (requestor) PduCodec.writeReleaseRP(out);
                        return false;
                    }
                    state = AssociationState.STA13;
                    PduCodec.writeReleaseRP(out);
                } finally {
                    writeLock.unlock();
                }
                awaitPeerClose();
                return true;
            }
            case Pdu.AReleaseRP r -> {
                if (state == AssociationState.STA10) {
                    writeLock.lock();
                    try {
                        PduCodec.writeReleaseRP(out);
                    } finally {
                        writeLock.unlock();
                    }
                    state = AssociationState.STA13;
                    awaitPeerClose();
                    return true;
                }
                if (state != AssociationState.STA7 && state != AssociationState.STA11) {
                    throw new PduException("unexpected A-RELEASE-RP", Pdu.AAbort.UNEXPECTED_PDU);
                }
                closeSocket(null);
                return true;
            }
            case Pdu.AAbort a -> {
                LOG.info("SEN-N107 {} from {}", a, remoteAETitle());
                closeSocket(new AssociationException("aborted by " + remoteAETitle() + ": " + a, a));
                return true;
            }
            default -> throw new PduException("unexpected " + pdu.getClass().getSimpleName() + " on an established association",
                    Pdu.AAbort.UNEXPECTED_PDU);
        }
    }

    private void waitForRunningRequests() {
        long deadline = System.nanoTime() + responseWaitNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) sleep(5);
    }

    /** In Sta13 the acceptor of a release waits (ARTIM) for the requestor to close the transport. */
    private void awaitPeerClose() {
        try {
            socket.setSoTimeout((int) options.artimTimeout().toMillis());
            while (in.read() >= 0) {
                // discard: nothing more is expected
            }
        } catch (IOException ignored) {
            // closed or timed out: close our side
        }
        closeSocket(null);
    }

    /** The next PDV, reading PDUs as needed; null when a PDU other than P-DATA-TF came (see {@link #control}). */
    Pdv nextPdv() throws IOException {
        while (true) {
            if (current != null && currentPos < current.length()) {
                byte[] b = current.data();
                if (current.length() - currentPos < 6) throw new PduException("truncated PDV header", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
                long itemLength = ((b[currentPos] & 0xFFL) << 24) | (b[currentPos + 1] & 0xFF) << 16
                        | (b[currentPos + 2] & 0xFF) << 8 | (b[currentPos + 3] & 0xFF);
                if (itemLength < 2 || itemLength > current.length() - currentPos - 4) {
                    throw new PduException("PDV length " + itemLength + " does not fit its P-DATA-TF", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
                }
                int pcid = b[currentPos + 4] & 0xFF;
                int mch = b[currentPos + 5] & 0xFF;
                PresentationContext pc = contexts.get(pcid);
                if (pc == null || !pc.isAccepted()) {
                    throw new PduException("PDV for presentation context " + pcid + ", which was not accepted",
                            Pdu.AAbort.UNEXPECTED_PDU_PARAMETER);
                }
                Pdv pdv = new Pdv(pcid, (mch & 1) != 0, (mch & 2) != 0, b, currentPos + 6, (int) itemLength - 2);
                currentPos += 4 + (int) itemLength;
                return pdv;
            }
            current = null;
            Pdu pdu = PduCodec.read(in, options.maxPduLengthReceive() + 6L, pduBuffer);
            if (pdu == null) throw new EOFException("connection closed by " + remoteAETitle());
            if (pdu instanceof Pdu.PDataTF p) {
                if (p.length() == 0) throw new PduException("empty P-DATA-TF", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
                current = p;
                currentPos = 0;
            } else {
                control = pdu;
                return null;
            }
        }
    }

    private void onMessage(Pdv first) throws IOException {
        if (!first.command()) throw new PduException("data PDV without a command", Pdu.AAbort.UNEXPECTED_PDU_PARAMETER);
        int pcid = first.contextId();
        ByteArrayOutputStream cmd = new ByteArrayOutputStream(256);
        Pdv p = first;
        while (true) {
            cmd.write(p.data(), p.offset(), p.length());
            if (cmd.size() > 64 * 1024) throw new PduException("command set over 64 KB", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
            if (p.last()) break;
            p = nextPdv();
            if (p == null) throw interrupted();
            if (!p.command() || p.contextId() != pcid) {
                throw new PduException("command fragments interrupted", Pdu.AAbort.UNEXPECTED_PDU_PARAMETER);
            }
        }
        DataSet command;
        try {
            command = new DataSetReader().read(new ByteArrayInputStream(cmd.toByteArray()), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new PduException("unreadable command set: " + e.getMessage(), Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
        }
        Dimse dimse = Dimse.of(command.getInt(Tag.CommandField, -1));
        if (dimse == null) {
            throw new PduException("unknown command field " + command.getInt(Tag.CommandField, -1), Pdu.AAbort.UNEXPECTED_PDU_PARAMETER);
        }
        boolean hasData = command.getInt(Tag.CommandDataSetType, NO_DATA_SET) != NO_DATA_SET;
        PresentationContext pc = contexts.get(pcid);
        if (dimse.isRequest()) {
            onRequest(pc, dimse, command, hasData);
        } else {
            onResponse(pc, command, hasData);
        }
    }

    private void onRequest(PresentationContext pc, Dimse dimse, DataSet command, boolean hasData) throws IOException {
        if (dimse == Dimse.C_CANCEL_RQ) {
            DimseRequest r = running.get(command.getInt(Tag.MessageIDBeingRespondedTo, -1));
            if (r != null) r.cancel();
            return;
        }
        DimseRequest req = new DimseRequest(this, pc, dimse, command);
        if (dimse == Dimse.C_STORE_RQ && hasData) {
            onStore(req);
            return;
        }
        if (hasData) req.setDataBytes(readDataSet(pc.id()));
        if (dimse == Dimse.C_ECHO_RQ) {
            // Nothing to wait for or cancel: answered on the reader thread, without a thread handoff.
            answer(req, runHandler(req));
            return;
        }
        running.put(req.messageId(), req);
        Thread.ofVirtual().name("dimse-" + remoteAETitle() + "-" + req.messageId()).start(() -> {
            try {
                answer(req, runHandler(req));
            } finally {
                running.remove(req.messageId());
            }
        });
    }

    /**
     * A C-STORE on the reader thread: the handler reads the PDVs as they come. What it leaves is
     * skipped, and only a data set that arrived complete is answered: a transfer broken by an
     * A-ABORT, a lost connection or a protocol error ends the association instead.
     */
    private void onStore(DimseRequest req) throws IOException {
        PdvInputStream data = new PdvInputStream(this, req.presentationContext().id());
        req.setDataStream(data);
        running.put(req.messageId(), req);
        DicomServiceException failure;
        try {
            failure = runHandler(req);
            if (data.failure() == null) data.skipToEnd();
        } catch (IOException e) {
            failure = null; // the data stream broke: data.failure() says how
        } finally {
            running.remove(req.messageId());
        }
        if (data.failure() != null) throw data.failure();
        answer(req, failure);
    }

    /** Runs the request's handler; returns the failure to answer with, or null. */
    private DicomServiceException runHandler(DimseRequest req) {
        try {
            DimseRequestHandler h = services.handler(req.dimse(), req.sopClassUid());
            if (h == null) {
                return new DicomServiceException(req.dimse() == Dimse.C_ECHO_RQ || req.dimse() == Dimse.C_STORE_RQ
                        ? Status.SOP_CLASS_NOT_SUPPORTED : Status.UNRECOGNIZED_OPERATION,
                        "no " + req.dimse().standardName() + " service for " + req.sopClassUid());
            }
            h.onRequest(req);
            return null;
        } catch (DicomServiceException e) {
            return e;
        } catch (IOException e) {
            if (!isOpen()) return null;
            LOG.info("SEN-N108 {} from {} failed: {}", req, remoteAETitle(), e.toString());
            return new DicomServiceException(Status.PROCESSING_FAILURE, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("SEN-N109 {} from {} failed", req, remoteAETitle(), e);
            return new DicomServiceException(Status.PROCESSING_FAILURE, String.valueOf(e.getMessage()));
        }
    }

    /** The final response the handler did not send: its failure, else Success (or Cancel). */
    private void answer(DimseRequest req, DicomServiceException failure) {
        if (req.responded() || !isOpen()) return;
        try {
            if (failure != null) req.respond(failure);
            else req.respond(req.isCanceled() ? Status.CANCEL : Status.SUCCESS);
        } catch (IOException | IllegalStateException e) {
            LOG.debug("response not sent", e);
        }
    }

    private void onResponse(PresentationContext pc, DataSet command, boolean hasData) throws IOException {
        int id = command.getInt(Tag.MessageIDBeingRespondedTo, -1);
        DataSet data = null;
        if (hasData) {
            byte[] bytes = readDataSet(pc.id());
            try {
                data = new DataSetReader().read(new ByteArrayInputStream(bytes), TransferSyntax.of(pc.transferSyntax()));
            } catch (IOException e) {
                LOG.info("SEN-N110 unreadable data set in a response from {}: {}", remoteAETitle(), e.getMessage());
            }
        }
        ResponseHandler h = pending.get(id);
        if (h == null) {
            LOG.info("SEN-N111 response from {} to unknown message {}", remoteAETitle(), id);
            return;
        }
        if (!Status.isPending(command.getInt(Tag.Status, 0))) pending.remove(id);
        h.onResponse(command, data);
    }

    /** Reads a whole data set of data PDVs into memory, within the configured cap. */
    private byte[] readDataSet(int pcid) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
        while (true) {
            Pdv p = nextDataPdv(pcid);
            buf.write(p.data(), p.offset(), p.length());
            if (buf.size() > options.maxDataSetInMemory()) {
                throw new PduException("data set over " + options.maxDataSetInMemory() + " bytes", Pdu.AAbort.INVALID_PDU_PARAMETER_VALUE);
            }
            if (p.last()) return buf.toByteArray();
        }
    }

    /** The next PDV of the data set being received on {@code pcid}. */
    Pdv nextDataPdv(int pcid) throws IOException {
        Pdv p = nextPdv();
        if (p == null) throw interrupted();
        if (p.command() || p.contextId() != pcid) {
            throw new PduException("data set fragments interrupted", Pdu.AAbort.UNEXPECTED_PDU_PARAMETER);
        }
        return p;
    }

    /**
     * A PDU other than P-DATA-TF came in the middle of a message: an A-ABORT ends the association
     * at once; anything else is a protocol error (answered with A-ABORT by {@link #serve()}).
     */
    private IOException interrupted() {
        if (control instanceof Pdu.AAbort a) {
            LOG.info("SEN-N107 {} from {} in the middle of a message", a, remoteAETitle());
            AssociationException e = new AssociationException("aborted by " + remoteAETitle() + ": " + a, a);
            closeSocket(e);
            return e;
        }
        return new PduException(control.getClass().getSimpleName() + " in the middle of a message", Pdu.AAbort.UNEXPECTED_PDU);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Association[" + rq.callingAE() + "->" + rq.calledAE() + ", " + state + "]";
    }
}
