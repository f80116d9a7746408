package org.senpacs.ris.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicomweb.DicomWebOptions;
import org.senpacs.dicomweb.DicomWebServer;
import org.senpacs.ris.outbound.Outbox;
import org.senpacs.ris.outbound.OutboundOptions;
import org.senpacs.ris.outbound.OutboxResource;
import org.senpacs.ris.outbound.OutboxSender;
import org.senpacs.ris.RisDatabase;
import org.senpacs.ris.outbound.TestHis;

/**
 * The reports and outbox REST API over real HTTP: the life of a report with its history and
 * optimistic concurrency, refused requests that change nothing, and a message the HIS refuses
 * (AE) that ends FAILED, is visible as such and is delivered once queued again.
 */
class ReportApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static RisDatabase db;
    static TestHis his;
    static OutboxSender sender;
    static DicomWebServer web;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        db = new RisDatabase(dir, RisDatabase.Kind.H2);
        his = new TestHis().start();
        OutboundOptions options = OutboundOptions.DEFAULT.withDestinations(List.of(his.destination("his")))
                .withRetries(Duration.ofMillis(50), Duration.ofMillis(100), 3)
                .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(200));
        Outbox outbox = new Outbox(db.dataSource());
        sender = new OutboxSender(db.dataSource(), outbox, options).start();
        ReportService reports = new ReportService(db.dataSource(), db.archive().patients(), outbox, options);
        web = new DicomWebServer(db.archive(), DicomWebOptions.DEFAULT.withBind("127.0.0.1", 0), Map.of(),
                List.of(new ReportResource(reports), new OutboxResource(outbox)));
        base = "http://127.0.0.1:" + web.port() + "/api";
    }

    @AfterAll
    static void stop() throws Exception {
        if (web != null) web.close();
        if (sender != null) sender.close();
        if (his != null) his.close();
        if (db != null) db.close();
    }

    @Test
    void aReportLivesThroughItsVersions() throws Exception {
        long order = db.order("BN-API1", "LÊ^VĂN TÁM", "ACC-API1");
        Answer created = post("/reports", """
                {"accession": "ACC-API1", "status": "DRAFT", "findings": "Gan to nhẹ.", "author": "BS. Phạm Thu Hà"}""");
        assertEquals(201, created.status, created.body.toString());
        long pk = created.body.get("pk").asLong();
        assertEquals(order, created.body.get("order").asLong());
        assertEquals(1, created.body.get("version").asInt());

        Answer prelim = post("/reports", body(order, "PRELIMINARY", "Gan to nhẹ, nhu mô đều.", 1));
        assertEquals(200, prelim.status, prelim.body.toString());
        assertEquals(2, prelim.body.get("version").asInt());

        Answer stale = post("/reports", body(order, "FINAL", "ghi đè", 1));
        assertEquals(409, stale.status);
        assertEquals("application/problem+json", stale.type);
        assertTrue(stale.body.get("detail").asText().contains("version 2"), stale.body.toString());

        assertEquals(200, post("/reports", body(order, "FINAL", "Gan to nhẹ, nhu mô đều.", 2)).status);
        Answer finalAgain = post("/reports", body(order, "FINAL", "sửa thẳng bản cuối", 3));
        assertEquals(422, finalAgain.status, "a final report changes only through a correction");
        assertEquals(422, post("/reports", body(order, "CORRECTED", "Gan to nhẹ, nhu mô đều.", 3)).status, "a correction that changes nothing");
        Answer corrected = post("/reports", body(order, "CORRECTED", "Gan to nhẹ, nhu mô đều. Không có dịch ổ bụng.", 3));
        assertEquals(200, corrected.status, corrected.body.toString());
        assertEquals("CORRECTED", corrected.body.get("status").asText());

        Answer current = get("/reports/" + pk);
        assertEquals(4, current.body.get("version").asInt());
        assertEquals("Gan to nhẹ, nhu mô đều. Không có dịch ổ bụng.", current.body.get("findings").asText());
        assertEquals(pk, get("/reports?accession=ACC-API1").body.get(0).get("pk").asLong());
        assertEquals(pk, get("/reports?order=" + order).body.get(0).get("pk").asLong());

        JsonNode history = get("/reports/" + pk + "/history").body;
        List<String> states = new ArrayList<>();
        history.forEach(v -> states.add(v.get("version").asInt() + " " + v.get("status").asText() + " " + v.get("findings").asText()));
        assertEquals(List.of("1 DRAFT Gan to nhẹ.", "2 PRELIMINARY Gan to nhẹ, nhu mô đều.", "3 FINAL Gan to nhẹ, nhu mô đều.",
                "4 CORRECTED Gan to nhẹ, nhu mô đều. Không có dịch ổ bụng."), states);
        assertEquals("BS. Phạm Thu Hà", history.get(0).get("author").asText());

        TestHis.awaitTrue(() -> his.received().stream().filter(m -> m.contains("ACC-API1")).count() == 3, "three messages");
        List<String> statuses = new ArrayList<>();
        for (String m : his.received()) {
            ORU_R01 oru = (ORU_R01) new DefaultHapiContext().getPipeParser().parse(m);
            if (oru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR().getPlacerField1().getValue().equals("ACC-API1")) {
                statuses.add(ReportToHisTest.resultStatus(oru));
            }
        }
        assertEquals(List.of("P", "F", "C"), statuses, "OBR-25 of the messages the HIS got");
    }

    @Test
    void refusedRequestsChangeNothing() throws Exception {
        long order = db.order("BN-API2", "ĐỖ^THỊ HOA", "ACC-API2");
        assertEquals(400, post("/reports", "{not json").status);
        assertEquals(400, post("/reports", "[1, 2]").status);
        assertEquals(400, post("/reports", "{\"order\": " + order + ", \"finding\": \"x\", \"status\": \"DRAFT\", \"author\": \"a\"}").status);
        assertEquals(400, post("/reports", "{\"order\": \"" + order + "\", \"status\": \"DRAFT\", \"author\": \"a\"}").status);
        assertEquals(400, post("/reports", "{\"order\": " + order + ", \"status\": \"SIGNED\", \"author\": \"a\"}").status);
        assertEquals(422, post("/reports", "{\"order\": " + order + ", \"status\": \"DRAFT\"}").status, "no author");
        assertEquals(422, post("/reports", "{\"order\": " + order + ", \"status\": \"FINAL\", \"author\": \"a\"}").status, "no text");
        assertEquals(422, post("/reports", body(order, "CORRECTED", "x", null)).status, "nothing to correct");
        assertEquals(404, post("/reports", body(987654, "DRAFT", "x", null)).status);
        assertEquals(404, post("/reports", "{\"accession\": \"NO-SUCH\", \"status\": \"DRAFT\", \"author\": \"a\"}").status);
        assertEquals(422, post("/reports", "{\"order\": " + order + ", \"accession\": \"ACC-API1\", \"status\": \"DRAFT\", \"author\": \"a\"}").status);
        assertEquals(0, get("/reports?order=" + order).body.size(), "nothing saved");

        assertEquals(201, post("/reports", body(order, "DRAFT", "x", null)).status);
        assertEquals(409, post("/reports", body(order, "DRAFT", "y", null)).status, "a change without the version");
        assertEquals(1, get("/reports?order=" + order).body.get(0).get("version").asInt());
        assertEquals(404, get("/reports/987654").status);
        assertEquals(404, get("/reports/abc/history").status);
        assertEquals(400, get("/reports").status);
    }

    @Test
    void aMessageTheHisRefusesFailsAndCanBeRetried() throws Exception {
        long order = db.order("BN-API3", "VŨ^MINH ĐỨC", "ACC-API3");
        int before = his.received().size();
        JsonNode failed = finalReportThatFails(order, "Phổi | tim ^ bình thường.");
        assertEquals(3, failed.get("attempts").asInt());
        assertTrue(failed.get("lastError").asText().startsWith("AE"), failed.toString());
        assertTrue(failed.get("lastError").asText().contains("Không tìm thấy bệnh nhân"), failed.toString());
        assertEquals(3, his.received().size() - before, "each attempt reached the HIS");
        long pk = failed.get("pk").asLong();
        assertTrue(get("/hl7/outbox/" + pk).body.get("message").asText().contains("Phổi \\F\\ tim \\S\\ bình thường."),
                "HL7 delimiters in the text are escaped");

        Answer retried = post("/hl7/outbox/" + pk + "/retry", "");
        assertEquals(200, retried.status, retried.body.toString());
        assertEquals("PENDING", retried.body.get("status").asText());
        TestHis.awaitTrue(() -> "SENT".equals(status(pk)), "the retried message to be SENT");
        assertEquals(409, post("/hl7/outbox/" + pk + "/retry", "").status, "only FAILED messages are retried");
        assertEquals(404, post("/hl7/outbox/987654/retry", "").status);
        assertEquals(400, get("/hl7/outbox?status=LOST").status);
        assertEquals(400, get("/hl7/outbox?limit=0").status);
    }

    @Test
    void aRetryNeverSendsAnOlderMessageAfterANewerOne() throws Exception {
        long order = db.order("BN-API4", "PHAN^THỊ LAN", "ACC-API4");
        long failed = finalReportThatFails(order, "Không thấy tổn thương khu trú.").get("pk").asLong();
        Answer corrected = post("/reports", body(order, "CORRECTED", "Nốt vôi hoá nhỏ thuỳ phải, không thấy tổn thương khác.", 1));
        assertEquals(200, corrected.status, corrected.body.toString());
        TestHis.awaitTrue(() -> messageFor(order, "SENT") != null, "the correction to be SENT");

        // the FAILED final would reach the HIS after its correction: refused
        Answer retried = post("/hl7/outbox/" + failed + "/retry", "");
        assertEquals(409, retried.status, retried.body.toString());
        assertTrue(retried.body.get("detail").asText().contains("supersedes"), retried.body.toString());
        assertEquals("FAILED", status(failed));
    }

    /** Saves a FINAL report while the HIS refuses every message; returns its message once FAILED. */
    private static JsonNode finalReportThatFails(long order, String findings) throws Exception {
        his.refuse(true);
        try {
            assertEquals(201, post("/reports", body(order, "FINAL", findings, null)).status);
            TestHis.awaitTrue(() -> failedFor(order) != null, "the final report's message to be FAILED");
        } finally {
            his.refuse(false);
        }
        return failedFor(order);
    }

    private static JsonNode failedFor(long order) {
        return messageFor(order, "FAILED");
    }

    /** The outbox message of the order in that status, or null. */
    private static JsonNode messageFor(long order, String status) {
        try {
            for (JsonNode m : get("/hl7/outbox?status=" + status).body) {
                if (m.path("order").asLong() == order) return m;
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String status(long pk) {
        try {
            return get("/hl7/outbox/" + pk).body.get("status").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String body(long order, String status, String findings, Integer version) throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("order", order);
        m.put("status", status);
        m.put("findings", findings);
        m.put("impression", "Kết luận: bình thường.");
        m.put("author", "BS. Phạm Thu Hà");
        if (version != null) m.put("version", version);
        return JSON.writeValueAsString(m);
    }

    private record Answer(int status, String type, JsonNode body) {}

    private static Answer post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    private static Answer send(HttpRequest rq) throws Exception {
        HttpResponse<String> r = HTTP.send(rq, HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0];
        return new Answer(r.statusCode(), type, r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
    }
}
