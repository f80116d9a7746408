package org.senpacs.dicom.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.senpacs.dicom.net.pdu.Pdu;
import org.senpacs.dicom.net.pdu.PduCodec;
import org.senpacs.dicom.net.pdu.PduException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts associations for an {@link ApplicationEntity} on a TCP (or TLS) port: one platform
 * thread per connection, a cap on concurrent associations (over it: A-ASSOCIATE-RJ transient,
 * local limit exceeded; far over it, during a flood, the connection is closed unread), ARTIM for
 * a peer that does not send its whole A-ASSOCIATE-RQ in time, and a graceful close that lets
 * running associations finish.
 */
public final class DicomListener implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(DicomListener.class);

    /**
     * @param bindAddress null or "0.0.0.0" for every interface
     * @param port 0 for any free port (see {@link #port()})
     * @param maxAssociations concurrent associations accepted
     * @param shutdownGrace how long {@link #close()} lets running associations finish
     */
    public record Options(String bindAddress, int port, int maxAssociations, AssociationOptions association, Tls tls,
                          Duration shutdownGrace) {
        public static Options of(int port) {
            return new Options(null, port, 200, AssociationOptions.DEFAULT, null, Duration.ofSeconds(10));
        }

        public Options withMaxAssociations(int max) {
            return new Options(bindAddress, port, max, association, tls, shutdownGrace);
        }

        public Options withAssociation(AssociationOptions a) {
            return new Options(bindAddress, port, maxAssociations, a, tls, shutdownGrace);
        }

        public Options withTls(Tls t) {
            return new Options(bindAddress, port, maxAssociations, association, t, shutdownGrace);
        }

        public Options withBindAddress(String address) {
            return new Options(address, port, maxAssociations, association, tls, shutdownGrace);
        }
    }

    private final ApplicationEntity ae;
    private final Options options;
    private final Set<Association> active = ConcurrentHashMap.newKeySet();
    private final Set<Socket> negotiating = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread.Builder connectionThreads;
    private ServerSocket server;
    private Thread acceptor;
    private ScheduledThreadPoolExecutor artimTimer;
    private volatile boolean closing;

    public DicomListener(ApplicationEntity ae, Options options) {
        this.ae = ae;
        this.options = options;
        this.connectionThreads = Thread.ofPlatform().name("dicom-" + ae.aeTitle() + "-", 1).daemon(true);
    }

    public synchronized DicomListener start() throws IOException {
        InetAddress bind = options.bindAddress() == null || options.bindAddress().equals("0.0.0.0")
                ? null : InetAddress.getByName(options.bindAddress());
        ServerSocket s = options.tls() != null
                ? options.tls().context().getServerSocketFactory().createServerSocket()
                : new ServerSocket();
        try {
            if (s instanceof SSLServerSocket ssl) options.tls().configure(ssl);
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(bind, options.port()), 128);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        server = s;
        artimTimer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("dicom-artim-" + ae.aeTitle()).daemon(true).factory());
        artimTimer.setRemoveOnCancelPolicy(true);
        acceptor = Thread.ofPlatform().name("dicom-listener-" + ae.aeTitle()).daemon(true).start(this::acceptLoop);
        return this;
    }

    /** The port listened on (the actual one when started with port 0). */
    public int port() {
        return server.getLocalPort();
    }

    public ApplicationEntity applicationEntity() {
        return ae;
    }

    /** Associations established now. */
    public int activeAssociations() {
        return active.size();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) return;
                if (!closing) LOG.warn("SEN-N001 accept on port {} failed: {}", port(), e.toString());
                sleep(50); // out of file descriptors, say: do not spin
                continue;
            }
            // A platform thread per connection: its reads block in the kernel. On a virtual thread
            // each read that waits parks and is woken through the poller, which cost ~85 µs per
            // round trip (echoscu --repeat: 165 against 250 µs) and 5–8% of a single association's
            // C-STORE rate. Their number is bounded by hardLimit(); requests other than C-STORE
            // and C-ECHO still run on virtual threads of their own (Association).
            connectionThreads.start(() -> handle(socket));
        }
    }

    private void handle(Socket socket) {
        // ARTIM (PS3.8 §9.1.5): the whole A-ASSOCIATE-RQ (and the TLS handshake) must arrive in time,
        // however slowly its bytes trickle in; the socket is closed when it does not.
        ScheduledFuture<?> artim;
        try {
            artim = artimTimer.schedule(() -> artimExpired(socket), options.association().artimTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) { // closed meanwhile
            closeQuietly(socket);
            return;
        }
        int n = connections.incrementAndGet();
        negotiating.add(socket);
        Association as = null;
        try (socket) {
            if (n > hardLimit()) {
                // A flood: not even read. Each connection is bounded in memory; their number is bounded here.
                LOG.info("SEN-N008 connection from {} closed unread: {} connections open", socket.getRemoteSocketAddress(), n - 1);
                return;
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) options.association().artimTimeout().toMillis());
            if (socket instanceof SSLSocket ssl) ssl.startHandshake();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
            Pdu.AAssociate rq = readAssociateRequest(socket, in);
            if (rq == null) return;
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            Pdu answer;
            if (closing || n > options.maxAssociations()) {
                LOG.info("SEN-N005 association from {} ({}) rejected: {}", printable(rq.callingAE()), socket.getRemoteSocketAddress(),
                        closing ? "shutting down" : "limit of " + options.maxAssociations() + " reached");
                answer = new Pdu.AAssociateRJ(Pdu.AAssociateRJ.REJECTED_TRANSIENT,
                        Pdu.AAssociateRJ.SOURCE_PROVIDER_PRESENTATION, Pdu.AAssociateRJ.LOCAL_LIMIT_EXCEEDED);
            } else {
                answer = ae.decide(rq, (InetSocketAddress) socket.getRemoteSocketAddress(), options.association().maxPduLengthReceive());
                if (answer instanceof Pdu.AAssociateRJ rj) {
                    LOG.info("SEN-N006 association from {} to {} rejected: {}", printable(rq.callingAE()), printable(rq.calledAE()), rj);
                }
            }
            if (answer instanceof Pdu.AAssociateRJ rj) {
                PduCodec.writeReject(out, rj);
                awaitPeerClose(socket, in);
                return;
            }
            if (!artim.cancel(false)) return; // ARTIM expired just now: the socket is closed
            negotiating.remove(socket);
            Pdu.AAssociate ac = (Pdu.AAssociate) answer;
            PduCodec.writeAssociate(out, ac);
            as = new Association(socket, in, out, false, rq, ac, ae.services(), options.association());
            active.add(as);
            LOG.debug("association {} accepted from {}", as, socket.getRemoteSocketAddress());
            as.serve();
        } catch (IOException e) {
            LOG.debug("association setup with {} failed", socket.getRemoteSocketAddress(), e);
        } catch (RuntimeException e) {
            LOG.warn("SEN-N007 internal error on a connection from {}", socket.getRemoteSocketAddress(), e);
        } finally {
            artim.cancel(false);
            negotiating.remove(socket);
            if (as != null) active.remove(as);
            connections.decrementAndGet();
        }
    }

    /**
     * Connections over the association limit are still read, to answer them with A-ASSOCIATE-RJ;
     * past this many they are closed at once.
     */
    private int hardLimit() {
        return 2 * options.maxAssociations() + 16;
    }

    /** The A-ASSOCIATE-RQ, or null when the peer sent something else (answered with A-ABORT) or nothing. */
    private Pdu.AAssociate readAssociateRequest(Socket socket, InputStream in) throws IOException {
        OutputStream out = socket.getOutputStream();
        Pdu first;
        try {
            first = PduCodec.read(in, 0, null);
        } catch (SocketTimeoutException e) {
            artimExpired(socket);
            return null;
        } catch (PduException e) {
            LOG.info("SEN-N003 bad first PDU from {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
            PduCodec.writeAbort(out, new Pdu.AAbort(Pdu.AAbort.SOURCE_PROVIDER, e.abortReason()));
            awaitPeerClose(socket, in);
            return null;
        }
        if (first instanceof Pdu.AAssociate rq && rq.request()) return rq;
        if (first != null && !(first instanceof Pdu.AAbort)) {
            LOG.info("SEN-N004 {} sent {} instead of A-ASSOCIATE-RQ: aborted", socket.getRemoteSocketAddress(),
                    first.getClass().getSimpleName());
            PduCodec.writeAbort(out, new Pdu.AAbort(Pdu.AAbort.SOURCE_PROVIDER, Pdu.AAbort.UNEXPECTED_PDU));
            awaitPeerClose(socket, in);
        }
        return null;
    }

    private void artimExpired(Socket socket) {
        if (negotiating.remove(socket)) { // logged once, by the timer or by the read that timed out
            LOG.info("SEN-N002 {} sent no complete A-ASSOCIATE-RQ within {}: closed", socket.getRemoteSocketAddress(),
                    options.association().artimTimeout());
        }
        closeQuietly(socket);
    }

    /**
     * After an A-ASSOCIATE-RJ or A-ABORT the peer closes the connection (PS3.8 Sta13): our side
     * is half-closed, what the peer still sends is discarded, and ARTIM closes it at the latest.
     * Closing at once could reset the connection before the peer has read our answer.
     */
    private void awaitPeerClose(Socket socket, InputStream in) {
        negotiating.remove(socket); // answered: ARTIM still runs, and closes it if the peer does not
        try {
            if (!(socket instanceof SSLSocket)) socket.shutdownOutput();
            byte[] discard = new byte[8192];
            while (in.read(discard) >= 0) {
                // nothing more is expected
            }
        } catch (IOException e) {
            // closed by the peer, timed out, or by ARTIM: done either way
        }
    }

    /** An AE title from a peer, safe to log (no control characters: no forged log lines). */
    private static String printable(String ae) {
        StringBuilder b = new StringBuilder(ae.length());
        for (int i = 0; i < ae.length(); i++) {
            char c = ae.charAt(i);
            b.append(c >= 0x20 && c <= 0x7E ? c : '?');
        }
        return b.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting; running associations get {@link Options#shutdownGrace()} to finish, then are aborted. */
    @Override
    public void close() {
        closing = true;
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : negotiating) closeQuietly(s);
        long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            for (Association as : active) {
                if (as.runningRequests() == 0) as.abort(); // idle: nothing to finish
            }
            sleep(10);
            if (Thread.currentThread().isInterrupted()) break;
        }
        for (Association as : active) as.abort();
        if (artimTimer != null) artimTimer.shutdownNow();
    }
}
