package org.senpacs.ris.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.update.StudyUpdater;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.testing.Dcmtk;
import org.senpacs.dicomweb.DicomWebOptions;
import org.senpacs.dicomweb.DicomWebServer;
import org.senpacs.ris.mpps.OrderStatusChange;
import org.senpacs.ris.mpps.OrderStatusEvents;
import org.senpacs.ris.mwl.MwlScp;
import org.senpacs.ris.mwl.RisFixture;
import org.senpacs.ris.mwl.WorklistOptions;
import org.senpacs.ris.mwl.WorklistResource;
import org.senpacs.ris.mwl.WorklistService;

/**
 * Studies stored without an order, listed as unmatched over REST and linked to their order: the
 * order's patient and accession then come back from C-FIND (findscu), from the object itself
 * (WADO-URI, read by dcmdump), and the archive still verifies clean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudyLinkTest {

    static final LocalDateTime START = LocalDateTime.of(2024, 5, 10, 9, 0);

    @TempDir
    static Path dir;

    RisFixture f;
    DicomWebServer web;
    final List<OrderStatusChange> heard = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    StudyLinks links;
    long linkOrder;
    long cancelledOrder;

    @BeforeAll
    void start() throws Exception {
        f = new RisFixture(dir, db());
        OrderStatusEvents events = new OrderStatusEvents();
        events.addListener(heard::add);
        WorklistService worklist = new WorklistService(f.archive.database().dataSource(), WorklistOptions.DEFAULT);
        new MwlScp(worklist).register(f.services);
        links = new StudyLinks(f.archive, new StudyUpdater(f.archive), events);
        web = new DicomWebServer(f.archive, DicomWebOptions.DEFAULT.withBind("127.0.0.1", 0), Map.of(),
                List.of(new StudyResource(links), new WorklistResource(worklist)));
        linkOrder = f.insertOrder(order("BN-L1", "ĐỖ^VĂN LINH", "ACC-L1", "2.25.8100", "SCHEDULED"));
        cancelledOrder = f.insertOrder(order("BN-L2", "PHAN^THỊ NGA", "ACC-L2", "2.25.8200", "CANCELLED"));
        f.insertOrder(order("BN-L3", "VŨ^VĂN BA", "ACC-M", "2.25.8300", "SCHEDULED"));
        // stored by a modality without the worklist: temporary patient, no accession
        Path files = Files.createDirectories(dir.resolve("upload"));
        for (int i = 1; i <= 3; i++) write(files, image("2.25.8001", "TMP-77", "", i));
        // claimed by accession, and by study UID
        write(files, image("2.25.8002", "BN-L3", "ACC-M", 1));
        write(files, image("2.25.8300", "BN-L3", "", 1));
        Dcmtk.Result r = Dcmtk.run("storescu", "-aec", RisFixture.AET, "-aet", "CT01", "+sd", "+r", "localhost",
                Integer.toString(f.port()), files.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    /** The index database the test runs on. */
    RisFixture.Db db() {
        return RisFixture.Db.H2;
    }

    @AfterAll
    void stop() throws Exception {
        if (web != null) web.close();
        if (f != null) f.close();
    }

    static RisFixture.Order order(String pid, String name, String acc, String studyUid, String status) {
        return new RisFixture.Order(pid, name, "19900315", "M", acc, "RP-" + acc, studyUid, "SPS-" + acc, "CT", "CT01",
                START, "18.0119.0028", "BYT", "Chụp CLVT sọ não", status);
    }

    static DataSet image(String studyUid, String patientId, String accession, int n) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, studyUid + ".1." + n);
        ds.setString(Tag.StudyDate, VR.DA, "20240510");
        ds.setString(Tag.StudyTime, VR.TM, "091500");
        ds.setString(Tag.AccessionNumber, VR.SH, accession);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "EMERGENCY^" + patientId);
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, studyUid + ".1");
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(n));
        ds.setInt(Tag.Rows, VR.US, 2);
        ds.setInt(Tag.Columns, VR.US, 2);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 16);
        ds.setInt(Tag.HighBit, VR.US, 15);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) n});
        return ds;
    }

    static void write(Path dir, DataSet ds) throws Exception {
        new DataSetWriter().writeFile(dir.resolve(ds.getString(Tag.SOPInstanceUID) + ".dcm"),
                DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> link(String studyUid, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/api/studies/" + studyUid + "/link"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    List<String> unmatchedUids() throws Exception {
        HttpResponse<String> r = get("/api/studies/unmatched");
        assertEquals(200, r.statusCode(), r.body());
        List<String> uids = new ArrayList<>();
        json.readTree(r.body()).forEach(n -> uids.add(n.path("studyUid").asText()));
        return uids;
    }

    @Test
    void anUnmatchedStudyIsLinkedToItsOrder() throws Exception {
        HttpResponse<String> list = get("/api/studies/unmatched");
        JsonNode studies = json.readTree(list.body());
        assertEquals(1, studies.size(), list.body());
        JsonNode s = studies.get(0);
        assertEquals("2.25.8001", s.path("studyUid").asText());
        assertEquals("TMP-77", s.path("patient").path("id").asText());
        assertEquals("20240510", s.path("studyDate").asText());
        assertEquals("CT", s.path("modalities").get(0).asText());
        assertEquals(3, s.path("instances").asInt());
        assertEquals(List.of(), links.storedStudiesOf(linkOrder));

        HttpResponse<String> linked = link("2.25.8001", "{\"order\": " + linkOrder + "}");
        assertEquals(200, linked.statusCode(), linked.body());
        JsonNode body = json.readTree(linked.body());
        assertEquals("COMPLETED", body.path("orderStatus").asText());
        assertEquals(3, body.path("updatedInstances").size());
        assertEquals("COMPLETED", f.status(linkOrder));
        assertEquals(List.of("IMAGES"), heard.stream().map(OrderStatusChange::cause).toList());
        assertEquals(List.of(), unmatchedUids());
        assertEquals(List.of("2.25.8001"), links.storedStudiesOf(linkOrder));

        // C-FIND sees the order's patient and accession; the temporary patient is gone
        List<DataSet> found = f.findscu(dir, "-S", "QueryRetrieveLevel=STUDY", "PatientID=BN-L1", "StudyInstanceUID",
                "AccessionNumber", "PatientName", "SpecificCharacterSet");
        assertEquals(1, found.size());
        assertEquals("2.25.8001", found.get(0).getString(Tag.StudyInstanceUID));
        assertEquals("ACC-L1", found.get(0).getString(Tag.AccessionNumber));
        assertEquals("ĐỖ^VĂN LINH", found.get(0).getString(Tag.PatientName));
        assertEquals(List.of(), f.findscu(dir, "-P", "QueryRetrieveLevel=PATIENT", "PatientID=TMP-77"));

        // the object itself, as WADO-URI serves it, read by dcmdump
        HttpResponse<byte[]> wado = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port()
                + "/dicom-web/wado?requestType=WADO&studyUID=2.25.8001&seriesUID=2.25.8001.1&objectUID=2.25.8001.1.2"
                + "&contentType=application/dicom")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wado.statusCode());
        Path obj = dir.resolve("linked.dcm");
        Files.write(obj, wado.body());
        Dcmtk.Result dump = Dcmtk.run("dcmdump", obj.toString());
        assertEquals(0, dump.exitCode(), dump.output());
        assertTrue(dump.output().contains("(0010,0020) LO [BN-L1]"), dump.output());
        assertTrue(dump.output().contains("(0010,0010) PN [ĐỖ^VĂN LINH]"), dump.output());
        assertTrue(dump.output().contains("(0008,0050) SH [ACC-L1]"), dump.output());
        assertTrue(dump.output().contains("(0020,000d) UI [2.25.8001]"), dump.output());
        assertTrue(dump.output().contains("(0040,1001) SH [RP-ACC-L1]"), dump.output());
        assertTrue(dump.output().contains("(0008,0005) CS [ISO_IR 192]"), dump.output());

        List<Object> problems = new ArrayList<>();
        f.archive.verify().verifyAll(problems::add);
        assertEquals(List.of(), problems);

        // the study now belongs to that order: no second link, and the order has its images
        long other = f.insertOrder(order("BN-L4", "MAI^VĂN TƯ", "ACC-L4", "2.25.8400", "SCHEDULED"));
        assertEquals(409, link("2.25.8001", "{\"order\": " + other + "}").statusCode());
        assertEquals(409, link("2.25.8300", "{\"order\": " + linkOrder + "}").statusCode());
    }

    @Test
    void wrongLinksAreRefused() throws Exception {
        HttpResponse<String> cancelled = link("2.25.8300", "{\"order\": " + cancelledOrder + "}");
        assertEquals(409, cancelled.statusCode());
        assertTrue(cancelled.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(cancelled.body().contains("CANCELLED"), cancelled.body());
        assertEquals(404, link("2.25.8300", "{\"order\": 999999}").statusCode());
        long fresh = f.insertOrder(order("BN-L5", "LÝ^THỊ NĂM", "ACC-L5", "2.25.8500", "SCHEDULED"));
        assertEquals(404, link("2.25.404404", "{\"order\": " + fresh + "}").statusCode());
        assertEquals("SCHEDULED", f.status(fresh));
        assertEquals(400, link("2.25.8300", "{\"order\": \"x\"}").statusCode());
        assertEquals(400, link("2.25.8300", "not json").statusCode());
        assertEquals(400, link("not-a-uid", "{\"order\": 1}").statusCode());
        assertEquals(400, get("/api/studies/unmatched?limit=0").statusCode());
        assertEquals("CANCELLED", f.status(cancelledOrder));
    }

    @Test
    void theWorklistAsJson() throws Exception {
        HttpResponse<String> r = get("/api/worklist?station=CT01&date=20240510&accession=ACC-M");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode items = json.readTree(r.body());
        assertEquals(1, items.size(), r.body());
        assertEquals("BN-L3", items.get(0).path("00100020").path("Value").get(0).asText());
        assertEquals("CT01", items.get(0).path("00400100").path("Value").get(0).path("00400001").path("Value").get(0).asText());
        assertEquals(400, get("/api/worklist?date=yesterday").statusCode());
    }
}
