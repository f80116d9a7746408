package org.senpacs.dicom.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.senpacs.dicom.net.pdu.Pdu;
import org.senpacs.dicom.net.pdu.PduCodec;

/** Opens associations as requestor (SCU): TCP (or TLS) connect, A-ASSOCIATE-RQ, AC or RJ. */
public final class Connector {

    private final AssociationOptions options;
    private final Tls tls;
    private volatile SSLContext sslContext; // made once: loading the key stores costs more than a handshake

    public Connector(AssociationOptions options, Tls tls) {
        this.options = options;
        this.tls = tls;
    }

    public Connector() {
        this(AssociationOptions.DEFAULT, null);
    }

    private SSLContext sslContext() throws IOException {
        SSLContext c = sslContext;
        if (c == null) sslContext = c = tls.context();
        return c;
    }

    /**
     * Connects and negotiates. Incoming requests on the association (C-STORE sub-operations of a
     * C-GET, N-EVENT-REPORTs) go to {@code services}, which may be null.
     *
     * @throws AssociationException when rejected or aborted
     */
    public Association connect(String host, int port, AssociationRequest request, DicomServiceRegistry services) throws IOException {
        Socket socket = tls != null ? sslContext().getSocketFactory().createSocket() : new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) options.connectTimeout().toMillis());
            // ARTIM covers the TLS handshake too: a peer that accepts and says nothing must not hang us.
            socket.setSoTimeout((int) options.artimTimeout().toMillis());
            if (socket instanceof SSLSocket ssl) {
                tls.configure(ssl);
                ssl.startHandshake();
            }
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            Pdu.AAssociate rq = request.toPdu(options.maxPduLengthReceive());
            PduCodec.writeAssociate(out, rq);
            Pdu answer = PduCodec.read(in, 0, null);
            switch (answer) {
                case Pdu.AAssociate ac when !ac.request() -> {
                    Association as = new Association(socket, in, out, true, rq, ac, services, options);
                    // A platform thread reads what the peer sends: a virtual one would wait on the
                    // socket through the JDK's poller threads, which sit in native code and make
                    // every JVM exit wait ~300 ms for them (felt by each short-lived tool run).
                    Thread.ofPlatform().daemon().name("assoc-" + rq.calledAE()).start(as::serve);
                    return as;
                }
                case Pdu.AAssociateRJ rj -> throw new AssociationException("association rejected by " + request.toPdu(0).calledAE() + ": " + rj, rj);
                case Pdu.AAbort ab -> throw new AssociationException("association aborted: " + ab, ab);
                case null -> throw new AssociationException("connection closed before A-ASSOCIATE-AC");
                default -> throw new AssociationException("unexpected answer to A-ASSOCIATE-RQ: " + answer);
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
