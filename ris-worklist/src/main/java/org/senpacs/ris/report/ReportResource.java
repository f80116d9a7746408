package org.senpacs.ris.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.senpacs.ris.outbound.ApiJson;

/**
 * Reports over REST: {@code POST /api/reports} (create or change the report of an order),
 * {@code GET /api/reports/{pk}}, {@code GET /api/reports?order=|accession=},
 * {@code GET /api/reports/{pk}/history}. JSON in and out; errors are problem details (400 for a
 * malformed request, 404, 409 for a stale version, 422 for a rule of reports broken).
 */
@Path("/reports")
public final class ReportResource {

    private static final Set<String> FIELDS = Set.of("order", "accession", "status", "findings", "impression", "author", "version");

    private final ReportService reports;

    public ReportResource(ReportService reports) {
        this.reports = reports;
    }

    @POST
    public Response save(String body) throws SQLException {
        ReportInput in;
        try {
            in = input(body);
        } catch (IllegalArgumentException e) {
            return ApiJson.problem(400, e.getMessage());
        }
        try {
            Report r = reports.save(in);
            if (r.version() == 1) {
                return Response.fromResponse(ApiJson.status(201, json(r))).location(URI.create("reports/" + r.pk())).build();
            }
            return ApiJson.ok(json(r));
        } catch (ReportException e) {
            return ApiJson.problem(e.reason().httpStatus, e.getMessage());
        }
    }

    @GET
    public Response search(@QueryParam("order") String order, @QueryParam("accession") String accession) throws SQLException {
        List<Report> found;
        if (order != null && !order.isEmpty()) {
            Long pk = number(order);
            if (pk == null) return ApiJson.problem(400, "order must be an order pk: " + order);
            found = reports.findByOrder(pk).stream().toList();
        } else if (accession != null && !accession.isEmpty()) {
            found = reports.findByAccession(accession);
        } else {
            return ApiJson.problem(400, "give order=<pk> or accession=<accession number>");
        }
        ArrayNode out = ApiJson.mapper().createArrayNode();
        found.forEach(r -> out.add(json(r)));
        return ApiJson.ok(out);
    }

    @GET
    @Path("{pk}")
    public Response get(@PathParam("pk") String pk) throws SQLException {
        Optional<Report> r = report(pk);
        return r.isEmpty() ? ApiJson.problem(404, "no report " + pk) : ApiJson.ok(json(r.get()));
    }

    @GET
    @Path("{pk}/history")
    public Response history(@PathParam("pk") String pk) throws SQLException {
        Optional<Report> r = report(pk);
        if (r.isEmpty()) return ApiJson.problem(404, "no report " + pk);
        ArrayNode out = ApiJson.mapper().createArrayNode();
        for (ReportVersion v : reports.history(r.get().pk())) {
            ObjectNode o = out.addObject();
            o.put("version", v.version());
            o.put("status", v.status().name());
            o.put("findings", v.findings());
            o.put("impression", v.impression());
            o.put("author", v.author());
            o.put("saved", ApiJson.time(v.saved()));
        }
        return ApiJson.ok(out);
    }

    private Optional<Report> report(String pk) throws SQLException {
        Long key = number(pk);
        return key == null ? Optional.empty() : reports.find(key);
    }

    /** The request body as a report input; IllegalArgumentException says what is wrong with it. */
    static ReportInput input(String body) {
        JsonNode root;
        try {
            root = ApiJson.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) throw new IllegalArgumentException("unknown field \"" + name + "\"; fields: " + FIELDS);
        }
        Long order = null;
        JsonNode o = root.get("order");
        if (o != null && !o.isNull()) {
            if (!o.isIntegralNumber() || !o.canConvertToLong()) throw new IllegalArgumentException("\"order\" must be an order pk (a number)");
            order = o.longValue();
        }
        Integer version = null;
        JsonNode v = root.get("version");
        if (v != null && !v.isNull()) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new IllegalArgumentException("\"version\" must be a number");
            version = v.intValue();
        }
        ReportStatus status = null;
        String s = text(root, "status");
        if (s != null) {
            try {
                status = ReportStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"status\" must be DRAFT, PRELIMINARY, FINAL or CORRECTED: " + s);
            }
        }
        return new ReportInput(order, text(root, "accession"), status, text(root, "findings"), text(root, "impression"),
                text(root, "author"), version);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new IllegalArgumentException("\"" + field + "\" must be a string");
        return n.textValue();
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ObjectNode json(Report r) {
        ObjectNode o = ApiJson.mapper().createObjectNode();
        o.put("pk", r.pk());
        o.put("order", r.orderPk());
        o.put("accession", r.accessionNumber());
        o.put("status", r.status().name());
        o.put("findings", r.findings());
        o.put("impression", r.impression());
        o.put("author", r.author());
        o.put("created", ApiJson.time(r.created()));
        o.put("updated", ApiJson.time(r.updated()));
        o.put("version", r.version());
        return o;
    }
}
