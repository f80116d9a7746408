package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.json.DicomJsonReader;

/** QIDO-RS against a running server, by curl and by java.net.http. */
class QidoRsTest {

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

    static List<DataSet> json(WebFixture.Answer a) throws Exception {
        assertEquals(200, a.status(), a.text());
        assertTrue(a.header("content-type").startsWith("application/dicom+json"), a.header("content-type"));
        return new DicomJsonReader().readDataSets(new ByteArrayInputStream(a.body()));
    }

    static Set<String> studies(List<DataSet> ds) {
        Set<String> s = new TreeSet<>();
        for (DataSet d : ds) s.add(d.getString(Tag.StudyInstanceUID));
        return s;
    }

    @Test
    void vietnameseNamePercentEncodedMatchesWithAndWithoutDiacritics() throws Exception {
        // NGUYỄN* percent-encoded in UTF-8, as a browser sends it; the archive folds accents by default
        List<DataSet> r = json(web.curl(web.base + "/studies?PatientName=NGUY%E1%BB%84N*"));
        assertEquals(Set.of("2.25.1001", "2.25.1002", "2.25.1003"), studies(r));
        DataSet an = r.stream().filter(d -> d.getString(Tag.StudyInstanceUID).equals("2.25.1001")).findFirst().orElseThrow();
        assertEquals("NGUYỄN^VĂN AN", an.getString(Tag.PatientName));
        // curl encodes it itself
        assertEquals(studies(r), studies(json(web.curl("-G", web.base + "/studies", "--data-urlencode", "PatientName=NGUYỄN*"))));
        // without diacritics, lower case, with fuzzymatching
        assertEquals(studies(r), studies(json(web.get("/studies?PatientName=nguyen*&fuzzymatching=true"))));
        // the same with a tag instead of the keyword
        assertEquals(studies(r), studies(json(web.get("/studies?00100010=NGUYEN*"))));
        assertEquals(Set.of("2.25.1004"), studies(json(web.get("/studies?PatientName=TR%E1%BA%A6N%5EV%C4%82N%20C%C6%AF%E1%BB%9CNG"))));
        assertEquals(Set.of("2.25.1004"), studies(json(web.get("/studies?PatientName=tran*cuong"))));
    }

    @Test
    void wildcardsDateRangesAndUidLists() throws Exception {
        assertEquals(Set.of("2.25.1001", "2.25.1003"), studies(json(web.get("/studies?PatientName=NGUY?N%5EV*"))));
        assertEquals(Set.of("2.25.1001", "2.25.1002", "2.25.1004"), studies(json(web.get("/studies?StudyDate=20230101-20241231"))));
        assertEquals(Set.of("2.25.1003"), studies(json(web.get("/studies?StudyDate=-20221231"))));
        assertEquals(Set.of("2.25.1002", "2.25.1004"), studies(json(web.get("/studies?StudyDate=20240101-"))));
        assertEquals(Set.of("2.25.1001", "2.25.1003"),
                studies(json(web.curl(web.base + "/studies?StudyInstanceUID=2.25.1001,2.25.1003"))));
        assertEquals(Set.of("2.25.1002"), studies(json(web.get("/studies?ModalitiesInStudy=MR"))));
        assertEquals(List.of(), json(web.get("/studies?PatientID=NOBODY")));
    }

    @Test
    void defaultAttributesAndIncludeField() throws Exception {
        DataSet st = json(web.get("/studies?StudyInstanceUID=2.25.1001")).get(0);
        for (int t : QidoParams.STUDY_DEFAULTS) assertTrue(st.contains(t), Integer.toHexString(t));
        assertEquals("2", st.getString(Tag.NumberOfStudyRelatedSeries));
        assertEquals("4", st.getString(Tag.NumberOfStudyRelatedInstances));
        assertEquals(web.base + "/studies/2.25.1001", st.getString(Tag.RetrieveURL));
        assertNull(st.getString(Tag.QueryRetrieveLevel));
        assertNull(st.getString(Tag.BitsAllocated));
        DataSet withInstitution = json(web.get("/studies?StudyInstanceUID=2.25.1001&includefield=00080080,ReferringPhysicianName")).get(0);
        assertTrue(withInstitution.contains(Tag.InstitutionName));
        DataSet all = json(web.get("/studies?StudyInstanceUID=2.25.1001&includefield=all")).get(0);
        assertEquals("19800101", all.getString(Tag.PatientBirthDate));
        assertEquals("Chụp CT ngực", all.getString(Tag.StudyDescription));

        List<DataSet> series = json(web.get("/studies/2.25.1001/series"));
        assertEquals(2, series.size());
        for (DataSet s : series) {
            for (int t : QidoParams.SERIES_DEFAULTS) assertTrue(s.contains(t));
            assertTrue(s.getString(Tag.RetrieveURL).startsWith(web.base + "/studies/2.25.1001/series/"));
        }
        List<DataSet> inst = json(web.get("/studies/2.25.1001/series/2.25.1001.2/instances"));
        assertEquals(1, inst.size());
        assertEquals("3", inst.get(0).getString(Tag.NumberOfFrames));
        assertEquals(web.base + "/studies/2.25.1001/series/2.25.1001.2/instances/2.25.1001.2.1", inst.get(0).getString(Tag.RetrieveURL));
        assertEquals(4, json(web.get("/studies/2.25.1001/instances")).size());
        List<DataSet> mr = json(web.get("/series?Modality=MR"));
        assertEquals(1, mr.size());
        assertEquals("NGUYỄN^THỊ BÍCH", mr.get(0).getString(Tag.PatientName)); // study attributes on /series
        List<DataSet> bn2 = json(web.get("/instances?PatientID=BN002"));
        assertEquals(2, bn2.size());
        assertEquals("MR", bn2.get(0).getString(Tag.Modality));
    }

    @Test
    void limitAndOffsetPage() throws Exception {
        Set<String> seen = new HashSet<>();
        int pages = 0;
        for (int offset = 0; ; offset += 3) {
            List<DataSet> page = json(web.get("/instances?limit=3&offset=" + offset));
            if (page.isEmpty()) break;
            assertTrue(page.size() <= 3);
            for (DataSet d : page) assertTrue(seen.add(d.getString(Tag.SOPInstanceUID)), "no instance twice");
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(WebFixture.CORPUS.size(), seen.size());
    }

    @Test
    void unsupportedMatchingKeyIsIgnoredWithAWarning() throws Exception {
        WebFixture.Answer a = web.get("/studies?InstitutionName=BV*");
        assertEquals(4, json(a).size());
        assertNotNull(a.header("warning"));
    }
}
