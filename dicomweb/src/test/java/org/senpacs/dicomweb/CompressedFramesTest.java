package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;

/**
 * WADO-RS frames of compressed instances: the stored fragments of each frame, with the media
 * type of the stored transfer syntax, or 406 when the client wants them converted.
 */
class CompressedFramesTest {

    @TempDir
    static Path dir;
    static WebFixture web;

    static final String STUDY = "2.25.5001";
    static final String SERIES = "2.25.5001.1";
    static final String SINGLE = "2.25.5001.1.1";     // one frame in two fragments
    static final String ONE_EACH = "2.25.5001.1.2";   // three frames, a fragment each
    static final String WITH_TABLE = "2.25.5001.1.3"; // two frames of two fragments, Basic Offset Table
    static final String JLS = "2.25.5001.1.4";        // JPEG-LS, one frame

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture(dir);
        store(SINGLE, 1, UID.JPEGBaseline8Bit, null, fragment(1, 10), fragment(2, 6));
        store(ONE_EACH, 3, UID.JPEGBaseline8Bit, null, fragment(3, 8), fragment(4, 12), fragment(5, 4));
        // offsets from the first fragment's item tag: frame 2 starts after two items of 8 + 10 and 8 + 6 bytes
        store(WITH_TABLE, 2, UID.JPEGLosslessSV1, offsets(0, 8 + 10 + 8 + 6), fragment(6, 10), fragment(7, 6), fragment(8, 4),
                fragment(9, 2));
        store(JLS, 1, UID.JPEGLSLossless, null, fragment(10, 14));
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    static byte[] fragment(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (seed * 31 + i * 7);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        return b;
    }

    static byte[] offsets(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return b.array();
    }

    static void store(String sop, int frames, String ts, byte[] table, byte[]... fragments) throws Exception {
        DataSet ds = WebFixture.image(new WebFixture.Spec("BN500", "VŨ^THỊ MAI", STUDY, "20250401", "CT", SERIES, sop, 1, frames, ts));
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        Fragments f = new Fragments();
        if (table != null) f.setOffsetTable(table);
        for (byte[] b : fragments) f.add(b);
        ds.setFragments(Tag.PixelData, VR.OB, f);
        web.store(ds, ts);
    }

    static String url(String sop, String frames) {
        return web.base + "/studies/" + STUDY + "/series/" + SERIES + "/instances/" + sop + "/frames/" + frames;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Test
    void framesAreTheStoredFragmentsWithTheirMediaType() throws Exception {
        List<WebFixture.Part> one = WadoRsTest.multipart(web.curl("-H", "Accept: multipart/related; type=\"image/jpeg\"",
                url(SINGLE, "1")));
        assertEquals(1, one.size());
        assertEquals("image/jpeg; transfer-syntax=" + UID.JPEGBaseline8Bit, one.get(0).headers().get("content-type"));
        assertArrayEquals(concat(fragment(1, 10), fragment(2, 6)), one.get(0).body());
        assertArrayEquals(storedFragments(SINGLE), one.get(0).body()); // as the archive holds them

        List<WebFixture.Part> each = WadoRsTest.multipart(web.curl(url(ONE_EACH, "3,1")));
        assertEquals(2, each.size());
        assertArrayEquals(fragment(5, 4), each.get(0).body());
        assertArrayEquals(fragment(3, 8), each.get(1).body());

        List<WebFixture.Part> table = WadoRsTest.multipart(web.curl("-H",
                "Accept: multipart/related; type=\"image/jpeg\"; transfer-syntax=" + UID.JPEGLosslessSV1, url(WITH_TABLE, "2,1")));
        assertEquals("image/jpeg; transfer-syntax=" + UID.JPEGLosslessSV1, table.get(0).headers().get("content-type"));
        assertArrayEquals(concat(fragment(8, 4), fragment(9, 2)), table.get(0).body());
        assertArrayEquals(concat(fragment(6, 10), fragment(7, 6)), table.get(1).body());

        List<WebFixture.Part> jls = WadoRsTest.multipart(web.curl("-H", "Accept: multipart/related; type=image/jls", url(JLS, "1")));
        assertEquals("image/jls; transfer-syntax=" + UID.JPEGLSLossless, jls.get(0).headers().get("content-type"));
        assertArrayEquals(fragment(10, 14), jls.get(0).body());
    }

    /** The fragments of the stored file's Pixel Data, read with the toolkit's own reader. */
    static byte[] storedFragments(String sop) throws Exception {
        DataSet ds = new DataSetReader().read(new ByteArrayInputStream(web.storedFile(STUDY, sop))).dataSet();
        Fragments f = ds.getFragments(Tag.PixelData);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o : f.fragments()) out.writeBytes((byte[]) o);
        return out.toByteArray();
    }

    @Test
    void octetStreamAsStoredWhenAskedWithItsTransferSyntax() throws Exception {
        List<WebFixture.Part> parts = WadoRsTest.multipart(web.curl("-H",
                "Accept: multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", url(ONE_EACH, "2")));
        assertEquals("application/octet-stream; transfer-syntax=" + UID.JPEGBaseline8Bit, parts.get(0).headers().get("content-type"));
        assertArrayEquals(fragment(4, 12), parts.get(0).body());
    }

    @Test
    void conversionsAreNotAcceptable() throws Exception {
        for (String accept : List.of("multipart/related; type=\"application/octet-stream\"",
                "multipart/related; type=\"image/jls\"",
                "multipart/related; type=\"image/jpeg\"; transfer-syntax=" + UID.JPEGLosslessSV1,
                "application/dicom")) {
            WebFixture.Answer a = web.curl("-H", "Accept: " + accept, url(SINGLE, "1"));
            assertEquals(406, a.status(), accept);
            assertEquals(Problems.MEDIA_TYPE, a.header("content-type"));
            assertTrue(a.text().contains(UID.JPEGBaseline8Bit), a.text());
        }
        assertEquals(404, web.curl(url(ONE_EACH, "4")).status());
    }
}
