package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;

/**
 * Rendered images and thumbnails against a running server, fetched with curl and decoded with
 * ImageIO: synthetic images whose displayed values follow from PS3.3's VOI functions.
 */
class RenderedTest {

    @TempDir
    static Path dir;
    static WebFixture web;

    static final String STUDY = "2.25.3001";
    static final String SERIES = "2.25.3001.1";
    static final String THUMBS = "2.25.3001.2";
    static final String CT = "2.25.3001.1.1";
    static final String MONO1 = "2.25.3001.1.2";
    static final String RGB = "2.25.3001.1.3";
    static final String YBR = "2.25.3001.1.4";
    static final String MULTI = "2.25.3001.1.5";
    static final String JPEG = "2.25.3001.1.6";

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture(dir);
        // CT: 12 bits stored of 16, signed, junk in the unused high bits; Rescale 2, -1024; window 40/400
        DataSet ct = base(CT, SERIES, 1, 8, 16, 16, 12, true, "MONOCHROME2", 1);
        byte[] px = new byte[8 * 16 * 2];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                int raw = (ctStored(x, y) & 0xFFF) | 0xA000;
                px[2 * (y * 16 + x)] = (byte) raw;
                px[2 * (y * 16 + x) + 1] = (byte) (raw >> 8);
            }
        }
        ct.setString(Tag.RescaleSlope, VR.DS, "2");
        ct.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        ct.setString(Tag.WindowCenter, VR.DS, "40");
        ct.setString(Tag.WindowWidth, VR.DS, "400");
        ct.setBytes(Tag.PixelData, VR.OW, px);
        web.store(ct, UID.ExplicitVRLittleEndian);

        DataSet mono1 = base(MONO1, SERIES, 2, 4, 4, 8, 8, false, "MONOCHROME1", 1);
        byte[] m = new byte[16];
        for (int i = 0; i < 16; i++) m[i] = (byte) (i * 16);
        mono1.setBytes(Tag.PixelData, VR.OB, m);
        web.store(mono1, UID.ImplicitVRLittleEndian);

        DataSet rgb = base(RGB, SERIES, 3, 2, 2, 8, 8, false, "RGB", 1);
        rgb.setInt(Tag.SamplesPerPixel, VR.US, 3);
        rgb.setInt(Tag.PlanarConfiguration, VR.US, 1);
        // planes: R of the 4 pixels, then G, then B
        rgb.setBytes(Tag.PixelData, VR.OB, new byte[] {(byte) 255, 0, 0, 10, 0, (byte) 255, 0, 20, 0, 0, (byte) 255, 30});
        web.store(rgb, UID.ExplicitVRLittleEndian);

        DataSet ybr = base(YBR, SERIES, 4, 2, 2, 8, 8, false, "YBR_FULL", 1);
        ybr.setInt(Tag.SamplesPerPixel, VR.US, 3);
        ybr.setInt(Tag.PlanarConfiguration, VR.US, 0);
        ybr.setBytes(Tag.PixelData, VR.OB, YBR_PIXELS);
        web.store(ybr, UID.ExplicitVRLittleEndian);

        DataSet multi = base(MULTI, SERIES, 5, 4, 4, 16, 16, false, "MONOCHROME2", 3);
        multi.setString(Tag.WindowCenter, VR.DS, "2000");
        multi.setString(Tag.WindowWidth, VR.DS, "4001");
        byte[] mf = new byte[3 * 16 * 2];
        for (int f = 0; f < 3; f++) {
            for (int i = 0; i < 16; i++) {
                int v = (f + 1) * 1000;
                mf[2 * (f * 16 + i)] = (byte) v;
                mf[2 * (f * 16 + i) + 1] = (byte) (v >> 8);
            }
        }
        multi.setBytes(Tag.PixelData, VR.OW, mf);
        web.store(multi, UID.ExplicitVRLittleEndian);

        DataSet jpeg = base(JPEG, SERIES, 6, 4, 4, 8, 8, false, "MONOCHROME2", 1);
        Fragments frags = new Fragments();
        frags.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, (byte) 0xFF, (byte) 0xD9});
        jpeg.setFragments(Tag.PixelData, VR.OB, frags);
        web.store(jpeg, UID.JPEGBaseline8Bit);

        // thumbnails: three flat 8-bit images, 32 rows by 64 columns, values 10, 20, 30
        for (int n = 3; n >= 1; n--) {
            DataSet t = base(THUMBS + "." + n, THUMBS, n, 32, 64, 8, 8, false, "MONOCHROME2", 1);
            t.setString(Tag.WindowCenter, VR.DS, "128");
            t.setString(Tag.WindowWidth, VR.DS, "256");
            t.setBytes(Tag.PixelData, VR.OB, flat(32 * 64, n * 10));
            web.store(t, UID.ExplicitVRLittleEndian);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    static int ctStored(int x, int y) {
        return x * 100 - 800 + y;
    }

    static final byte[] YBR_PIXELS = {(byte) 128, (byte) 128, (byte) 128, 81, 90, (byte) 240, (byte) 145, 54, 34,
        41, (byte) 240, 110};

    static DataSet base(String sop, String series, int number, int rows, int columns, int allocated, int stored,
                        boolean signed, String photometric, int frames) {
        DataSet ds = WebFixture.image(new WebFixture.Spec("BN300", "LÊ^THỊ HOA", STUDY, "20250101", "CT", series, sop, number,
                frames, UID.ExplicitVRLittleEndian));
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, columns);
        ds.setInt(Tag.BitsAllocated, VR.US, allocated);
        ds.setInt(Tag.BitsStored, VR.US, stored);
        ds.setInt(Tag.HighBit, VR.US, stored - 1);
        ds.setInt(Tag.PixelRepresentation, VR.US, signed ? 1 : 0);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, photometric);
        return ds;
    }

    static byte[] flat(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    // ---- the VOI functions of PS3.3 C.11.2.1.2 and C.11.2.1.3, output range 0..255

    static int linear(double x, double c, double w) {
        if (x <= c - 0.5 - (w - 1) / 2) return 0;
        if (x > c - 0.5 + (w - 1) / 2) return 255;
        return (int) Math.round(((x - (c - 0.5)) / (w - 1) + 0.5) * 255);
    }

    static int linearExact(double x, double c, double w) {
        if (x <= c - w / 2) return 0;
        if (x > c + w / 2) return 255;
        return (int) Math.round(((x - c) / w + 0.5) * 255);
    }

    static int sigmoid(double x, double c, double w) {
        return (int) Math.round(255 / (1 + Math.exp(-4 * (x - c) / w)));
    }

    static String url(String sop, String rest) {
        return web.base + "/studies/" + STUDY + "/series/" + SERIES + "/instances/" + sop + rest;
    }

    static BufferedImage image(WebFixture.Answer a, String type) throws Exception {
        assertEquals(200, a.status(), a.text());
        assertEquals(type, a.header("content-type"));
        return ImageIO.read(new ByteArrayInputStream(a.body()));
    }

    static int gray(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }

    @Test
    void ctWithTheObjectsWindowAndRescaleAsPng() throws Exception {
        BufferedImage img = image(web.curl("-H", "Accept: image/png", url(CT, "/rendered")), "image/png");
        assertEquals(16, img.getWidth());
        assertEquals(8, img.getHeight());
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                assertEquals(linear(2.0 * ctStored(x, y) - 1024, 40, 400), gray(img, x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void windowFromTheRequestWithEachFunction() throws Exception {
        BufferedImage exact = image(web.curl(url(CT, "/rendered?window=-500,1000,linear-exact&accept=image/png")), "image/png");
        BufferedImage sig = image(web.curl("-H", "Accept: image/png", url(CT, "/rendered?window=-300,900,SIGMOID")), "image/png");
        for (int x = 0; x < 16; x++) {
            double v = 2.0 * ctStored(x, 3) - 1024;
            assertEquals(linearExact(v, -500, 1000), gray(exact, x, 3), "linear-exact at " + x);
            assertEquals(sigmoid(v, -300, 900), gray(sig, x, 3), "sigmoid at " + x);
        }
    }

    @Test
    void monochrome1IsInverted() throws Exception {
        BufferedImage windowed = image(web.curl(url(MONO1, "/rendered?window=128,256&accept=image/png")), "image/png");
        BufferedImage full = image(web.curl(url(MONO1, "/rendered?accept=image/png")), "image/png");
        for (int i = 0; i < 16; i++) assertEquals(255 - linear(i * 16, 128, 256), gray(windowed, i % 4, i / 4), "pixel " + i);
        assertEquals(255, gray(full, 0, 0)); // no window anywhere: the frame's range, lowest shown white
        assertEquals(0, gray(full, 3, 3));
    }

    @Test
    void rgbPlanarAndYbrFull() throws Exception {
        BufferedImage rgb = image(web.curl(url(RGB, "/rendered?accept=image/png")), "image/png");
        assertEquals(0xFF0000, rgb.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x00FF00, rgb.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0x0000FF, rgb.getRGB(0, 1) & 0xFFFFFF);
        assertEquals(0x0A141E, rgb.getRGB(1, 1) & 0xFFFFFF);
        BufferedImage ybr = image(web.curl(url(YBR, "/rendered?accept=image/png")), "image/png");
        for (int i = 0; i < 4; i++) {
            int y = YBR_PIXELS[3 * i] & 0xFF;
            int cb = (YBR_PIXELS[3 * i + 1] & 0xFF) - 128;
            int cr = (YBR_PIXELS[3 * i + 2] & 0xFF) - 128;
            int[] want = {clamp(y + 1.402 * cr), clamp(y - 0.344136 * cb - 0.714136 * cr), clamp(y + 1.772 * cb)};
            int got = ybr.getRGB(i % 2, i / 2);
            int[] have = {got >> 16 & 0xFF, got >> 8 & 0xFF, got & 0xFF};
            for (int k = 0; k < 3; k++) assertTrue(Math.abs(want[k] - have[k]) <= 1, "pixel " + i + " sample " + k);
        }
    }

    static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Test
    void framesOfAMultiFrameImage() throws Exception {
        BufferedImage second = image(web.curl(url(MULTI, "/frames/2/rendered?accept=image/png")), "image/png");
        assertEquals(linear(2000, 2000, 4001), gray(second, 2, 2));
        List<WebFixture.Part> parts = WadoRsTest.multipart(web.curl("-H", "Accept: multipart/related; type=\"image/png\"",
                url(MULTI, "/frames/3,1/rendered")));
        assertEquals(2, parts.size());
        assertEquals("image/png", parts.get(0).headers().get("content-type"));
        assertEquals(linear(3000, 2000, 4001), gray(ImageIO.read(new ByteArrayInputStream(parts.get(0).body())), 0, 0));
        assertEquals(linear(1000, 2000, 4001), gray(ImageIO.read(new ByteArrayInputStream(parts.get(1).body())), 0, 0));
        assertEquals(3, WadoRsTest.multipart(web.curl(url(MULTI, "/rendered"))).size()); // every frame, as JPEG
        assertEquals(404, web.curl(url(MULTI, "/frames/4/rendered")).status());
    }

    @Test
    void jpegByDefaultWithViewportAndQuality() throws Exception {
        String first = web.base + "/studies/" + STUDY + "/series/" + THUMBS + "/instances/" + THUMBS + ".1";
        BufferedImage img = image(web.curl(first + "/rendered?quality=100"), "image/jpeg");
        assertEquals(64, img.getWidth());
        assertEquals(32, img.getHeight());
        int want = linear(10, 128, 256);
        for (int y = 0; y < 32; y += 5) {
            for (int x = 0; x < 64; x += 7) assertTrue(Math.abs(gray(img, x, y) - want) <= 2, "pixel " + x + "," + y);
        }
        BufferedImage scaled = image(web.curl(first + "/rendered?viewport=100,100&quality=10"), "image/jpeg");
        assertEquals(100, scaled.getWidth()); // aspect kept: 64x32 fits 100x100 as 100x50
        assertEquals(50, scaled.getHeight());
    }

    @Test
    void thumbnailsOfSeriesStudyAndInstance() throws Exception {
        String series = web.base + "/studies/" + STUDY + "/series/" + THUMBS;
        BufferedImage s = image(web.curl(series + "/thumbnail?accept=image/png"), "image/png");
        assertEquals(128, s.getWidth()); // 64x32 fitted into 128x128
        assertEquals(64, s.getHeight());
        assertEquals(linear(20, 128, 256), gray(s, 10, 10)); // the middle instance (number 2)
        BufferedImage small = image(web.curl(series + "/thumbnail?viewport=10,10&accept=image/png"), "image/png");
        assertEquals(10, small.getWidth());
        assertEquals(5, small.getHeight());
        BufferedImage study = image(web.curl(web.base + "/studies/" + STUDY + "/thumbnail?accept=image/png"), "image/png");
        assertEquals(linear(2.0 * ctStored(0, 0) - 1024, 40, 400), gray(study, 0, 0)); // the first image: the CT
        assertEquals(128, study.getWidth());
        BufferedImage frame = image(web.curl(url(MULTI, "/frames/3/thumbnail?accept=image/png")), "image/png");
        assertEquals(linear(3000, 2000, 4001), gray(frame, 5, 5));
        assertEquals("image/jpeg", web.curl(url(CT, "/thumbnail")).header("content-type"));
    }

    @Test
    void studyAndSeriesRenderedAreMultipart() throws Exception {
        List<WebFixture.Part> parts = WadoRsTest.multipart(web.curl("-H", "Accept: multipart/related; type=\"image/jpeg\"",
                web.base + "/studies/" + STUDY + "/series/" + THUMBS + "/rendered"));
        assertEquals(3, parts.size());
        for (WebFixture.Part p : parts) assertEquals(64, ImageIO.read(new ByteArrayInputStream(p.body())).getWidth());
        // the study holds a compressed image: refused before anything is sent
        assertEquals(406, web.curl(web.base + "/studies/" + STUDY + "/rendered").status());
    }

    @Test
    void compressedImagesAreRefusedUntilTheCodecs() throws Exception {
        for (String path : List.of("/rendered", "/thumbnail", "/frames/1/rendered")) {
            WebFixture.Answer a = web.curl(url(JPEG, path));
            assertEquals(406, a.status(), path);
            assertEquals(Problems.MEDIA_TYPE, a.header("content-type"));
            assertTrue(a.text().contains("compressed"), a.text());
        }
    }

    @Test
    void wadoUriRendersWithItsOwnParameters() throws Exception {
        String q = web.base + "/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES + "&objectUID=";
        BufferedImage img = image(web.curl(q + CT + "&contentType=image/png&windowCenter=-500&windowWidth=1000&columns=8"),
                "image/png");
        assertEquals(8, img.getWidth()); // 16x8 fitted into 8 columns
        assertEquals(4, img.getHeight());
        BufferedImage full = image(web.curl(q + CT + "&contentType=image/png&windowCenter=-500&windowWidth=1000"), "image/png");
        for (int x = 0; x < 16; x++) assertEquals(linear(2.0 * ctStored(x, 5) - 1024, -500, 1000), gray(full, x, 5));
        BufferedImage third = image(web.curl(q + MULTI + "&contentType=image/png&frameNumber=3"), "image/png");
        assertEquals(linear(3000, 2000, 4001), gray(third, 1, 1));
        assertEquals(400, web.curl(q + CT + "&windowCenter=40").status());
        assertEquals(400, web.curl(q + CT + "&imageQuality=0").status());
        assertEquals(404, web.curl(q + MULTI + "&frameNumber=9").status());
        assertEquals(406, web.curl(q + JPEG).status());
    }

    @Test
    void badParametersAre400() throws Exception {
        for (String q : List.of("window=abc", "window=40", "window=40,0", "window=40,0.5", "window=40,400,cubic",
                "viewport=0,10", "viewport=10", "viewport=10,x", "viewport=99999,10", "quality=0", "quality=101",
                "quality=high", "quality=50&quality=60")) {
            WebFixture.Answer a = web.curl(url(CT, "/rendered?" + q));
            assertEquals(400, a.status(), q + ": " + a.text());
            assertEquals(Problems.MEDIA_TYPE, a.header("content-type"), q);
        }
        assertEquals(400, web.curl(url(CT, "/frames/0/rendered")).status());
        assertEquals(400, web.curl(url(MULTI, "/frames/1,2/thumbnail")).status());
        assertEquals(406, web.curl("-H", "Accept: text/html", url(CT, "/rendered")).status());
        assertEquals(404, web.curl(url("2.25.3001.1.99", "/rendered")).status());
        assertEquals(400, web.curl(url("1.2.abc", "/rendered")).status());
    }
}
