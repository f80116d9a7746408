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
 */
public record DicomWebOptions(String bind, int port, List<String> allowedOrigins, long maxPartSize, int maxParts,
                              Path tempDir, long maxTranscodeSize) {

    public DicomWebOptions {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    public static final DicomWebOptions DEFAULT = new DicomWebOptions("0.0.0.0", 8080, List.of("*"), 2L << 30, 10_000,
            Path.of(System.getProperty("java.io.tmpdir")), 256L << 20);

    public DicomWebOptions withBind(String bind, int port) {
        return new DicomWebOptions(bind, port, allowedOrigins, maxPartSize, maxParts, tempDir, maxTranscodeSize);
    }

    public DicomWebOptions withAllowedOrigins(List<String> origins) {
        return new DicomWebOptions(bind, port, origins, maxPartSize, maxParts, tempDir, maxTranscodeSize);
    }

    public DicomWebOptions withMaxPartSize(long max) {
        return new DicomWebOptions(bind, port, allowedOrigins, max, maxParts, tempDir, maxTranscodeSize);
    }

    public DicomWebOptions withTempDir(Path dir) {
        return new DicomWebOptions(bind, port, allowedOrigins, maxPartSize, maxParts, dir, maxTranscodeSize);
    }

    boolean allowsAnyOrigin() {
        return allowedOrigins.contains("*");
    }
}
