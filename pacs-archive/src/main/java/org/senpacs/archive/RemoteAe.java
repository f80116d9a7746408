package org.senpacs.archive;

/** A remote application entity we connect to: C-MOVE destinations, storage commitment report targets. */
public record RemoteAe(String aet, String host, int port, boolean tls) {

    public RemoteAe {
        if (aet == null || aet.isBlank() || aet.length() > 16 || aet.contains("\\")) {
            throw new IllegalArgumentException("AE title must be 1 to 16 characters without backslash: " + aet);
        }
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host missing for " + aet);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range for " + aet + ": " + port);
    }
}
