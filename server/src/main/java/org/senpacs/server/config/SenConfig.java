package org.senpacs.server.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The whole configuration of a Sen node, read from {@code sen.yaml} over the built-in defaults
 * ({@code sen-defaults.yaml}) and environment variables. See {@link ConfigLoader}.
 *
 * @param data the data folder: objects, index database, logs
 */
public record SenConfig(Path data, Dicom dicom, Http http, Hl7 hl7, Database database, Storage storage, Archive archive,
                        Viewer viewer, Ris ris, Map<String, RemoteAe> remoteAes, Map<String, HisDestination> hisDestinations) {

    /** A remote AE (C-MOVE destination, storage commitment report target), keyed by its AE title. */
    public record RemoteAe(String host, int port, boolean tls) {}

    /** The index database: empty URL means the embedded H2 under the data folder. */
    public record Database(String url, String user, String password, int poolSize) {
        /** The password is never printed. */
        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
        }
    }

    public record Storage(boolean fsync) {}

    /** Archive policies; see sen-defaults.yaml. */
    public record Archive(String duplicates, String patientUpdates, String defaultCharset, boolean fuzzyNames,
                          int maxQueryResults) {}

    /** The DICOM listener: our AE title, port and bind address. */
    public record Dicom(String aet, int port, String bind) {}

    /** The HTTP listener (DICOMweb, viewer launch, REST) and the memory of the series metadata cache (MB; 0: off). */
    public record Http(int port, String bind, int metadataCacheMb) {}

    /**
     * Viewer launch: the address users reach this node at (behind a proxy), the key that signs
     * manifest tokens (shared by every node behind one address; empty: a random key per process),
     * how long a launched manifest URL stays valid, and whether manifests need a token.
     */
    public record Viewer(String publicUrl, String tokenKey, int tokenLifetimeSeconds, boolean requireToken) {
        /** The key is never printed. */
        @Override
        public String toString() {
            return "Viewer[publicUrl=" + publicUrl + ", tokenLifetimeSeconds=" + tokenLifetimeSeconds
                    + ", requireToken=" + requireToken + "]";
        }
    }

    /**
     * The HL7 v2 MLLP listener: port and address, the character set assumed when MSH-18 is empty,
     * our application and facility names (MSH-3/4 of ACKs and of the messages we send), and the
     * key store (PKCS#12 or .jks) that turns on MLLP over TLS.
     */
    public record Hl7(int port, String bind, String defaultCharset, String application, String facility,
                      String tlsKeyStore, String tlsKeyStorePassword) {
        /** The key store password is never printed. */
        @Override
        public String toString() {
            return "Hl7[port=" + port + ", bind=" + bind + ", defaultCharset=" + defaultCharset + ", application="
                    + application + ", facility=" + facility + ", tlsKeyStore=" + tlsKeyStore + "]";
        }
    }

    /**
     * The RIS: the local procedure catalogue (code to modality and description), the worklist,
     * status updates to the HIS, and how the HL7 outbox retries.
     */
    public record Ris(Map<String, CatalogueEntry> catalogue, int worklistMaxResults, boolean worklistIncludesStarted,
                      boolean sendStatusUpdates, String reportTextType, int retryFirstSeconds, int retryMaxSeconds,
                      int retryMaxAttempts) {}

    /** A procedure of the local catalogue. */
    public record CatalogueEntry(String modality, String description) {}

    /** Where reports (ORU^R01) and procedure status updates go: the HIS's MLLP listener. */
    public record HisDestination(String host, int port, boolean tls, String application, String facility) {}
}
