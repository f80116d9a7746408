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
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.senpacs.dicom.net.pdu.Pdu;
import org.senpacs.dicom.net.pdu.PduCodec;
import org.senpacs.dicom.net.pdu.PduException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts associations for an {@link ApplicationEntity} on a TCP (or TLS) port: one virtual
 * thread per association, a cap on concurrent associations (over it: A-ASSOCIATE-RJ transient,
 * local limit exceeded), ARTIM for a peer that connects and says nothing, and a graceful close
 * that lets running associations finish.
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
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private Thread acceptor;
    private volatile boolean closing;

    public DicomListener(ApplicationEntity ae, Options options) {
        this.ae = ae;
        this.options = options;
    }

    public synchronized DicomListener start() throws IOException {
        InetAddress bind = options.bindAddress() == null || options.bindAddress().equals("0.0.0.0")
                ? null : InetAddress.getByName(options.bindAddress());
        ServerSocket s = options.tls() != null
                ? options.tls().context().getServerSocketFactory().createServerSocket()
                : new ServerSocket();
        if (s instanceof SSLServerSocket ssl) options.tls().configure(ssl);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(bind, options.port()), 128);
        server = s;
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
                if (!closing) LOG.warn("SEN-N001 accept on port {} failed: {}", port(), e.toString());
                if (server.isClosed()) return;
                continue;
            }
            Thread.ofVirtual().name("assoc-accept").start(() -> handle(socket));
        }
    }

    private void handle(Socket socket) {
        int n = connections.incrementAndGet();
        Association as = null;
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) options.association().artimTimeout().toMillis());
            if (socket instanceof SSLSocket ssl) ssl.startHandshake();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            Pdu first;
            try {
                first = PduCodec.read(in, 0, null);
            } catch (SocketTimeoutException e) {
                LOG.info("SEN-N002 {} connected but sent no A-ASSOCIATE-RQ within {}: closed", socket.getRemoteSocketAddress(),
                        options.association().artimTimeout());
                return;
            } catch (PduException e) {
                LOG.info("SEN-N003 bad first PDU from {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
                PduCodec.writeAbort(out, new Pdu.AAbort(Pdu.AAbort.SOURCE_PROVIDER, e.abortReason()));
                return;
            }
            if (!(first instanceof Pdu.AAssociate rq) || !rq.request()) {
                if (first != null) {
                    LOG.info("SEN-N004 {} sent {} instead of A-ASSOCIATE-RQ: aborted", socket.getRemoteSocketAddress(),
                            first.getClass().getSimpleName());
                    PduCodec.writeAbort(out, new Pdu.AAbort(Pdu.AAbort.SOURCE_PROVIDER, Pdu.AAbort.UNEXPECTED_PDU));
                }
                return;
            }
            if (closing || n > options.maxAssociations()) {
                LOG.info("SEN-N005 association from {} ({}) rejected: {}", rq.callingAE(), socket.getRemoteSocketAddress(),
                        closing ? "shutting down" : "limit of " + options.maxAssociations() + " reached");
                PduCodec.writeReject(out, new Pdu.AAssociateRJ(Pdu.AAssociateRJ.REJECTED_TRANSIENT,
                        Pdu.AAssociateRJ.SOURCE_PROVIDER_PRESENTATION, Pdu.AAssociateRJ.LOCAL_LIMIT_EXCEEDED));
                return;
            }
            Pdu answer = ae.decide(rq, (InetSocketAddress) socket.getRemoteSocketAddress(), options.association().maxPduLengthReceive());
            if (answer instanceof Pdu.AAssociateRJ rj) {
                LOG.info("SEN-N006 association from {} to {} rejected: {}", rq.callingAE(), rq.calledAE(), rj);
                PduCodec.writeReject(out, rj);
                return;
            }
            Pdu.AAssociate ac = (Pdu.AAssociate) answer;
            PduCodec.writeAssociate(out, ac);
            as = new Association(socket, in, out, false, rq, ac, ae.services(), options.association());
            active.add(as);
            LOG.debug("association {} accepted from {}", as, socket.getRemoteSocketAddress());
            as.serve();
        } catch (IOException e) {
            LOG.debug("association setup with {} failed", socket.getRemoteSocketAddress(), e);
        } finally {
            if (as != null) active.remove(as);
            connections.decrementAndGet();
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
        long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            for (Association as : active) {
                if (as.runningRequests() == 0) as.abort(); // idle: nothing to finish
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Association as : active) as.abort();
    }
}
