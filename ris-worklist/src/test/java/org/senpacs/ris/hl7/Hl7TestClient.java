package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.ExtendedMinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Sends HL7 to the listener as a HIS would: with HAPI's own client (which encodes each message in
 * its MSH-18 character set), or as raw MLLP bytes for input HAPI would not produce.
 */
public final class Hl7TestClient implements AutoCloseable {

    private final HapiContext context = new DefaultHapiContext();
    private final Connection connection;
    private final int port;

    public Hl7TestClient(int port) throws Exception {
        this.port = port;
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setLowerLayerProtocol(new ExtendedMinLowerLayerProtocol());
        connection = context.newClient("127.0.0.1", port, false);
    }

    /** Segments joined with CR. */
    public static String message(String... segments) {
        return String.join("\r", segments) + "\r";
    }

    /** Sends through HAPI's initiator; returns the acknowledgement as text. */
    public String send(String message) throws Exception {
        Message m = context.getPipeParser().parse(message);
        return connection.getInitiator().sendAndReceive(m).encode();
    }

    /** Sends one MLLP frame of raw bytes on a new connection; returns the answer decoded in {@code cs}. */
    public String sendRaw(byte[] content, Charset cs) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            MllpListener.writeFrame(s.getOutputStream(), content);
            InputStream in = new BufferedInputStream(s.getInputStream());
            MllpListener.Frame f = MllpListener.readFrame(in, 1_000_000);
            if (f == null) throw new IOException("connection closed without an answer");
            return new String(f.bytes(), cs);
        }
    }

    public String sendRaw(String message) throws IOException {
        return sendRaw(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** A field of the first segment of a name in a message (MSH-n counted as the standard does), or "". */
    public static String field(String message, String segment, int n) {
        for (String seg : message.split("[\r\n]+")) {
            if (!seg.startsWith(segment + "|")) continue;
            String[] f = seg.split("\\|", -1);
            int index = segment.equals("MSH") ? n - 1 : n;
            return index < f.length ? f[index] : "";
        }
        return "";
    }

    @Override
    public void close() throws Exception {
        connection.close();
        context.close();
    }
}
