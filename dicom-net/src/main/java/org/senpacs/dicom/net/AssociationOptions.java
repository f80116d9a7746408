package org.senpacs.dicom.net;

import java.time.Duration;

/**
 * Limits and timeouts of an association.
 *
 * @param maxPduLengthReceive the largest P-DATA-TF we accept (we announce it in our A-ASSOCIATE)
 * @param maxPduLengthSend cap on the P-DATA-TF we send, below the peer's own maximum
 * @param connectTimeout TCP connect (requestor)
 * @param artimTimeout A-ASSOCIATE-RQ/AC and A-RELEASE-RP waits, and the transport close after release (ARTIM)
 * @param idleTimeout an association with nothing to do for this long is aborted (zero: never)
 * @param responseTimeout how long a requestor waits for each DIMSE response (zero: forever)
 * @param maxDataSetInMemory the largest non-streamed data set accepted (C-FIND identifiers, N-SET, ...)
 */
public record AssociationOptions(int maxPduLengthReceive, int maxPduLengthSend, Duration connectTimeout,
                                 Duration artimTimeout, Duration idleTimeout, Duration responseTimeout,
                                 int maxDataSetInMemory) {

    public static final AssociationOptions DEFAULT = new AssociationOptions(256 * 1024, 256 * 1024, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10), 16 << 20);

    public AssociationOptions withIdleTimeout(Duration d) {
        return new AssociationOptions(maxPduLengthReceive, maxPduLengthSend, connectTimeout, artimTimeout, d, responseTimeout,
                maxDataSetInMemory);
    }

    public AssociationOptions withArtimTimeout(Duration d) {
        return new AssociationOptions(maxPduLengthReceive, maxPduLengthSend, connectTimeout, d, idleTimeout, responseTimeout,
                maxDataSetInMemory);
    }

    public AssociationOptions withResponseTimeout(Duration d) {
        return new AssociationOptions(maxPduLengthReceive, maxPduLengthSend, connectTimeout, artimTimeout, idleTimeout, d,
                maxDataSetInMemory);
    }

    public AssociationOptions withMaxPduLength(int receive, int send) {
        return new AssociationOptions(receive, send, connectTimeout, artimTimeout, idleTimeout, responseTimeout,
                maxDataSetInMemory);
    }
}
