package org.senpacs.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** GET /viewer/weasis and /viewer/manifest: launch URIs, and manifests valid against the Weasis 2.5 schema. */
class ManifestTest {

    @TempDir
    static Path dir;
    static ViewerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ViewerFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void studyLaunchListsEveryInstanceWithVietnameseNamesIntact() throws Exception {
        String command = ViewerFixture.weasisCommand(fx.get("/viewer/weasis?studyUID=2.25.2001"));
        String url = ViewerFixture.manifestUrl(command);
        assertTrue(url.startsWith(fx.base + "/viewer/manifest?studyUID=2.25.2001&token="), url);

        HttpResponse<byte[]> r = fx.getUrl(url);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/xml"));
        Document doc = ViewerFixture.parseValid(r.body());
        assertEquals(new TreeSet<>(ViewerFixture.sopUids("2.25.2001")), new TreeSet<>(ViewerFixture.attrs(doc, "Instance", "SOPInstanceUID")));
        assertEquals(List.of("NGUYỄN^VĂN AN"), ViewerFixture.attrs(doc, "Patient", "PatientName"));
        assertEquals(List.of("BN001"), ViewerFixture.attrs(doc, "Patient", "PatientID"));
        assertEquals(List.of("BVBM"), ViewerFixture.attrs(doc, "Patient", "IssuerOfPatientID"));
        assertEquals(List.of("19800101"), ViewerFixture.attrs(doc, "Patient", "PatientBirthDate"));
        assertEquals(List.of("F"), ViewerFixture.attrs(doc, "Patient", "PatientSex"));
        assertEquals(List.of("Chụp CT ngực"), ViewerFixture.attrs(doc, "Study", "StudyDescription"));
        assertEquals(List.of("ĐẶNG^VĂN ĐỨC"), ViewerFixture.attrs(doc, "Study", "ReferringPhysicianName"));
        assertEquals(List.of("20230115"), ViewerFixture.attrs(doc, "Study", "StudyDate"));
        assertEquals(List.of("101500"), ViewerFixture.attrs(doc, "Study", "StudyTime"));
        assertEquals(List.of("ACC2001"), ViewerFixture.attrs(doc, "Study", "AccessionNumber"));
        assertEquals(List.of("2.25.2001.1", "2.25.2001.2"), ViewerFixture.attrs(doc, "Series", "SeriesInstanceUID"));
        assertEquals(List.of("CT", "CT"), ViewerFixture.attrs(doc, "Series", "Modality"));
        assertEquals(List.of("1", "2"), ViewerFixture.attrs(doc, "Series", "SeriesNumber"));
        assertEquals(List.of("Lát cắt 1", "Lát cắt 2"), ViewerFixture.attrs(doc, "Series", "SeriesDescription"));
        assertEquals(List.of("1", "2", "3", "1"), ViewerFixture.attrs(doc, "Instance", "InstanceNumber"));

        Element arc = (Element) doc.getElementsByTagNameNS(ManifestWriter.NAMESPACE, "arcQuery").item(0);
        assertEquals(ViewerFixture.WADO, arc.getAttribute("baseUrl"));
        assertEquals("false", arc.getAttribute("requireOnlySOPInstanceUID"));
        assertTrue(arc.hasAttribute("additionnalParameters"));
        assertTrue(arc.hasAttribute("additionalParameters"));
        // the raw bytes are UTF-8
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("PatientName=\"NGUYỄN^VĂN AN\""));
    }

    @Test
    void gzipWhenAsked() throws Exception {
        String url = ViewerFixture.manifestUrl(ViewerFixture.weasisCommand(fx.get("/viewer/weasis?studyUID=2.25.2002")));
        HttpResponse<byte[]> r = fx.getUrl(url, "Accept-Encoding", "gzip, deflate");
        assertEquals(200, r.statusCode());
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(null));
        byte[] xml = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        Document doc = ViewerFixture.parseValid(xml);
        assertEquals(ViewerFixture.sopUids("2.25.2002"), ViewerFixture.attrs(doc, "Instance", "SOPInstanceUID"));

        HttpResponse<byte[]> plain = fx.getUrl(url);
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
    }

    @Test
    void patientLaunchGroupsStudiesUnderOnePatient() throws Exception {
        Document doc = fx.launchAndFetch("/viewer/weasis?patientID=BN001&issuerOfPatientID=BVBM");
        assertEquals(1, ViewerFixture.attrs(doc, "Patient", "PatientID").size());
        assertEquals(List.of("2.25.2001", "2.25.2002"), ViewerFixture.attrs(doc, "Study", "StudyInstanceUID"));
        assertEquals(6, ViewerFixture.attrs(doc, "Instance", "SOPInstanceUID").size());
    }

    @Test
    void severalValuesAndSeveralPatients() throws Exception {
        Document doc = fx.launchAndFetch("/viewer/weasis?accessionNumber=ACC2002&accessionNumber=ACC2003");
        assertEquals(List.of("NGUYỄN^VĂN AN", "TRẦN^THỊ BÍCH"), ViewerFixture.attrs(doc, "Patient", "PatientName"));
        assertEquals(Set.of("2.25.2002", "2.25.2003"), Set.copyOf(ViewerFixture.attrs(doc, "Study", "StudyInstanceUID")));
        doc = fx.launchAndFetch("/viewer/weasis?studyUID=2.25.2001&studyUID=2.25.2003");
        assertEquals(5, ViewerFixture.attrs(doc, "Instance", "SOPInstanceUID").size());
    }

    @Test
    void seriesAndObjectNarrowTheManifest() throws Exception {
        Document doc = fx.launchAndFetch("/viewer/weasis?seriesUID=2.25.2001.2");
        assertEquals(List.of("2.25.2001.2"), ViewerFixture.attrs(doc, "Series", "SeriesInstanceUID"));
        assertEquals(List.of("2.25.2001.2.1"), ViewerFixture.attrs(doc, "Instance", "SOPInstanceUID"));
        doc = fx.launchAndFetch("/viewer/weasis?objectUID=2.25.2001.1.2");
        assertEquals(List.of("2.25.2001.1.2"), ViewerFixture.attrs(doc, "Instance", "SOPInstanceUID"));
    }

    @Test
    void dicomWebForm() throws Exception {
        String command = ViewerFixture.weasisCommand(fx.get("/viewer/weasis?studyUID=2.25.2003&mode=rs"));
        assertEquals("$dicom:rs --url \"" + ViewerFixture.DICOMWEB + "\" -r \"studyUID=2.25.2003\"", command);
    }

    @Test
    void pathsResolveAgainstTheHostTheClientUsed() throws Exception {
        ViewerOptions relative = ViewerOptions.of("/dicom-web/wado", "/dicom-web").withTokenKey(ViewerFixture.KEY);
        try (ViewerServer other = new ViewerServer(fx.archive.query(), relative, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + other.port();
            String url = ViewerFixture.manifestUrl(ViewerFixture.weasisCommand(fx.get(base + "/viewer/weasis?studyUID=2.25.2003")));
            assertTrue(url.startsWith(base + "/viewer/manifest?"), url);
            Document doc = ViewerFixture.parseValid(fx.getUrl(url).body());
            assertEquals(base + "/dicom-web/wado", ((Element) doc.getElementsByTagNameNS(ManifestWriter.NAMESPACE, "arcQuery").item(0))
                    .getAttribute("baseUrl"));
            assertEquals("$dicom:rs --url \"" + base + "/dicom-web\" -r \"studyUID=2.25.2003\"",
                    ViewerFixture.weasisCommand(fx.get(base + "/viewer/weasis?studyUID=2.25.2003&mode=rs")));
        }
    }

    @Test
    void badRequests() throws Exception {
        assertEquals(400, fx.get("/viewer/weasis").statusCode());
        assertEquals(400, fx.get("/viewer/weasis?studyUID=not-a-uid").statusCode());
        ViewerException e = org.junit.jupiter.api.Assertions.assertThrows(ViewerException.class, () -> QueryParams.parse("studyUID=%zz"));
        assertEquals(400, e.status);
        assertEquals(404, fx.get("/viewer/weasis?studyUID=2.25.9999").statusCode());
        assertEquals(404, fx.get("/viewer/weasis?seriesUID=2.25.9999.1").statusCode());
        assertEquals(404, fx.get("/viewer/nothing").statusCode());
        assertEquals(400, fx.get("/viewer/manifest").statusCode());
    }
}
