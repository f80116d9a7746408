package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The STOW-RS multipart reader without sockets: delimiters split across reads, near-misses, limits. */
class MultipartReaderTest {

    /** Hands out at most {@code n} bytes per read, so delimiters straddle buffer refills. */
    static InputStream trickle(byte[] b, int n) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                return super.read(buf, off, Math.min(len, n));
            }
        };
    }

    @Test
    void partsComeBackExactly() throws Exception {
        Random rnd = new Random(7);
        byte[] a = new byte[200_000];
        rnd.nextBytes(a);
        // near-misses of the delimiter inside the body (the delimiter itself may not occur, RFC 2046)
        byte[] b = "x\r\n--bnX\r\n-\r\n--b\r\n--bn".getBytes(StandardCharsets.US_ASCII);
        byte[] body = WebFixture.multipart("bnd", a, b, new byte[0]);
        for (int n : new int[] {1, 3, 7, 4096, 1 << 20}) {
            MultipartReader r = new MultipartReader(trickle(body, n), "bnd");
            for (byte[] expected : new byte[][] {a, b, new byte[0]}) {
                Map<String, String> h = r.nextPart();
                assertEquals("application/dicom", h.get("content-type"));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                r.copyBody(out, Long.MAX_VALUE);
                assertArrayEquals(expected, out.toByteArray(), "read size " + n);
            }
            assertNull(r.nextPart());
        }
    }

    @Test
    void malformedAndOversized() throws Exception {
        byte[] body = WebFixture.multipart("bnd", new byte[1000]);
        MultipartReader cut = new MultipartReader(new ByteArrayInputStream(Arrays.copyOf(body, 500)), "bnd");
        cut.nextPart();
        assertThrows(MultipartReader.MalformedException.class, () -> cut.copyBody(OutputStreamSink.INSTANCE, Long.MAX_VALUE));
        MultipartReader big = new MultipartReader(new ByteArrayInputStream(body), "bnd");
        big.nextPart();
        assertThrows(MultipartReader.TooLargeException.class, () -> big.copyBody(OutputStreamSink.INSTANCE, 999));
        MultipartReader none = new MultipartReader(new ByteArrayInputStream(new byte[100_000]), "bnd");
        assertThrows(MultipartReader.MalformedException.class, none::nextPart);
        MultipartReader noHeaderEnd = new MultipartReader(new ByteArrayInputStream(
                "--bnd\r\nContent-Type: application/dicom".getBytes(StandardCharsets.US_ASCII)), "bnd");
        assertThrows(MultipartReader.MalformedException.class, noHeaderEnd::nextPart);
    }

    private static final class OutputStreamSink {
        static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
    }
}
