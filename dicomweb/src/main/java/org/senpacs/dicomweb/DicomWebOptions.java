package org.senpacs.dicomweb;

import java.nio.file.Path;
import java.util.List;

/**
 * How the DICOMweb server listens and what it accepts.
 *
 * @param bind the address to listen on ("0.0.0.0" for all)
 * @param port the TCP port; 0 picks a free one ({@link DicomWebServer#port()} tells which)
 * @param allowedOrigins CORS origins allowed to read answers; "*" allows any
 * @param maxPartSize the largest STOW-RS part accepted, in bytes (a larger one is refused with 413)
 * @param maxParts the most parts in one STOW-RS request
 * @param tempDir where STOW-RS parts are spilled while a request is received
 * @param maxTranscodeSize the largest instance converted to another uncompressed transfer syntax
 *     (conversion holds the instance in memory)
 * @param metadataCacheSize the memory the series metadata cache may use, in bytes; 0 turns it off
 */
public record DicomWebOptions(String bind, int port, List<String> allowedOrigins, long maxPartSize, int maxParts,
                              Path tempDir, long maxTranscodeSize, long metadataCacheSize) {

    /** The default size of the series metadata cache: 64 MB. */
    public static final long DEFAULT_METADATA_CACHE_SIZE = 64L << 20;

    public DicomWebOptions {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (metadataCacheSize < 0) throw new IllegalArgumentException("metadata cache size below 0: " + metadataCacheSize);
    }

    /** Options with the default metadata cache size. */
    public DicomWebOptions(String bind, int port, List<String> allowedOrigins, long maxPartSize, int maxParts,
                           Path tempDir, long maxTranscodeSize) {
        this(bind, port, allowedOrigins, maxPartSize, maxParts, tempDir, maxTranscodeSize, DEFAULT_METADATA_CACHE_SIZE);
    }

    public static final DicomWebOptions DEFAULT = new DicomWebOptions("0.0.0.0", 8080, List.of("*"), 2L << 30, 10_000,
            Path.of(System.getProperty("java.io.tmpdir")), 256L << 20);

    public DicomWebOptions withBind(String bind, int port) {
        return new DicomWebOptions(bind, port, allowedOrigins, maxPartSize, maxParts, tempDir, maxTranscodeSize, metadataCacheSize);
    }

    public DicomWebOptions withAllowedOrigins(List<String> origins) {
        return new DicomWebOptions(bind, port, origins, maxPartSize, maxParts, tempDir, maxTranscodeSize, metadataCacheSize);
    }

    public DicomWebOptions withMaxPartSize(long max) {
        return new DicomWebOptions(bind, port, allowedOrigins, max, maxParts, tempDir, maxTranscodeSize, metadataCacheSize);
    }

    public DicomWebOptions withTempDir(Path dir) {
        return new DicomWebOptions(bind, port, allowedOrigins, maxPartSize, maxParts, dir, maxTranscodeSize, metadataCacheSize);
    }

    /** With a series metadata cache of {@code bytes} (0: no cache). */
    public DicomWebOptions withMetadataCacheSize(long bytes) {
        return new DicomWebOptions(bind, port, allowedOrigins, maxPartSize, maxParts, tempDir, maxTranscodeSize, bytes);
    }

    boolean allowsAnyOrigin() {
        return allowedOrigins.contains("*");
    }
}
