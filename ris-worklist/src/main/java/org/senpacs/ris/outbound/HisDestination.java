package org.senpacs.ris.outbound;

import java.util.Objects;

/**
 * A system that receives our HL7 messages over MLLP (the HIS, an EMR, a report archive).
 *
 * @param name the stable name outbox rows refer to (survives a change of host or port)
 * @param host host name or address
 * @param port MLLP port
 * @param tls connect over TLS (the JVM's default trust store decides whom to trust)
 * @param receivingApplication MSH-5 of the messages for it
 * @param receivingFacility MSH-6 of the messages for it
 */
public record HisDestination(String name, String host, int port, boolean tls, String receivingApplication,
                             String receivingFacility) {

    public HisDestination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (name.isBlank() || name.length() > 64) throw new IllegalArgumentException("destination name must have 1 to 64 characters: " + name);
        if (host.isBlank()) throw new IllegalArgumentException("destination " + name + ": empty host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("destination " + name + ": port out of range: " + port);
        receivingApplication = Objects.requireNonNullElse(receivingApplication, "");
        receivingFacility = Objects.requireNonNullElse(receivingFacility, "");
    }
}
