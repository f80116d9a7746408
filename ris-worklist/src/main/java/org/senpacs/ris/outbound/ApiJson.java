package org.senpacs.ris.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** JSON answers of the RIS REST resources: documents and RFC 9457 problem details. */
public final class ApiJson {

    /** The media type of problem details. */
    public static final String PROBLEM = "application/problem+json";
    /** The media type of documents. */
    public static final String JSON = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A 200 answer with this document. */
    public static Response ok(Object document) {
        return status(200, document);
    }

    /** An answer of this status with this document. */
    public static Response status(int status, Object document) {
        try {
            return Response.status(status).type(JSON + ";charset=UTF-8").entity(MAPPER.writeValueAsString(document)).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A problem details answer. */
    public static Response problem(int status, String detail) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("type", "about:blank");
        p.put("status", status);
        Response.Status s = Response.Status.fromStatusCode(status);
        p.put("title", s != null ? s.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Client Error");
        p.put("detail", detail);
        return Response.status(status).type(PROBLEM + ";charset=UTF-8").entity(p.toString()).build();
    }

    /** An instant as ISO-8601 text, or null. */
    public static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
