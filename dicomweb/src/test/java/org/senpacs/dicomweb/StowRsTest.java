package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.json.DicomJsonReader;

/** STOW-RS against a running server: stored objects are found by QIDO; bad bodies store nothing. */
class StowRsTest {

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

    static WebFixture.Spec spec(String study, int n, String ts) {
        return new WebFixture.Spec("BN9" + study.substring(study.length() - 2), "LÊ^THỊ HỒNG", study, "20250105", "CT",
                study + ".1", study + ".1." + n, n, 1, ts);
    }

    static DataSet answer(WebFixture.Answer a) throws Exception {
        assertTrue(a.header("content-type").startsWith("application/dicom+json"), a.header("content-type") + " " + a.text());
        return new DicomJsonReader().readDataSet(new ByteArrayInputStream(a.body()));
    }

    @Test
    void storesFilesThatQidoThenFinds() throws Exception {
        byte[] f1 = WebFixture.part10(spec("2.25.2001", 1, UID.ExplicitVRLittleEndian));
        byte[] f2 = WebFixture.part10(spec("2.25.2001", 2, UID.ImplicitVRLittleEndian));
        Path body = dir.resolve("stow.bin");
        Files.write(body, WebFixture.multipart("b0undary-x", f1, f2));
        WebFixture.Answer a = web.curl("-X", "POST", "-H", "Content-Type: multipart/related; type=\"application/dicom\"; boundary=\"b0undary-x\"",
                "-H", "Accept: application/dicom+json", "--data-binary", "@" + body, web.base + "/studies");
        assertEquals(200, a.status(), a.text());
        DataSet r = answer(a);
        Sequence ok = r.getSequence(Tag.ReferencedSOPSequence);
        assertEquals(2, ok.size());
        assertEquals("2.25.2001.1.1", ok.get(0).getString(Tag.ReferencedSOPInstanceUID));
        assertEquals(UID.CTImageStorage, ok.get(0).getString(Tag.ReferencedSOPClassUID));
        assertEquals(web.base + "/studies/2.25.2001/series/2.25.2001.1/instances/2.25.2001.1.1", ok.get(0).getString(Tag.RetrieveURL));
        assertNull(r.getSequence(Tag.FailedSOPSequence));

        List<DataSet> found = new DicomJsonReader().readDataSets(new ByteArrayInputStream(
                web.get("/studies?PatientName=L%C3%8A%5ETH%E1%BB%8A*&StudyInstanceUID=2.25.2001").body()));
        assertEquals(1, found.size());
        assertEquals("2", found.get(0).getString(Tag.NumberOfStudyRelatedInstances));
        // what WADO-RS gives back is what was sent (the data set; the meta group is the archive's)
        WebFixture.Answer wado = web.get("/studies/2.25.2001/series/2.25.2001.1/instances/2.25.2001.1.2");
        List<WebFixture.Part> back = WebFixture.parseMultipart(wado.header("content-type"), wado.body());
        assertArrayEquals(dataSetBytes(f2), dataSetBytes(back.get(0).body()));
    }

    static byte[] dataSetBytes(byte[] part10) throws Exception {
        long offset = new org.senpacs.dicom.io.DicomStreamReader(new ByteArrayInputStream(part10)).dataSetOffset();
        return Arrays.copyOfRange(part10, (int) offset, part10.length);
    }

    @Test
    void someFailedIs202AllFailedIs409() throws Exception {
        byte[] good = WebFixture.part10(spec("2.25.2002", 1, UID.ExplicitVRLittleEndian));
        byte[] junk = "this is not DICOM at all".getBytes(StandardCharsets.US_ASCII);
        WebFixture.Answer mixed = web.post("/studies", "multipart/related; type=application/dicom; boundary=XyZ",
                WebFixture.multipart("XyZ", good, junk));
        assertEquals(202, mixed.status(), mixed.text());
        DataSet r = answer(mixed);
        assertEquals(1, r.getSequence(Tag.ReferencedSOPSequence).size());
        assertEquals(1, r.getSequence(Tag.FailedSOPSequence).size());
        assertEquals(0xC000, r.getSequence(Tag.FailedSOPSequence).get(0).getInt(Tag.FailureReason, 0));

        int before = web.instanceCount();
        WebFixture.Answer wrongStudy = web.post("/studies/2.25.2999", "multipart/related; type=\"application/dicom\"; boundary=XyZ",
                WebFixture.multipart("XyZ", WebFixture.part10(spec("2.25.2003", 1, UID.ExplicitVRLittleEndian))));
        assertEquals(409, wrongStudy.status(), wrongStudy.text());
        assertEquals(0xA900, answer(wrongStudy).getSequence(Tag.FailedSOPSequence).get(0).getInt(Tag.FailureReason, 0));
        assertEquals(before, web.instanceCount());
    }

    @Test
    void badBodiesStoreNothing() throws Exception {
        int before = web.instanceCount();
        byte[] f1 = WebFixture.part10(spec("2.25.2004", 1, UID.ExplicitVRLittleEndian));
        byte[] f2 = WebFixture.part10(spec("2.25.2004", 2, UID.ExplicitVRLittleEndian));
        String ct = "multipart/related; type=\"application/dicom\"; boundary=B1";

        // truncated upload: the second part never ends; the first, complete, must not be stored either
        byte[] whole = WebFixture.multipart("B1", f1, f2);
        WebFixture.Answer truncated = web.post("/studies", ct, Arrays.copyOf(whole, whole.length - 200));
        assertProblem(400, truncated);

        // no boundary in the body, no boundary parameter
        assertProblem(400, web.post("/studies", ct, "garbage without any delimiter".getBytes(StandardCharsets.US_ASCII)));
        assertProblem(400, web.post("/studies", "multipart/related; type=\"application/dicom\"", whole));
        // a boundary line not followed by CRLF
        assertProblem(400, web.post("/studies", ct, "--B1XX\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        // wrong content types
        assertProblem(415, web.post("/studies", "application/json", "{}".getBytes(StandardCharsets.US_ASCII)));
        assertProblem(415, web.post("/studies", "multipart/related; type=\"application/dicom+json\"; boundary=B1", whole));
        // a part over the limit (1 MiB in the fixture)
        byte[] big = new byte[(1 << 20) + 10];
        Path body = dir.resolve("big.bin");
        Files.write(body, WebFixture.multipart("B1", f1, big));
        WebFixture.Answer tooLarge = web.curl("-X", "POST", "-H", "Content-Type: " + ct, "--data-binary", "@" + body, web.base + "/studies");
        assertProblem(413, tooLarge);
        assertEquals(before, web.instanceCount());
        try (var left = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, left.count(), "spilled parts are removed");
        }
    }

    static void assertProblem(int status, WebFixture.Answer a) {
        assertEquals(status, a.status(), a.text());
        assertEquals(Problems.MEDIA_TYPE, a.header("content-type"));
        assertTrue(a.text().contains("\"status\":" + status), a.text());
        assertEquals("*", a.header("access-control-allow-origin"));
    }
}
