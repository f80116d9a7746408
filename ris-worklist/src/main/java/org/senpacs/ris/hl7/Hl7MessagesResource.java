package org.senpacs.ris.hl7;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * The HL7 messages received (under {@code /api}): the latest first, with their outcome; the text
 * and acknowledgement only when asked ({@code payload=true}); and replay of one message.
 */
@Path("hl7/messages")
@Produces("application/json")
public final class Hl7MessagesResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Hl7Receiver receiver;

    public Hl7MessagesResource(Hl7Receiver receiver) {
        this.receiver = receiver;
    }

    @GET
    public Response list(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
                         @QueryParam("outcome") String outcome, @QueryParam("payload") boolean payload) {
        int l = limit == null ? 100 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > 1000) throw new WebApplicationException("limit must be 1 to 1000", 400);
        if (o < 0) throw new WebApplicationException("offset must not be negative", 400);
        if (outcome != null && !Set.of("AA", "AE", "AR").contains(outcome)) {
            throw new WebApplicationException("outcome must be AA, AE or AR", 400);
        }
        ArrayNode a = MAPPER.createArrayNode();
        for (ReceivedMessage m : receiver.messages(outcome, l, o, payload)) a.add(json(m));
        return Response.ok(a.toString(), "application/json").build();
    }

    @POST
    @Path("{pk}/replay")
    public Response replay(@PathParam("pk") long pk) {
        ReceivedMessage m = receiver.replay(pk).orElseThrow(() -> new WebApplicationException("no HL7 message " + pk, 404));
        return Response.ok(json(m).toString(), "application/json").build();
    }

    private static ObjectNode json(ReceivedMessage m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("pk", m.pk());
        n.put("sendingApplication", m.sendingApplication());
        n.put("sendingFacility", m.sendingFacility());
        n.put("controlId", m.controlId());
        n.put("messageType", m.messageType());
        n.put("version", m.version());
        n.put("received", m.received().toString());
        n.put("outcome", m.outcome());
        n.put("error", m.error());
        if (m.payload() != null) n.put("payload", m.payload());
        if (m.ack() != null) n.put("ack", m.ack());
        return n;
    }
}
