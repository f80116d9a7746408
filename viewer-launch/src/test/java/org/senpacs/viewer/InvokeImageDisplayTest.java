package org.senpacs.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** IHE Invoke Image Display (RAD-106): STUDY and PATIENT requests, viewer types, and their 400s. */
class InvokeImageDisplayTest {

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

    private static List<String> studies(String query) throws Exception {
        Document doc = fx.launchAndFetch("/IHEInvokeImageDisplay?" + query);
        return ViewerFixture.attrs(doc, "Study", "StudyInstanceUID");
    }

    @Test
    void studyRequestRedirectsToWeasisAndIgnoresUnknownParameters() throws Exception {
        assertEquals(List.of("2.25.2001"), studies("requestType=STUDY&studyUID=2.25.2001&diagnosticQuality=true&foo=bar"));
        assertEquals(List.of("2.25.2001", "2.25.2003"), studies("requestType=STUDY&studyUID=2.25.2001,2.25.2003"));
        assertEquals(List.of("2.25.2003"), studies("requestType=STUDY&accessionNumber=ACC2003"));
        assertEquals(List.of("2.25.2002"), studies("requestType=study&accessionNumber=ACC2002&viewerType=Weasis"));
    }

    @Test
    void studyRequestInDicomWebMode() throws Exception {
        String command = ViewerFixture.weasisCommand(fx.get("/IHEInvokeImageDisplay?requestType=STUDY&studyUID=2.25.2002&mode=rs"));
        assertEquals("$dicom:rs --url \"" + ViewerFixture.DICOMWEB + "\" -r \"studyUID=2.25.2002\"", command);
    }

    @Test
    void patientRequests() throws Exception {
        assertEquals(List.of("2.25.2001", "2.25.2002"), studies("requestType=PATIENT&patientID=BN001"));
        assertEquals(List.of("2.25.2001", "2.25.2002"), studies("requestType=PATIENT&patientID=" + enc("BN001^^^BVBM")));
        assertEquals(List.of("2.25.2002"), studies("requestType=PATIENT&patientID=BN001&mostRecentResults=1"));
        assertEquals(List.of("2.25.2002"), studies("requestType=PATIENT&patientID=BN001&lowerDateTime=2024-01-01T00:00:00"));
        assertEquals(List.of("2.25.2001"), studies("requestType=PATIENT&patientID=BN001&upperDateTime=2023-12-31T23:59:59Z"));
        assertEquals(List.of("2.25.2001"), studies("requestType=PATIENT&patientID=BN001&modalitiesInStudy=CT"));
        assertEquals(List.of("2.25.2001", "2.25.2002"), studies("requestType=PATIENT&patientID=BN001&modalitiesInStudy=CT,MR"));
        assertEquals(404, fx.get("/IHEInvokeImageDisplay?requestType=PATIENT&patientID=" + enc("BN001^^^OTHER")).statusCode());
    }

    @Test
    void webPageListsStudiesWithLinks() throws Exception {
        HttpResponse<byte[]> r = fx.get("/IHEInvokeImageDisplay?requestType=PATIENT&patientID=BN001&viewerType=html");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        String html = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("NGUYỄN^VĂN AN"), html);
        assertTrue(html.contains("href=\"/viewer/weasis?studyUID=2.25.2001\""), html);
        assertTrue(html.contains("href=\"/viewer/weasis?studyUID=2.25.2002\""), html);
        // the link works
        assertEquals(List.of("2.25.2002"), ViewerFixture.attrs(fx.launchAndFetch("/viewer/weasis?studyUID=2.25.2002"), "Study", "StudyInstanceUID"));
    }

    @Test
    void missingOrWrongParametersAreBadRequests() throws Exception {
        for (String q : List.of("", "studyUID=2.25.2001", "requestType=SERIES&studyUID=2.25.2001", "requestType=STUDY",
                "requestType=STUDY&patientID=BN001", "requestType=PATIENT", "requestType=PATIENT&studyUID=2.25.2001",
                "requestType=PATIENT&patientID=BN001&mostRecentResults=many", "requestType=PATIENT&patientID=BN001&lowerDateTime=yesterday",
                "requestType=STUDY&studyUID=2.25.2001&viewerType=OTHER_VIEWER", "requestType=STUDY&studyUID=abc")) {
            HttpResponse<byte[]> r = fx.get("/IHEInvokeImageDisplay" + (q.isEmpty() ? "" : "?" + q));
            assertEquals(400, r.statusCode(), q + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        assertEquals(404, fx.get("/IHEInvokeImageDisplay?requestType=STUDY&studyUID=2.25.9999").statusCode());
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
