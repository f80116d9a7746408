package org.senpacs.ris.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicomweb.DicomWebOptions;
import org.senpacs.dicomweb.DicomWebServer;
import org.senpacs.ris.hl7.Hl7Messages;
import org.senpacs.ris.hl7.Hl7MessagesResource;
import org.senpacs.ris.hl7.Hl7TestClient;
import org.senpacs.ris.hl7.RisFixture;

/** The orders and HL7 messages REST API over real HTTP: create, read, list, update, cancel, and errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrdersApiTest {

    @TempDir
    static Path dir;

    static final ObjectMapper JSON = new ObjectMapper();

    RisFixture ris;
    DicomWebServer http;
    HttpClient client = HttpClient.newHttpClient();
    String base;

    @BeforeAll
    void start() throws Exception {
        ris = new RisFixture(dir, RisFixture.Db.H2);
        http = new DicomWebServer(ris.archive, DicomWebOptions.DEFAULT.withBind("127.0.0.1", 0), Map.of(),
                List.of(new OrdersResource(ris.orders), new Hl7MessagesResource(ris.receiver)));
        base = "http://127.0.0.1:" + http.port() + "/api/";
    }

    @AfterAll
    void stop() throws Exception {
        if (http != null) http.close();
        if (ris != null) ris.close();
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void createReadUpdateCancelList() throws Exception {
        JsonNode created = ok(call("POST", "orders", """
                {"patient": {"id": "BN-R1", "issuer": "BVBM", "name": "NGUYỄN^THỊ HẠNH", "birthDate": "19850310", "sex": "F"},
                 "procedureCode": "US-BUNG", "procedureScheme": "LOCAL", "stationAet": "US01",
                 "scheduledStart": "2024-07-01T09:00", "reason": "Đau bụng"}"""), 201);
        long pk = created.get("pk").asLong();
        assertEquals("SEN" + pk, created.get("accessionNumber").asText());
        assertEquals("US", created.get("modality").asText());
        assertEquals("Siêu âm ổ bụng", created.get("procedureMeaning").asText());
        assertEquals("NGUYỄN^THỊ HẠNH", created.get("patient").get("name").asText());
        assertEquals("REST", created.get("source").asText());
        assertTrue(created.get("studyInstanceUid").asText().startsWith("2.25."));

        JsonNode read = ok(call("GET", "orders/" + pk, null), 200);
        assertEquals(created, read);

        JsonNode updated = ok(call("PUT", "orders/" + pk, """
                {"stationAet": "US02", "scheduledStart": "2024-07-01T10:30", "version": 0}"""), 200);
        assertEquals("US02", updated.get("stationAet").asText());
        assertEquals("2024-07-01T10:30", updated.get("scheduledStart").asText());
        assertEquals(1, updated.get("version").asInt());
        // a stale version is a conflict
        assertEquals(409, call("PUT", "orders/" + pk, "{\"stationAet\": \"US03\", \"version\": 0}").statusCode());

        JsonNode list = ok(call("GET", "orders?station=US02&from=2024-07-01&to=2024-07-01&status=scheduled", null), 200);
        assertEquals(1, list.size());
        assertEquals(pk, list.get(0).get("pk").asLong());
        assertEquals(0, ok(call("GET", "orders?station=US02&from=2024-07-02", null), 200).size());
        assertEquals(1, ok(call("GET", "orders?patientId=BN-R1&modality=US", null), 200).size());

        assertEquals("CANCELLED", ok(call("POST", "orders/" + pk + "/cancel", null), 200).get("status").asText());
        HttpResponse<String> late = call("PUT", "orders/" + pk, "{\"stationAet\": \"US03\"}");
        assertEquals(409, late.statusCode());
        assertEquals("application/problem+json", late.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void badRequestsAreProblems() throws Exception {
        assertEquals(400, call("POST", "orders", "{\"procedureCode\": \"X\"}").statusCode());
        assertEquals(400, call("POST", "orders", "{not json").statusCode());
        assertEquals(400, call("POST", "orders", "{\"patient\": {\"id\": \"BN-R2\"}, \"modality\": \"ct scan\"}").statusCode());
        assertEquals(400, call("POST", "orders", "{\"patient\": {\"id\": \"BN-R2\"}, \"colour\": \"red\"}").statusCode());
        assertEquals(400, call("POST", "orders", "{\"patient\": {\"id\": \"BN-R2\"}, \"scheduledStart\": \"tomorrow\"}").statusCode());
        assertEquals(404, call("GET", "orders/999999", null).statusCode());
        assertEquals(400, call("GET", "orders?status=DONE", null).statusCode());
        assertEquals(400, call("GET", "orders?limit=0", null).statusCode());
        ok(call("POST", "orders", "{\"patient\": {\"id\": \"BN-R3\"}, \"accessionNumber\": \"ACC-R3\", \"requestedProcedureId\": \"RP1\"}"), 201);
        HttpResponse<String> dup = call("POST", "orders",
                "{\"patient\": {\"id\": \"BN-R3\"}, \"accessionNumber\": \"ACC-R3\", \"requestedProcedureId\": \"RP1\"}");
        assertEquals(409, dup.statusCode(), dup.body());
    }

    @Test
    void receivedHl7MessagesAreListed() throws Exception {
        try (Hl7TestClient his = new Hl7TestClient(ris.hl7.port())) {
            his.send(Hl7Messages.adt("A04", "API-1", "BN-R4", "ĐINH^LỰC"));
        }
        JsonNode list = ok(call("GET", "hl7/messages?limit=10", null), 200);
        JsonNode m = list.get(0);
        assertEquals("API-1", m.get("controlId").asText());
        assertEquals("AA", m.get("outcome").asText());
        assertTrue(m.get("payload") == null);
        JsonNode full = ok(call("GET", "hl7/messages?limit=1&payload=true", null), 200).get(0);
        assertTrue(full.get("payload").asText().contains("ĐINH^LỰC"));
        assertEquals("AA", ok(call("POST", "hl7/messages/" + m.get("pk").asLong() + "/replay", null), 200).get("outcome").asText());
        assertEquals(400, call("GET", "hl7/messages?limit=5000", null).statusCode());
    }
}
