package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.RemoteAe;
import org.senpacs.archive.db.DatabaseConfig;

/** The system API under /api (health, version, remote AEs, the OpenAPI description) with curl. */
class SystemApiTest {

    @TempDir
    Path dir;

    static final ObjectMapper JSON = new ObjectMapper();

    /** An archive with one configured remote AE, served on a free port; closed by the caller. */
    record Served(Archive archive, DicomWebServer server, String api) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
            archive.close();
        }
    }

    Served serve() throws Exception {
        Archive archive = Archive.open(new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false,
                ArchivePolicy.DEFAULT, Map.of("WS1", new RemoteAe("WS1", "10.0.0.21", 104, false))));
        DicomWebServer server = new DicomWebServer(archive, DicomWebOptions.DEFAULT.withBind("127.0.0.1", 0));
        return new Served(archive, server, "http://127.0.0.1:" + server.port() + DicomWebServer.API_PATH);
    }

    /** curl: status line code, then the body. */
    static Object[] curl(String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "-w", "\n%{http_code} %{content_type}", url).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes()));
        int nl = out.lastIndexOf('\n');
        String[] tail = out.substring(nl + 1).split(" ", 2);
        return new Object[] {Integer.parseInt(tail[0]), tail.length > 1 ? tail[1] : "", out.substring(0, nl)};
    }

    @Test
    void healthVersionAndAes() throws Exception {
        try (Served s = serve()) {
            s.archive().remoteAes().put(new RemoteAe("WORKSTATION", "10.0.0.22", 11112, false));
            Object[] health = curl(s.api() + "/health");
            assertEquals(200, health[0], (String) health[2]);
            assertEquals("application/json", health[1]);
            JsonNode h = JSON.readTree((String) health[2]);
            assertEquals("UP", h.get("status").asText());
            assertEquals("UP", h.at("/database/status").asText());
            assertTrue(h.at("/storage/writable").asBoolean());
            assertTrue(h.at("/storage/freeBytes").asLong() > 0);
            try (var keys = s.archive().storage().keys()) {
                assertEquals(0, keys.count()); // the write probe left nothing
            }

            JsonNode v = JSON.readTree((String) curl(s.api() + "/version")[2]);
            assertEquals("Sen PACS", v.get("name").asText());
            assertTrue(v.get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), v.toString());
            assertEquals(org.senpacs.dicom.Implementation.CLASS_UID, v.get("implementationClassUid").asText());

            JsonNode aes = JSON.readTree((String) curl(s.api() + "/aes")[2]);
            List<String> names = new ArrayList<>();
            aes.forEach(a -> names.add(a.get("aet").asText() + "@" + a.get("host").asText() + ":" + a.get("port").asInt()
                    + (a.get("configured").asBoolean() ? " configured" : "")));
            assertEquals(List.of("WORKSTATION@10.0.0.22:11112", "WS1@10.0.0.21:104 configured"), names.stream().sorted().toList());

            Object[] missing = curl(s.api() + "/nothing");
            assertEquals(404, missing[0]);
            assertEquals(Problems.MEDIA_TYPE, missing[1]);
        }
    }

    @Test
    void healthIsDownWhenTheDatabaseIs() throws Exception {
        try (Served s = serve()) {
            s.archive().database().close();
            Object[] health = curl(s.api() + "/health");
            assertEquals(503, health[0], (String) health[2]);
            JsonNode h = JSON.readTree((String) health[2]);
            assertEquals("DOWN", h.get("status").asText());
            assertEquals("DOWN", h.at("/database/status").asText());
            assertEquals("UP", h.at("/storage/status").asText());
        }
    }

    @Test
    void openApiDescriptionIsServedFromItsOneSource() throws Exception {
        try (Served s = serve()) {
            Process p = new ProcessBuilder("curl", "-sS", s.api() + "/openapi.yaml").start();
            byte[] served = p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor());
            assertArrayEquals(Files.readAllBytes(Path.of("../docs/api/openapi.yaml")), served);
            JsonNode doc = new YAMLMapper().readTree(served);
            assertTrue(doc.get("openapi").asText().startsWith("3.1"), doc.get("openapi").asText());
            for (String path : List.of("/health", "/version", "/aes", "/openapi.yaml")) {
                assertTrue(doc.at("/paths").has(path), path);
                assertTrue(doc.at("/paths").get(path).has("get"), path);
            }
            // every $ref points at a schema that exists
            List<String> refs = new ArrayList<>();
            doc.findValues("$ref").forEach(r -> refs.add(r.asText()));
            assertTrue(!refs.isEmpty());
            for (String ref : refs) {
                assertTrue(!doc.at(ref.substring(1)).isMissingNode(), "dangling " + ref);
            }
        }
    }
}
