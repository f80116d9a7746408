package org.senpacs.dicomweb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Writes a multipart/related body (RFC 2387) part by part, streaming. */
final class MultipartWriter {

    private final OutputStream out;
    private final String boundary;

    MultipartWriter(OutputStream out, String boundary) {
        this.out = out;
        this.boundary = boundary;
    }

    static String newBoundary() {
        return "sen-" + UUID.randomUUID();
    }

    /** The Content-Type of the whole body. */
    static String contentType(String partType, String boundary) {
        return "multipart/related; type=\"" + partType + "\"; boundary=" + boundary;
    }

    /** Starts a part; write its body to the stream, then start the next part or {@link #finish()}. */
    OutputStream startPart(String contentType, long length, String location) throws IOException {
        out.write(partHeader(boundary, contentType, length, location));
        return out;
    }

    void finish() throws IOException {
        out.write(closeDelimiter(boundary));
        out.flush();
    }

    /** The bytes written before a part's body: delimiter and headers (length -1: no Content-Length). */
    static byte[] partHeader(String boundary, String contentType, long length, String location) {
        StringBuilder h = new StringBuilder("\r\n--").append(boundary).append("\r\nContent-Type: ").append(contentType);
        if (length >= 0) h.append("\r\nContent-Length: ").append(length);
        if (location != null) h.append("\r\nContent-Location: ").append(location);
        h.append("\r\n\r\n");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The bytes that end the body. */
    static byte[] closeDelimiter(String boundary) {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
