package org.senpacs.ris.outbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The HL7 outbox over REST: {@code GET /api/hl7/outbox?status=&destination=&limit=} (newest
 * first), {@code GET /api/hl7/outbox/{pk}} (with the message), {@code POST /api/hl7/outbox/{pk}/retry}
 * (a FAILED message queued again, due now).
 */
@Path("/hl7/outbox")
public final class OutboxResource {

    private static final int MAX_LIMIT = 1000;

    private final Outbox outbox;

    public OutboxResource(Outbox outbox) {
        this.outbox = outbox;
    }

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("destination") String destination,
                         @QueryParam("limit") String limit) throws SQLException {
        OutboxStatus s = null;
        if (status != null && !status.isEmpty()) {
            try {
                s = OutboxStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return ApiJson.problem(400, "status must be PENDING, SENT or FAILED: " + status);
            }
        }
        int n = 100;
        if (limit != null && !limit.isEmpty()) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) return ApiJson.problem(400, "limit must be a number from 1 to " + MAX_LIMIT + ": " + limit);
        }
        List<OutboxMessage> messages = outbox.list(s, destination == null || destination.isEmpty() ? null : destination, n);
        ArrayNode out = ApiJson.mapper().createArrayNode();
        messages.forEach(m -> out.add(json(m)));
        return ApiJson.ok(out);
    }

    @GET
    @Path("{pk}")
    public Response get(@PathParam("pk") String pk) throws SQLException {
        Long key = key(pk);
        if (key == null) return ApiJson.problem(404, "no outbox message " + pk);
        Optional<OutboxMessage> m = outbox.find(key);
        return m.isEmpty() ? ApiJson.problem(404, "no outbox message " + pk) : ApiJson.ok(json(m.get()));
    }

    @POST
    @Path("{pk}/retry")
    public Response retry(@PathParam("pk") String pk) throws SQLException {
        Long key = key(pk);
        if (key == null) return ApiJson.problem(404, "no outbox message " + pk);
        try {
            Optional<OutboxMessage> m = outbox.retry(key);
            return m.isEmpty() ? ApiJson.problem(404, "no outbox message " + pk) : ApiJson.ok(json(m.get()));
        } catch (IllegalStateException e) {
            return ApiJson.problem(409, e.getMessage());
        }
    }

    private static Long key(String pk) {
        try {
            return Long.parseLong(pk);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ObjectNode json(OutboxMessage m) {
        ObjectNode o = ApiJson.mapper().createObjectNode();
        o.put("pk", m.pk());
        o.put("destination", m.destination());
        o.put("messageType", m.messageType());
        o.put("controlId", m.controlId());
        if (m.orderPk() != null) o.put("order", m.orderPk());
        o.put("status", m.status().name());
        o.put("attempts", m.attempts());
        o.put("nextAttempt", ApiJson.time(m.nextAttempt()));
        o.put("lastError", m.lastError());
        o.put("created", ApiJson.time(m.created()));
        o.put("sent", ApiJson.time(m.sent()));
        if (m.payload() != null) o.put("message", m.payload());
        return o;
    }
}
