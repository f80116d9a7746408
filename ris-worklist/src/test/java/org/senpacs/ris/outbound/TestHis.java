package org.senpacs.ris.outbound;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A HIS for tests: HAPI's own MLLP server (reading by MSH-18, answering in UTF-8) with an application that keeps every
 * message received and answers AA, or AE while told to refuse. Its port is reserved up front,
 * so it can be started after the messages for it were queued.
 */
public final class TestHis implements AutoCloseable {

    private final int port;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private DefaultHapiContext hapi;
    private HL7Service server;

    public TestHis() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** This HIS as a destination of this name. */
    public HisDestination destination(String name) {
        return new HisDestination(name, "127.0.0.1", port, false, "HIS_APP", "BV_BACHMAI");
    }

    /** Answers AE (with a Vietnamese error text) instead of AA while true. */
    public void refuse(boolean refuse) {
        refusing = refuse;
    }

    public TestHis start() throws InterruptedException {
        hapi = new DefaultHapiContext();
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator()); // ACK control IDs, without an id_file
        MinLowerLayerProtocol llp = new MinLowerLayerProtocol(true);
        llp.setCharset(StandardCharsets.UTF_8); // for its ACKs, which carry no MSH-18
        hapi.setLowerLayerProtocol(llp);
        server = hapi.newServer(port, false);
        server.registerApplication(new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message m, Map<String, Object> metadata) throws HL7Exception {
                try {
                    received.add(m.encode());
                    return refusing ? m.generateACK(AcknowledgmentCode.AE, new HL7Exception("Không tìm thấy bệnh nhân"))
                            : m.generateACK();
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message m) {
                return true;
            }
        });
        server.startAndWait();
        return this;
    }

    public void stop() {
        if (server != null) server.stopAndWait();
        server = null;
        if (hapi != null) hapi.close();
        hapi = null;
    }

    /** The messages received so far, as HAPI encoded them after parsing. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Waits until {@code n} messages were received, and returns them. */
    public List<String> await(int n) {
        awaitTrue(() -> received.size() >= n, "the HIS to receive " + n + " message(s), got " + received.size());
        return received();
    }

    /** Polls a condition every 20 ms for up to 30 s. */
    public static void awaitTrue(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
