package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.json.DicomJsonReader;

/** WADO-RS and WADO-URI against a running server. */
class WadoRsTest {

    @TempDir
    static Path dir;
    static WebFixture web;

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    static List<WebFixture.Part> multipart(WebFixture.Answer a) {
        assertEquals(200, a.status(), a.text());
        assertTrue(a.header("content-type").startsWith("multipart/related"), a.header("content-type"));
        return WebFixture.parseMultipart(a.header("content-type"), a.body());
    }

    @Test
    void studyRetrievalIsByteIdenticalToTheStoredFiles() throws Exception {
        List<WebFixture.Part> parts = multipart(web.curl("-H", "Accept: multipart/related; type=\"application/dicom\"",
                web.base + "/studies/2.25.1001"));
        assertEquals(4, parts.size());
        for (WebFixture.Part p : parts) {
            assertEquals("application/dicom; transfer-syntax=" + UID.ExplicitVRLittleEndian, p.headers().get("content-type"));
            DicomFile f = new DataSetReader().read(new ByteArrayInputStream(p.body()));
            String sop = f.dataSet().getString(Tag.SOPInstanceUID);
            assertArrayEquals(web.storedFile("2.25.1001", sop), p.body(), sop);
            assertEquals("NGUYỄN^VĂN AN", f.dataSet().getString(Tag.PatientName));
        }
        // lenient Accept: unquoted type, transfer-syntax=*, a list with q-values, none at all
        assertEquals(4, multipart(web.get("/studies/2.25.1001", "Accept",
                "multipart/related; type=application/dicom; transfer-syntax=*")).size());
        assertEquals(1, multipart(web.get("/studies/2.25.1001/series/2.25.1001.2", "Accept",
                "application/json;q=0.5, multipart/related;type=\"application/dicom\";q=0.9")).size());
        assertEquals(1, multipart(web.get("/studies/2.25.1001/series/2.25.1001.1/instances/2.25.1001.1.2")).size());
    }

    @Test
    void convertsBetweenUncompressedSyntaxesAndRefusesOthers() throws Exception {
        List<WebFixture.Part> parts = multipart(web.get("/studies/2.25.1002", "Accept",
                "multipart/related; type=\"application/dicom\"; transfer-syntax=" + UID.ExplicitVRLittleEndian));
        assertEquals(2, parts.size());
        for (WebFixture.Part p : parts) {
            assertEquals("application/dicom; transfer-syntax=" + UID.ExplicitVRLittleEndian, p.headers().get("content-type"));
            DicomFile f = new DataSetReader().read(new ByteArrayInputStream(p.body()));
            assertEquals(UID.ExplicitVRLittleEndian, f.transferSyntax().uid());
            WebFixture.Spec spec = WebFixture.CORPUS.stream()
                    .filter(s -> s.sopUid().equals(f.dataSet().getString(Tag.SOPInstanceUID))).findFirst().orElseThrow();
            assertArrayEquals(WebFixture.pixels(spec), f.dataSet().getBytes(Tag.PixelData));
            assertEquals("NGUYỄN^THỊ BÍCH", f.dataSet().getString(Tag.PatientName));
        }
        WebFixture.Answer refused = web.get("/studies/2.25.1002", "Accept",
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50");
        assertEquals(406, refused.status());
        assertEquals(Problems.MEDIA_TYPE, refused.header("content-type"));
        assertEquals(406, web.get("/studies/2.25.1002", "Accept", "image/jpeg").status());
    }

    @Test
    void metadataWithBulkDataUrisAndBulkData() throws Exception {
        WebFixture.Answer a = web.curl("-H", "Accept: application/dicom+json", web.base + "/studies/2.25.1001/metadata");
        assertEquals(200, a.status(), a.text());
        List<DataSet> md = new DicomJsonReader().readDataSets(new ByteArrayInputStream(a.body()));
        assertEquals(4, md.size());
        for (DataSet ds : md) {
            assertEquals("NGUYỄN^VĂN AN", ds.getString(Tag.PatientName));
            assertEquals("ĐẶNG^VĂN ĐỨC", ds.getString(Tag.ReferringPhysicianName));
            BulkData px = ds.getBulkData(Tag.PixelData);
            String sop = ds.getString(Tag.SOPInstanceUID);
            assertEquals(web.base + "/studies/2.25.1001/series/" + ds.getString(Tag.SeriesInstanceUID) + "/instances/" + sop
                    + "/bulkdata/7FE00010", px.uri());
            WebFixture.Spec spec = WebFixture.CORPUS.stream().filter(s -> s.sopUid().equals(sop)).findFirst().orElseThrow();
            List<WebFixture.Part> bulk = multipart(web.curl("-H", "Accept: multipart/related; type=\"application/octet-stream\"", px.uri()));
            assertEquals(1, bulk.size());
            assertArrayEquals(WebFixture.pixels(spec), bulk.get(0).body());
        }
        assertEquals(1, new DicomJsonReader().readDataSets(new ByteArrayInputStream(
                web.get("/studies/2.25.1001/series/2.25.1001.2/metadata").body())).size());
        DataSet one = new DicomJsonReader().readDataSet(new ByteArrayInputStream(
                web.get("/studies/2.25.1004/series/2.25.1004.1/instances/2.25.1004.1.1/metadata").body()));
        assertEquals("TRẦN^VĂN CƯỜNG", one.getString(Tag.PatientName)); // stored deflated
    }

    @Test
    void framesOfAMultiFrameImage() throws Exception {
        WebFixture.Spec spec = WebFixture.CORPUS.get(3);
        byte[] px = WebFixture.pixels(spec);
        List<WebFixture.Part> frames = multipart(web.curl("-H", "Accept: multipart/related; type=application/octet-stream",
                web.base + "/studies/2.25.1001/series/2.25.1001.2/instances/2.25.1001.2.1/frames/3,1"));
        assertEquals(2, frames.size());
        assertArrayEquals(Arrays.copyOfRange(px, 64, 96), frames.get(0).body());
        assertArrayEquals(Arrays.copyOfRange(px, 0, 32), frames.get(1).body());
        assertEquals(404, web.get("/studies/2.25.1001/series/2.25.1001.2/instances/2.25.1001.2.1/frames/4").status());
        assertEquals(400, web.get("/studies/2.25.1001/series/2.25.1001.2/instances/2.25.1001.2.1/frames/0,x").status());
        List<WebFixture.Part> single = multipart(web.get("/studies/2.25.1002/series/2.25.1002.1/instances/2.25.1002.1.2/frames/1"));
        assertArrayEquals(WebFixture.pixels(WebFixture.CORPUS.get(5)), single.get(0).body());
    }

    @Test
    void wadoUri() throws Exception {
        String q = "/wado?requestType=WADO&studyUID=2.25.1001&seriesUID=2.25.1001.1&objectUID=2.25.1001.1.3";
        WebFixture.Answer a = web.curl(web.base + q + "&contentType=application/dicom");
        assertEquals(200, a.status(), a.text());
        assertEquals("application/dicom", a.header("content-type"));
        assertArrayEquals(web.storedFile("2.25.1001", "2.25.1001.1.3"), a.body());
        WebFixture.Answer jpeg = web.curl(web.base + q); // image/jpeg by default
        assertEquals(200, jpeg.status(), jpeg.text());
        assertEquals("image/jpeg", jpeg.header("content-type"));
        assertEquals(4, javax.imageio.ImageIO.read(new ByteArrayInputStream(jpeg.body())).getWidth());
        assertEquals(406, web.get(q + "&contentType=text/html").status());
        assertEquals(404, web.get("/wado?requestType=WADO&studyUID=2.25.1001&seriesUID=2.25.1001.1&objectUID=2.25.9&contentType=application/dicom").status());
        assertEquals(400, web.get("/wado?requestType=XYZ&studyUID=2.25.1001&seriesUID=2.25.1001.1&objectUID=2.25.9").status());
    }
}
