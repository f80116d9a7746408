package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and malformed requests: each a 4xx problem with CORS headers, nothing leaked or stored. */
class BadRequestTest {

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

    @Test
    void badQueries() throws Exception {
        StowRsTest.assertProblem(400, web.get("/studies?NoSuchKeyword=1"));
        StowRsTest.assertProblem(400, web.get("/studies?StudyDate=2023-01-01"));
        StowRsTest.assertProblem(400, web.get("/studies?limit=-1"));
        StowRsTest.assertProblem(400, web.get("/studies?fuzzymatching=maybe"));
        StowRsTest.assertProblem(400, web.get("/studies?SeriesNumber=abc"));
        StowRsTest.assertProblem(400, web.get("/studies?PatientName=%E1%BB"));
        StowRsTest.assertProblem(400, web.curl(web.base + "/studies?PatientName=%ZZ"));
        StowRsTest.assertProblem(406, web.get("/studies", "Accept", "application/dicom+xml"));
    }

    @Test
    void injectionAttempts() throws Exception {
        // a name with a quote is a legal value that matches nothing: no error, no rows
        WebFixture.Answer name = web.curl("-G", web.base + "/studies", "--data-urlencode", "PatientName=' OR 1=1 --");
        assertEquals(200, name.status());
        assertEquals("[]", name.text());
        WebFixture.Answer like = web.get("/studies?PatientID=%25");
        assertEquals("[]", like.text());
        StowRsTest.assertProblem(400, web.curl("-G", web.base + "/studies", "--data-urlencode", "StudyInstanceUID=1' OR '1'='1"));
        StowRsTest.assertProblem(400, web.get("/studies/1'%20OR%20'1'='1/metadata"));
    }

    @Test
    void badPathsAndTraversal() throws Exception {
        StowRsTest.assertProblem(400, web.get("/studies/..%2F..%2Fetc"));
        StowRsTest.assertProblem(400, web.get("/studies/..%2F..%2Fetc%2Fpasswd/metadata"));
        StowRsTest.assertProblem(400, web.get("/studies/abc/series/2.25.1/instances/2.25.2"));
        StowRsTest.assertProblem(400, web.get("/studies/2.25.1001/series/2.25.1001.1/instances/2.25.1001.1.1/bulkdata/..%2F"));
        StowRsTest.assertProblem(404, web.get("/studies/2.25.424242"));
        StowRsTest.assertProblem(404, web.curl("--path-as-is", web.base + "/../../etc/passwd"));
        StowRsTest.assertProblem(404, web.get("/no/such/resource"));
        StowRsTest.assertProblem(405, web.curl("-X", "DELETE", web.base + "/studies/2.25.1001"));
    }

    @Test
    void corsPreflightAndOrigins() throws Exception {
        WebFixture.Answer pre = web.curl("-X", "OPTIONS", "-H", "Origin: https://viewer.example", "-H",
                "Access-Control-Request-Method: GET", "-H", "Access-Control-Request-Headers: accept", web.base + "/studies");
        assertEquals(204, pre.status());
        assertEquals("*", pre.header("access-control-allow-origin"));
        assertEquals("accept", pre.header("access-control-allow-headers"));
        WebFixture.Answer ok = web.get("/studies", "Origin", "https://viewer.example");
        assertEquals("*", ok.header("access-control-allow-origin"));
    }
}
