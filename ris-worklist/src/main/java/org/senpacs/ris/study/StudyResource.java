package org.senpacs.ris.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.senpacs.archive.ArchiveException;
import org.senpacs.dicom.Uids;

/**
 * REST API of the stored studies as the RIS sees them (under /api): {@code GET /studies/unmatched}
 * lists the studies no order claims, {@code POST /studies/{studyUid}/link} with
 * {@code {"order": pk}} links one to its order. Errors are problem details.
 */
@Path("studies")
public final class StudyResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LIMIT = 1000;

    private final StudyLinks links;

    public StudyResource(StudyLinks links) {
        this.links = links;
    }

    @GET
    @Path("unmatched")
    @Produces(MediaType.APPLICATION_JSON)
    public Response unmatched(@QueryParam("offset") @DefaultValue("0") String offset,
                              @QueryParam("limit") @DefaultValue("100") String limit) throws ArchiveException {
        int o = number("offset", offset, 0, Integer.MAX_VALUE);
        int l = number("limit", limit, 1, MAX_LIMIT);
        ArrayNode out = JSON.createArrayNode();
        for (UnmatchedStudy s : links.unmatched(o, l)) {
            ObjectNode n = out.addObject();
            n.put("studyUid", s.studyUid());
            n.put("studyDate", s.studyDate());
            n.put("studyTime", s.studyTime());
            n.put("accessionNumber", s.accessionNumber());
            n.put("description", s.description());
            n.set("modalities", modalities(s.modalities()));
            n.put("series", s.series());
            n.put("instances", s.instances());
            ObjectNode p = n.putObject("patient");
            p.put("id", s.patientId());
            p.put("issuer", s.issuerOfPatientId() == null || s.issuerOfPatientId().isEmpty() ? null : s.issuerOfPatientId());
            p.put("name", s.patientName());
            p.put("birthDate", s.birthDate());
            p.put("sex", s.sex());
        }
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("{studyUid}/link")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response link(@PathParam("studyUid") String studyUid, byte[] body) throws ArchiveException {
        if (!Uids.isValid(studyUid)) throw new WebApplicationException("not a Study Instance UID: " + studyUid, 400);
        JsonNode order;
        try {
            order = JSON.readTree(body).path("order");
        } catch (IOException e) {
            throw new WebApplicationException("the body is not JSON", 400);
        }
        if (!order.canConvertToLong() || !order.isIntegralNumber()) {
            throw new WebApplicationException("the body must be {\"order\": <order pk>}", 400);
        }
        LinkResult r = links.link(studyUid, order.asLong());
        ObjectNode out = JSON.createObjectNode();
        out.put("studyUid", r.studyUid());
        out.put("order", r.orderPk());
        out.put("orderStatus", r.orderStatus());
        ArrayNode uids = out.putArray("updatedInstances");
        r.sopInstanceUids().forEach(uids::add);
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    private static ArrayNode modalities(String backslashed) {
        ArrayNode a = JSON.createArrayNode();
        if (backslashed != null && !backslashed.isEmpty()) {
            for (String m : backslashed.split("\\\\")) a.add(m);
        }
        return a;
    }

    static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new WebApplicationException(name + " must be a number from " + min + " to " + max + ", not " + value, 400);
    }
}
