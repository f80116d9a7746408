package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.ArchivePolicy;

/**
 * A QIDO-RS search that matches more than {@code archive.max-query-results} answers the first
 * matches with the standard's {@code Warning: 299}, so a client does not take the list as complete;
 * a search within the limit, or one the client limited itself, has no such warning.
 */
class QidoLimitTest {

    @TempDir
    Path dir;

    @Test
    void aSearchOverTheLimitSaysSo() throws Exception {
        ArchivePolicy atMostTwo = ArchivePolicy.DEFAULT.withMaxQueryResults(2);
        try (WebFixture web = new WebFixture(dir, atMostTwo)) {
            // four studies in the fixture
            WebFixture.Answer over = web.curl(web.base + "/studies");
            assertEquals(2, QidoRsTest.json(over).size());
            String warning = over.header("warning");
            assertTrue(warning != null && warning.startsWith("299 ") && warning.contains("exceeded the maximum"), String.valueOf(warning));

            WebFixture.Answer overXml = web.curl("-H", "Accept: multipart/related; type=\"application/dicom+xml\"",
                    web.base + "/studies");
            assertEquals(200, overXml.status(), overXml.text());
            assertTrue(String.valueOf(overXml.header("warning")).contains("exceeded the maximum"), overXml.header("warning"));

            WebFixture.Answer within = web.curl(web.base + "/studies?StudyDate=20240101-");
            assertEquals(2, QidoRsTest.json(within).size());
            assertNull(within.header("warning"));

            WebFixture.Answer limited = web.curl(web.base + "/studies?limit=1");
            assertEquals(1, QidoRsTest.json(limited).size());
            assertNull(limited.header("warning"));
        }
    }
}
