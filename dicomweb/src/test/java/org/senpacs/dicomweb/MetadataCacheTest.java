package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.json.DicomJsonReader;
import org.senpacs.dicom.xml.DicomXmlReader;

/**
 * Series metadata served from the cache: warm answers equal cold ones, stores and study changes
 * invalidate, study metadata is the series' put together; and metadata as multipart XML.
 */
class MetadataCacheTest {

    @TempDir
    static Path dir;
    static WebFixture web;

    static final String STUDY = "2.25.4001";

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture(dir);
        for (int series = 1; series <= 3; series++) {
            for (int n = 1; n <= 4; n++) store(series, n);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    static void store(int series, int n) throws Exception {
        web.store(new WebFixture.Spec("BN400", "PHẠM^VĂN ĐỒNG", STUDY, "20250301", "MR", STUDY + "." + series,
                STUDY + "." + series + "." + n, n, 1, UID.ExplicitVRLittleEndian));
    }

    static String seriesUrl(int series) {
        return web.base + "/studies/" + STUDY + "/series/" + STUDY + "." + series;
    }

    static List<DataSet> json(WebFixture.Answer a) throws Exception {
        assertEquals(200, a.status(), a.text());
        assertEquals("application/dicom+json", a.header("content-type"));
        return new DicomJsonReader().readDataSets(new ByteArrayInputStream(a.body()));
    }

    static List<String> sops(List<DataSet> md) {
        return md.stream().map(d -> d.getString(Tag.SOPInstanceUID)).toList();
    }

    @Test
    void warmEqualsColdAndAStoredInstanceShowsUp() throws Exception {
        WebFixture.Answer cold = web.curl("-H", "Accept: application/dicom+json", seriesUrl(1) + "/metadata");
        WebFixture.Answer warm = web.curl(seriesUrl(1) + "/metadata");
        assertArrayEquals(cold.body(), warm.body());
        assertEquals(List.of(STUDY + ".1.1", STUDY + ".1.2", STUDY + ".1.3", STUDY + ".1.4"), sops(json(warm)));
        DataSet first = json(warm).get(0);
        assertEquals("PHẠM^VĂN ĐỒNG", first.getString(Tag.PatientName));
        assertEquals(seriesUrl(1) + "/instances/" + STUDY + ".1.1/bulkdata/7FE00010", first.getBulkData(Tag.PixelData).uri());

        store(1, 5);
        List<DataSet> after = json(web.curl(seriesUrl(1) + "/metadata"));
        assertEquals(5, after.size());
        assertEquals(STUDY + ".1.5", after.get(4).getString(Tag.SOPInstanceUID));
        // another host name in the request: BulkDataURIs follow it
        WebFixture.Answer other = web.curl("-H", "Host: pacs.example:8080", seriesUrl(1) + "/metadata");
        assertTrue(other.text().contains("http://pacs.example:8080/dicom-web/studies/"), other.text());
        assertTrue(web.curl(seriesUrl(1) + "/metadata").text().contains(web.base + "/studies/"));
    }

    @Test
    void warmAnswersComeFromTheCacheUntilTheStudyChanges() throws Exception {
        json(web.curl(seriesUrl(2) + "/metadata")); // builds the entry
        Item item = item(STUDY + ".2.3");
        byte[] file = web.storedFile(STUDY, STUDY + ".2.3");
        web.archive.storage().delete(item.storageKey()); // behind the archive's back: a build would fail now
        try {
            assertEquals(4, json(web.curl(seriesUrl(2) + "/metadata")).size()); // from the cache
            web.archive.events().fireStudyChanged(STUDY);
            assertEquals(500, web.curl(seriesUrl(2) + "/metadata").status()); // rebuilt: the file is missing
        } finally {
            restore(new org.senpacs.dicom.io.DataSetReader().read(new ByteArrayInputStream(file)).dataSet());
        }
        assertEquals(4, json(web.curl(seriesUrl(2) + "/metadata")).size());
    }

    /** Puts the file back under its key, as it was. */
    private static void restore(DataSet ds) throws Exception {
        Item item = item(ds.getString(Tag.SOPInstanceUID));
        byte[] bytes = part10(ds);
        try (var pending = web.archive.storage().create(item.storageKey())) {
            pending.output().write(bytes);
            pending.commit(false);
        }
    }

    private static byte[] part10(DataSet ds) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new org.senpacs.dicom.io.DataSetWriter().writeFile(out,
                org.senpacs.dicom.io.DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        return out.toByteArray();
    }

    private static Item item(String sop) throws Exception {
        DataSet keys = new DataSet();
        keys.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        keys.setString(Tag.SOPInstanceUID, VR.UI, sop);
        return web.archive.retrieve().locate(Level.IMAGE, keys).get(0);
    }

    @Test
    void studyMetadataIsItsSeriesPutTogether() throws Exception {
        json(web.curl(seriesUrl(3) + "/metadata")); // one series cached, the others not yet
        List<DataSet> study = json(web.curl(web.base + "/studies/" + STUDY + "/metadata"));
        List<String> expected = new java.util.ArrayList<>();
        for (int s = 1; s <= 3; s++) expected.addAll(sops(json(web.curl(seriesUrl(s) + "/metadata"))));
        assertEquals(expected, sops(study));
        assertEquals(expected, sops(json(web.curl(web.base + "/studies/" + STUDY + "/metadata"))));
    }

    @Test
    void metadataAsMultipartXmlMatchesJson() throws Exception {
        String xml = "Accept: multipart/related; type=\"application/dicom+xml\"";
        for (String url : List.of(seriesUrl(3) + "/metadata", web.base + "/studies/" + STUDY + "/metadata",
                seriesUrl(3) + "/instances/" + STUDY + ".3.2/metadata")) {
            List<DataSet> fromJson = json(web.curl(url));
            List<WebFixture.Part> parts = WadoRsTest.multipart(web.curl("-H", xml, url));
            assertEquals(fromJson.size(), parts.size(), url);
            for (int i = 0; i < parts.size(); i++) {
                assertEquals("application/dicom+xml", parts.get(i).headers().get("content-type"));
                DataSet fromXml = new DicomXmlReader().readDataSet(new ByteArrayInputStream(parts.get(i).body()));
                assertEquals(fromJson.get(i), fromXml, url + " part " + i);
            }
        }
        assertEquals(406, web.curl("-H", "Accept: text/html", seriesUrl(3) + "/metadata").status());
    }

    @Test
    void qidoAsMultipartXml() throws Exception {
        String url = web.base + "/studies/" + STUDY + "/series?includefield=all";
        List<DataSet> fromJson = json(web.curl(url));
        List<WebFixture.Part> parts = WadoRsTest.multipart(web.curl("-H",
                "Accept: multipart/related; type=\"application/dicom+xml\"", url));
        assertEquals(3, parts.size());
        for (int i = 0; i < parts.size(); i++) {
            DataSet fromXml = new DicomXmlReader().readDataSet(new ByteArrayInputStream(parts.get(i).body()));
            assertEquals(fromJson.get(i), fromXml);
        }
        assertEquals(406, web.curl("-H", "Accept: application/dicom+xml", url).status()); // XML comes as multipart only
    }

    @Test
    void unknownSeriesAndBadUids() throws Exception {
        assertEquals(404, web.curl(web.base + "/studies/" + STUDY + "/series/2.25.9/metadata").status());
        assertEquals(404, web.curl(web.base + "/studies/2.25.9/series/" + STUDY + ".1/metadata").status());
        assertEquals(400, web.curl(web.base + "/studies/" + STUDY + "/series/1..2/metadata").status());
    }
}
