package org.senpacs.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a multipart body (RFC 2046 §5.1) part by part from a stream, holding at most one buffer:
 * each body is copied to a sink as it arrives. Header blocks, the preamble and each body are capped.
 */
final class MultipartReader {

    /** The body does not follow the multipart syntax (or ended early). */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** A part exceeded its size limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_PREAMBLE = 64 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;
    private boolean finished;

    MultipartReader(InputStream in, String boundary) {
        if (boundary.isEmpty() || boundary.length() > 70) throw new IllegalArgumentException("bad boundary");
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter may start the body: pretend a line break before it.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /**
     * Moves to the next part and returns its headers (names in lower case), or null after the
     * closing delimiter.
     */
    Map<String, String> nextPart() throws IOException {
        if (finished) return null;
        if (!started) {
            copyUntilDelimiter(OutputStream.nullOutputStream(), MAX_PREAMBLE, "preamble");
            started = true;
        }
        // after a delimiter: "--" closes, else optional whitespace and CRLF
        fill(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        while (true) {
            fill(1);
            if (pos < lim && (buf[pos] == ' ' || buf[pos] == '\t')) pos++;
            else break;
        }
        expectCrlf();
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine(MAX_HEADER_BYTES - total);
            total += line.length() + 2;
            if (line.isEmpty()) return headers;
            int colon = line.indexOf(':');
            if (colon <= 0) throw new MalformedException("malformed part header");
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    /** Copies the current part's body to {@code out}; at most {@code max} bytes. Returns the body's size. */
    long copyBody(OutputStream out, long max) throws IOException {
        return copyUntilDelimiter(out, max, "part");
    }

    private long copyUntilDelimiter(OutputStream out, long max, String what) throws IOException {
        long n = 0;
        while (true) {
            fill(delimiter.length);
            int found = indexOf(pos, lim);
            int upTo = found >= 0 ? found : Math.max(pos, lim - delimiter.length + 1);
            if (eof && found < 0) upTo = lim;
            n += upTo - pos;
            if (n > max) {
                if (what.equals("preamble")) throw new MalformedException("no multipart boundary found");
                throw new TooLargeException("a part is larger than the limit of " + max + " bytes");
            }
            out.write(buf, pos, upTo - pos);
            pos = upTo;
            if (found >= 0) {
                pos += delimiter.length;
                return n;
            }
            if (eof && pos == lim) throw new MalformedException("the body ended inside a " + what + " (truncated upload?)");
            compact();
            read();
        }
    }

    private int indexOf(int from, int to) {
        outer:
        for (int i = from; i <= to - delimiter.length; i++) {
            for (int k = 0; k < delimiter.length; k++) {
                if (buf[i + k] != delimiter[k]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private String readLine(int max) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            fill(2);
            if (pos >= lim) throw new MalformedException("the body ended inside part headers");
            if (buf[pos] == '\r' && pos + 1 < lim && buf[pos + 1] == '\n') {
                pos += 2;
                return sb.toString();
            }
            sb.append((char) (buf[pos++] & 0xFF));
            if (sb.length() > max) throw new MalformedException("part headers too long");
        }
    }

    private void expectCrlf() throws IOException {
        fill(2);
        if (lim - pos < 2 || buf[pos] != '\r' || buf[pos + 1] != '\n') throw new MalformedException("malformed boundary line");
        pos += 2;
    }

    /** Ensures {@code need} bytes are buffered from pos, unless the input ends first. */
    private void fill(int need) throws IOException {
        if (lim - pos >= need) return;
        compact();
        while (lim - pos < need && !eof) read();
    }

    private void compact() {
        if (pos == 0) return;
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
    }

    private void read() throws IOException {
        if (eof || lim == buf.length) return;
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) eof = true;
        else lim += r;
    }
}
