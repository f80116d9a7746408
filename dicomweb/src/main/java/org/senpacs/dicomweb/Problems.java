package org.senpacs.dicomweb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.senpacs.archive.ArchiveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as RFC 9457 problem details ({@code application/problem+json}: status, title,
 * detail): refusals of this layer, archive errors with their {@code ArchiveError.httpStatus},
 * and the framework's own (no such resource, method not allowed).
 */
@Provider
public final class Problems implements ExceptionMapper<Throwable> {

    static final String MEDIA_TYPE = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public Response toResponse(Throwable e) {
        int status;
        String detail = e.getMessage();
        switch (e) {
            case DicomWebException d -> status = d.status();
            case ArchiveException a -> {
                status = a.error().httpStatus;
                if (status >= 500) LOG.warn("SEN-W001 archive failure: {}", a.toString());
            }
            case WebApplicationException w -> {
                status = w.getResponse().getStatus();
                if (status == 404) detail = "no such resource";
            }
            default -> {
                LOG.error("SEN-W002 unexpected failure", e);
                status = 500;
                detail = "internal error";
            }
        }
        return Response.status(status).type(MEDIA_TYPE).entity(json(status, detail)).build();
    }

    /** The problem details document. */
    static String json(int status, String detail) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("type", "about:blank");
            g.writeNumberField("status", status);
            g.writeStringField("title", title(status));
            if (detail != null) g.writeStringField("detail", detail);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        if (s != null) return s.getReasonPhrase();
        return switch (status) {
            case 507 -> "Insufficient Storage";
            case 422 -> "Unprocessable Content";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
