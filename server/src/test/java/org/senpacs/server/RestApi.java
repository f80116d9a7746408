package org.senpacs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The REST API (/api) of a running node, for tests: JSON in and out over the JDK's HTTP client. */
final class RestApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;

    RestApi(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/api" + path);
    }

    /** GET, expecting 200 and JSON. */
    JsonNode get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** POST of {@code body} as JSON; the response as it came. */
    HttpResponse<String> post(String path, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The one order with this accession number. */
    JsonNode order(String accession) {
        JsonNode list = get("/orders?accession=" + accession);
        JsonNode items = list.isArray() ? list : list.path("orders");
        assertEquals(1, items.size(), list.toString());
        return items.get(0);
    }

    /** The outbox of HL7 messages to the HIS. */
    JsonNode outbox() {
        JsonNode list = get("/hl7/outbox");
        return list.isArray() ? list : list.path("messages");
    }
}
