package org.senpacs.ris.hl7;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP listener (HL7 v2 over TCP, optionally TLS): one virtual thread per connection, each
 * frame (start block 0x0B, message, end block 0x1C 0x0D) handed to the {@link Hl7Receiver} and
 * its acknowledgement framed back on the same connection. A frame larger than the configured
 * maximum is read to its end and refused; bytes outside frames are skipped.
 *
 * <p>Closing stops accepting and closes the connections. A message being applied at that moment
 * is either committed (and its sender, missing the acknowledgement, re-sends it and gets the
 * stored one) or rolled back.
 */
public final class MllpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MllpListener.class);

    static final int START_BLOCK = 0x0B;
    static final int END_BLOCK = 0x1C;
    static final int CARRIAGE_RETURN = 0x0D;

    private final Hl7Receiver receiver;
    private final Hl7Options options;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread acceptor;

    public MllpListener(Hl7Receiver receiver) {
        this.receiver = receiver;
        this.options = receiver.options();
    }

    /** Starts listening; returns this. */
    public MllpListener start() throws IOException {
        ServerSocket s = options.tls() == null ? new ServerSocket()
                : options.tls().getServerSocketFactory().createServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 64);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen for HL7 on " + options.bind() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        server = s;
        acceptor = Thread.ofPlatform().name("hl7-accept").daemon(true).start(this::acceptLoop);
        LOG.info("SEN-R000 HL7 MLLP{} on {}:{}", options.tls() == null ? "" : " over TLS", options.bind(), port());
        return this;
    }

    /** The port listened on (the one picked when the options said 0). */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread.ofVirtual().name("hl7-" + socket.getRemoteSocketAddress()).start(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) LOG.warn("SEN-R020 HL7 accept failed: {}", e.toString());
            }
        }
    }

    private void serve(Socket socket) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        LOG.debug("SEN-R021 HL7 connection from {}", peer);
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.idleTimeout().toMillis()));
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            while (true) {
                Frame frame = readFrame(in, options.maxMessageBytes());
                if (frame == null) break;
                byte[] ack = frame.complete() ? receiver.receive(frame.bytes()) : receiver.receiveTooLarge(frame.bytes());
                writeFrame(out, ack);
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("SEN-R022 HL7 connection from {} idle, closed", peer);
        } catch (SocketException | EOFException e) {
            LOG.debug("SEN-R023 HL7 connection from {} ended: {}", peer, e.toString());
        } catch (IOException e) {
            LOG.warn("SEN-R024 HL7 connection from {} failed: {}", peer, e.toString());
        } finally {
            connections.remove(socket);
        }
    }

    /**
     * One frame's content. {@code complete} is false when the message was larger than allowed: then
     * {@code bytes} holds its beginning only.
     */
    record Frame(byte[] bytes, boolean complete) {}

    /** Reads the next frame; null at the end of the stream between frames. */
    static Frame readFrame(InputStream in, int max) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) return null;
        } while (b != START_BLOCK);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
        boolean complete = true;
        while (true) {
            b = in.read();
            if (b < 0) throw new EOFException("connection closed inside an MLLP frame");
            if (b == END_BLOCK) {
                int next = in.read();
                if (next == CARRIAGE_RETURN || next < 0) return new Frame(buf.toByteArray(), complete);
                // a 0x1C not followed by CR is data
                append(buf, END_BLOCK, max);
                if (!append(buf, next, max)) complete = false;
                continue;
            }
            if (!append(buf, b, max)) complete = false;
        }
    }

    private static boolean append(ByteArrayOutputStream buf, int b, int max) {
        if (buf.size() >= max) return false;
        buf.write(b);
        return true;
    }

    static void writeFrame(OutputStream out, byte[] message) throws IOException {
        byte[] frame = new byte[message.length + 3];
        frame[0] = START_BLOCK;
        System.arraycopy(message, 0, frame, 1, message.length);
        frame[frame.length - 2] = END_BLOCK;
        frame[frame.length - 1] = CARRIAGE_RETURN;
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (server == null) return;
        server.close();
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing an HL7 connection", e);
            }
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("SEN-R025 HL7 listener stopped");
    }
}
