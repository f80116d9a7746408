package org.senpacs.dicomweb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.senpacs.archive.Archive;
import org.senpacs.archive.RemoteAe;
import org.senpacs.dicom.Implementation;
import org.senpacs.storage.PendingObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system REST API under {@code /api} (described in docs/api/openapi.yaml, served at
 * {@code /api/openapi.yaml}): health for load balancers and monitoring, the version, and the
 * configured remote AEs.
 */
@jakarta.ws.rs.Path("/")
public final class SystemResource {

    static final String JSON = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(SystemResource.class);
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String RESOURCES = "/org/senpacs/dicomweb/api/";

    private final Archive archive;

    SystemResource(Archive archive) {
        this.archive = archive;
    }

    /** 200 with status UP when the index database answers and the object storage takes a write; 503 otherwise. */
    @GET
    @jakarta.ws.rs.Path("health")
    public Response health() {
        String dbError = databaseError();
        String storageError = storageError();
        FileStore store = null;
        try {
            store = Files.getFileStore(existingAncestor(archive.config().objects().toAbsolutePath()));
        } catch (IOException e) {
            storageError = storageError != null ? storageError : "cannot read the free space: " + e.getMessage();
        }
        boolean up = dbError == null && storageError == null;
        if (!up) {
            LOG.warn("SEN-W120 health check DOWN: {}", dbError != null && storageError != null
                    ? "database " + dbError + "; storage " + storageError
                    : dbError != null ? "database " + dbError : "storage " + storageError);
        }
        FileStore fs = store;
        String dbe = dbError;
        String ste = storageError;
        byte[] body = json(g -> {
            g.writeStringField("status", up ? "UP" : "DOWN");
            g.writeObjectFieldStart("database");
            g.writeStringField("status", dbe == null ? "UP" : "DOWN");
            if (dbe != null) g.writeStringField("error", dbe);
            g.writeEndObject();
            g.writeObjectFieldStart("storage");
            g.writeStringField("status", ste == null ? "UP" : "DOWN");
            g.writeBooleanField("writable", ste == null);
            if (fs != null) {
                g.writeNumberField("freeBytes", fs.getUsableSpace());
                g.writeNumberField("totalBytes", fs.getTotalSpace());
            }
            if (ste != null) g.writeStringField("error", ste);
            g.writeEndObject();
        });
        return Response.status(up ? 200 : 503).type(JSON).entity(body).build();
    }

    @GET
    @jakarta.ws.rs.Path("version")
    public Response version() {
        byte[] body = json(g -> {
            g.writeStringField("name", "Sen PACS");
            g.writeStringField("version", productVersion());
            g.writeStringField("implementationClassUid", Implementation.CLASS_UID);
            g.writeStringField("implementationVersionName", Implementation.VERSION_NAME);
            g.writeStringField("java", Runtime.version().toString());
        });
        return Response.ok(body, JSON).build();
    }

    /** The remote AEs (C-MOVE destinations, storage commitment targets): configured and added at run time. */
    @GET
    @jakarta.ws.rs.Path("aes")
    public Response aes() throws SQLException {
        var list = archive.remoteAes().list();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (RemoteAe ae : list) {
                g.writeStartObject();
                g.writeStringField("aet", ae.aet());
                g.writeStringField("host", ae.host());
                g.writeNumberField("port", ae.port());
                g.writeBooleanField("tls", ae.tls());
                g.writeBooleanField("configured", archive.remoteAes().isConfigured(ae.aet()));
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(out.toByteArray(), JSON).build();
    }

    /** This API's OpenAPI 3.1 description. */
    @GET
    @jakarta.ws.rs.Path("openapi.yaml")
    public Response openApi() throws IOException {
        try (InputStream in = SystemResource.class.getResourceAsStream(RESOURCES + "openapi.yaml")) {
            if (in == null) throw new DicomWebException(500, "the OpenAPI description is missing from the build");
            return Response.ok(in.readAllBytes(), "application/yaml; charset=utf-8").build();
        }
    }

    private String databaseError() {
        try (Connection c = archive.database().dataSource().getConnection()) {
            return c.isValid(5) ? null : "the connection is not valid";
        } catch (SQLException | RuntimeException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    private String storageError() {
        try (PendingObject probe = archive.storage().create("health/probe-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().threadId() + ".tmp")) {
            probe.output().write(1);
            probe.output().flush();
            return null; // closed without commit: the probe is discarded
        } catch (IOException | RuntimeException e) {
            return "not writable: " + e.getMessage();
        }
    }

    private static Path existingAncestor(Path p) {
        while (p != null && !Files.exists(p)) p = p.getParent();
        return p;
    }

    static String productVersion() {
        try (InputStream in = SystemResource.class.getResourceAsStream(RESOURCES + "version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "(development)");
        } catch (IOException e) {
            return "(development)";
        }
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
