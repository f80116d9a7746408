package org.senpacs.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.RemoteAe;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.dicom.net.ApplicationEntity;
import org.senpacs.dicomweb.DicomWebOptions;
import org.senpacs.dicomweb.DicomWebServer;
import org.senpacs.viewer.ViewerHandler;
import org.senpacs.viewer.ViewerOptions;
import org.senpacs.dicom.net.DicomListener;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.server.config.SenConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sen node: wires the services and listeners of the configuration together, starts
 * them in order and stops them in reverse.
 */
public final class SenNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SenNode.class);

    private final SenConfig config;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<String> serving = new ArrayList<>();
    private DicomListener dicom;
    private Archive archive;
    private DicomWebServer web;
    private org.senpacs.ris.Ris ris;

    public SenNode(SenConfig config) {
        this.config = config;
    }

    /** The archive policies of the configuration. */
    static ArchivePolicy policy(SenConfig.Archive a) {
        String cs = a.defaultCharset();
        return new ArchivePolicy(ArchivePolicy.Duplicates.valueOf(a.duplicates().toUpperCase(Locale.ROOT)),
                ArchivePolicy.PatientUpdates.valueOf(a.patientUpdates().toUpperCase(Locale.ROOT)),
                cs == null || cs.isBlank() ? null : cs, a.fuzzyNames(), a.maxQueryResults());
    }

    /** The index database of the configuration: PostgreSQL (or any JDBC URL) when set, else embedded H2. */
    public static DatabaseConfig database(SenConfig config) {
        SenConfig.Database d = config.database();
        if (d.url() == null || d.url().isBlank()) return DatabaseConfig.embedded(config.data());
        return new DatabaseConfig(d.url(), d.user(), d.password(), d.poolSize());
    }

    public static Archive.Config archiveConfig(SenConfig config) {
        java.util.Map<String, RemoteAe> aes = new java.util.LinkedHashMap<>();
        config.remoteAes().forEach((aet, r) -> aes.put(aet, new RemoteAe(aet, r.host(), r.port(), r.tls())));
        return new Archive.Config(database(config), config.data().resolve("objects"), config.storage().fsync(),
                policy(config.archive()), aes);
    }

    /** The RIS options of the configuration. */
    static org.senpacs.ris.Ris.Options risOptions(SenConfig config) {
        SenConfig.Hl7 h = config.hl7();
        SenConfig.Ris r = config.ris();
        org.senpacs.ris.hl7.Hl7Options hl7 = org.senpacs.ris.hl7.Hl7Options.DEFAULT.withBind(h.bind(), h.port())
                .withDefaultCharset(hl7Charset(h.defaultCharset()))
                .withApplication(h.application(), h.facility());
        if (h.tlsKeyStore() != null && !h.tlsKeyStore().isBlank()) {
            try {
                hl7 = hl7.withTls(new org.senpacs.dicom.net.Tls(java.nio.file.Path.of(h.tlsKeyStore().trim()),
                        h.tlsKeyStorePassword() == null ? new char[0] : h.tlsKeyStorePassword().toCharArray(), null, null, false)
                        .context());
            } catch (IOException e) {
                throw new org.senpacs.server.config.ConfigException("hl7.tls-key-store: " + e.getMessage());
            }
        }
        java.util.Map<String, org.senpacs.ris.order.CatalogueEntry> catalogue = new java.util.LinkedHashMap<>();
        r.catalogue().forEach((code, e) -> catalogue.put(code, new org.senpacs.ris.order.CatalogueEntry(e.modality(), e.description())));
        var orders = org.senpacs.ris.order.OrderOptions.DEFAULT.withCatalogue(catalogue);
        var worklist = new org.senpacs.ris.mwl.WorklistOptions(r.worklistMaxResults(), r.worklistIncludesStarted(),
                config.archive().fuzzyNames());
        List<org.senpacs.ris.outbound.HisDestination> destinations = new ArrayList<>();
        config.hisDestinations().forEach((name, d) -> destinations.add(new org.senpacs.ris.outbound.HisDestination(name, d.host(),
                d.port(), d.tls(), d.application() == null ? "" : d.application(), d.facility() == null ? "" : d.facility())));
        try {
            var outbound = org.senpacs.ris.outbound.OutboundOptions.DEFAULT.withSender(h.application(), h.facility())
                    .withDestinations(destinations)
                    .withRetries(java.time.Duration.ofSeconds(r.retryFirstSeconds()), java.time.Duration.ofSeconds(r.retryMaxSeconds()),
                            r.retryMaxAttempts())
                    .withTextType(r.reportTextType());
            return new org.senpacs.ris.Ris.Options(hl7, orders, worklist, outbound, r.sendStatusUpdates());
        } catch (IllegalArgumentException e) {
            throw new org.senpacs.server.config.ConfigException("ris / his-destinations: " + e.getMessage());
        }
    }

    /** An HL7 character set name (MSH-18, e.g. "UNICODE UTF-8", "8859/1") or a Java one. */
    static java.nio.charset.Charset hl7Charset(String name) {
        String n = name == null ? "" : name.trim();
        switch (n.toUpperCase(Locale.ROOT)) {
            case "", "UNICODE UTF-8", "UTF-8" -> { return java.nio.charset.StandardCharsets.UTF_8; }
            case "8859/1" -> { return java.nio.charset.StandardCharsets.ISO_8859_1; }
            case "ASCII" -> { return java.nio.charset.StandardCharsets.US_ASCII; }
            default -> {
                String javaName = n.startsWith("8859/") ? "ISO-8859-" + n.substring(5) : n;
                try {
                    return java.nio.charset.Charset.forName(javaName);
                } catch (IllegalArgumentException e) {
                    throw new org.senpacs.server.config.ConfigException("hl7.default-charset: unknown character set " + name);
                }
            }
        }
    }

    /** Viewer launch options of the configuration; a bad token key stops the start with a clear message. */
    static ViewerOptions viewerOptions(SenConfig.Viewer v) {
        ViewerOptions o = ViewerOptions.of(DicomWebServer.BASE_PATH + "/wado", DicomWebServer.BASE_PATH)
                .withRequireToken(v.requireToken())
                .withTokenLifetime(java.time.Duration.ofSeconds(v.tokenLifetimeSeconds()));
        if (v.publicUrl() != null && !v.publicUrl().isBlank()) o = o.withPublicUrl(v.publicUrl().trim());
        if (v.tokenKey() != null && !v.tokenKey().isBlank()) o = o.withTokenKey(keyBytes(v.tokenKey().trim()));
        return o;
    }

    private static byte[] keyBytes(String key) {
        byte[] bytes;
        if (key.matches("([0-9a-fA-F]{2})+")) {
            bytes = java.util.HexFormat.of().parseHex(key);
        } else {
            try {
                bytes = java.util.Base64.getDecoder().decode(key);
            } catch (IllegalArgumentException e) {
                throw new org.senpacs.server.config.ConfigException("viewer.token-key is neither hex nor base64");
            }
        }
        if (bytes.length < 32) throw new org.senpacs.server.config.ConfigException("viewer.token-key needs at least 32 bytes (openssl rand -base64 48)");
        return bytes;
    }

    public void start() {
        try {
            archive = Archive.open(archiveConfig(config));
            running.add(archive);
            DicomServiceRegistry services = DicomServiceRegistry.withVerification();
            archive.register(services);
            ris = org.senpacs.ris.Ris.open(archive, risOptions(config));
            running.add(ris);
            ris.register(services);
            ViewerHandler viewer = new ViewerHandler(archive.query(), viewerOptions(config.viewer()));
            web = new DicomWebServer(archive, DicomWebOptions.DEFAULT
                    .withBind(config.http().bind(), config.http().port())
                    .withTempDir(config.data().resolve("tmp").resolve("stow"))
                    .withMetadataCacheSize(config.http().metadataCacheMb() * 1024L * 1024L),
                    java.util.Map.of("/viewer", viewer, "/IHEInvokeImageDisplay", viewer), ris.apiResources());
            running.add(web);
            serving.add("DICOMweb on http://" + config.http().bind() + ":" + web.port() + DicomWebServer.BASE_PATH
                    + " (QIDO-RS, WADO-RS, STOW-RS, WADO-URI)");
            serving.add("Viewer launch on http://" + config.http().bind() + ":" + web.port()
                    + " (/viewer/weasis, /viewer/manifest, /IHEInvokeImageDisplay)");
            serving.add("REST API on http://" + config.http().bind() + ":" + web.port() + DicomWebServer.API_PATH
                    + " (orders, worklist, studies, reports, HL7 messages and outbox, health; openapi.yaml)");
            ris.start();
            serving.add("HL7 v2 (MLLP) on " + config.hl7().bind() + ":" + ris.hl7Port()
                    + " (ADT, ORM^O01, OMI^O23 in; ORU^R01" + (config.ris().sendStatusUpdates() ? ", OMG^O19" : "")
                    + " out to " + (config.hisDestinations().isEmpty() ? "no destination yet" : String.join(", ", config.hisDestinations().keySet())) + ")");
            // The DICOM port opens last: a modality that gets an association has the whole node
            // behind it, and a start that fails further up never acknowledged anything.
            ApplicationEntity ae = new ApplicationEntity(config.dicom().aet(), Set.of(), services, null);
            dicom = new DicomListener(ae, DicomListener.Options.of(config.dicom().port())
                    .withBindAddress(config.dicom().bind())).start();
            running.add(dicom);
            serving.addFirst("DICOM " + config.dicom().aet() + " on " + config.dicom().bind() + ":" + dicom.port()
                    + " (C-ECHO, C-STORE, C-FIND, C-MOVE, C-GET, Storage Commitment, Modality Worklist, MPPS)");
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start: " + e.getMessage(), e);
        }
        LOG.info("SEN-0002 Sen PACS {} started; data in {}", version(), config.data().toAbsolutePath().normalize());
        for (String line : serving) LOG.info("SEN-0005 serving {}", line);
    }

    /** The DICOM port listened on (the actual one when configured as 0). */
    public int dicomPort() {
        return dicom.port();
    }

    /** The HL7 (MLLP) port listened on. */
    public int hl7Port() {
        return ris.hl7Port();
    }

    /** The HTTP port listened on. */
    public int httpPort() {
        return web.port();
    }

    /** What this node serves, one line each. */
    public List<String> serving() {
        return List.copyOf(serving);
    }

    static String version() {
        String v = SenNode.class.getPackage().getImplementationVersion();
        return v == null ? "(development)" : v;
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LOG.warn("SEN-0006 error while stopping {}", running.get(i), e);
            }
        }
        running.clear();
    }
}
