package org.senpacs.ris.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The HL7 v2 inbound interface.
 *
 * @param bind address to listen on ("0.0.0.0": every interface)
 * @param port MLLP port (0 picks a free one)
 * @param tls when not null, connections are TLS with this context (MLLP over TLS)
 * @param defaultCharset character set of messages whose MSH-18 is empty
 * @param applicationName our MSH-3 (sending application) in acknowledgements
 * @param facilityName our MSH-4 (sending facility) in acknowledgements
 * @param maxMessageBytes a larger message is refused (AR) without being parsed
 * @param idleTimeout a connection idle this long is closed (zero: never)
 */
public record Hl7Options(String bind, int port, SSLContext tls, Charset defaultCharset, String applicationName,
                         String facilityName, int maxMessageBytes, Duration idleTimeout) {

    public static final Hl7Options DEFAULT = new Hl7Options("0.0.0.0", 2575, null, StandardCharsets.UTF_8, "SEN", "SEN",
            1_000_000, Duration.ZERO);

    public Hl7Options {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("HL7 port out of range: " + port);
        Objects.requireNonNull(defaultCharset, "defaultCharset");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(facilityName, "facilityName");
        if (maxMessageBytes < 1024 || maxMessageBytes > 1_000_000) {
            throw new IllegalArgumentException("maximum HL7 message size must be 1024 to 1000000 bytes: " + maxMessageBytes);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    public Hl7Options withBind(String newBind, int newPort) {
        return new Hl7Options(newBind, newPort, tls, defaultCharset, applicationName, facilityName, maxMessageBytes, idleTimeout);
    }

    public Hl7Options withTls(SSLContext context) {
        return new Hl7Options(bind, port, context, defaultCharset, applicationName, facilityName, maxMessageBytes, idleTimeout);
    }

    public Hl7Options withDefaultCharset(Charset charset) {
        return new Hl7Options(bind, port, tls, charset, applicationName, facilityName, maxMessageBytes, idleTimeout);
    }

    public Hl7Options withApplication(String application, String facility) {
        return new Hl7Options(bind, port, tls, defaultCharset, application, facility, maxMessageBytes, idleTimeout);
    }
}
