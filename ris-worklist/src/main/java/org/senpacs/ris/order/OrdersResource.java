package org.senpacs.ris.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The orders REST API (under {@code /api}): list and read orders, create them (for hospitals
 * without HL7 orders), change their scheduled fields, cancel them. JSON in and out; errors as
 * problem details (400 bad request, 404 no such order, 409 state or identifier conflict).
 */
@Path("orders")
@Produces("application/json")
public final class OrdersResource {

    private final OrderService orders;

    public OrdersResource(OrderService orders) {
        this.orders = orders;
    }

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("patientId") String patientId,
                         @QueryParam("accession") String accession, @QueryParam("modality") String modality,
                         @QueryParam("station") String station, @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        return answer(() -> {
            OrderStatus s = null;
            if (status != null) {
                try {
                    s = OrderStatus.valueOf(status.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw OrderValidation.invalid(OrderField.STATUS, "status must be one of SCHEDULED, IN_PROGRESS, COMPLETED,"
                            + " DISCONTINUED, CANCELLED");
                }
            }
            OrderQuery q;
            try {
                q = new OrderQuery(s, patientId, accession, modality, station, bound(from, "from", false), bound(to, "to", true),
                        limit == null ? 100 : limit, offset == null ? 0 : offset);
            } catch (IllegalArgumentException e) {
                throw OrderValidation.invalid(null, e.getMessage());
            }
            return Response.ok(OrderJson.write(orders.list(q)).toString());
        });
    }

    @GET
    @Path("{pk}")
    public Response get(@PathParam("pk") String pk) {
        return answer(() -> Response.ok(OrderJson.write(orders.find(key(pk)).orElseThrow(() -> notFound(pk))).toString()));
    }

    @POST
    @Consumes("application/json")
    public Response create(String body) {
        return answer(() -> {
            JsonNode json = parse(body);
            Order o = orders.create(OrderJson.patient(json), OrderJson.details(json, Set.of("patient")), OrderSource.REST);
            return Response.status(201).header("Location", "orders/" + o.pk()).entity(OrderJson.write(o).toString());
        });
    }

    @PUT
    @Path("{pk}")
    @Consumes("application/json")
    public Response update(@PathParam("pk") String pk, String body) {
        return answer(() -> {
            JsonNode json = parse(body);
            JsonNode version = json.get("version");
            if (version != null && !version.isInt()) throw OrderValidation.invalid(OrderField.VERSION, "'version' must be an integer");
            Order o = orders.update(key(pk), OrderJson.details(json, Set.of("version")), version == null ? null : version.intValue());
            return Response.ok(OrderJson.write(o).toString());
        });
    }

    @POST
    @Path("{pk}/cancel")
    public Response cancel(@PathParam("pk") String pk) {
        return answer(() -> Response.ok(OrderJson.write(orders.setStatus(key(pk), OrderStatus.CANCELLED)).toString()));
    }

    private static Response answer(Supplier<Response.ResponseBuilder> work) {
        try {
            return work.get().type("application/json").build();
        } catch (OrderException e) {
            int status = switch (e.kind()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
            };
            return problem(status, e.getMessage());
        }
    }

    /** An RFC 9457 problem details answer. */
    static Response problem(int status, String detail) {
        var n = OrderJson.MAPPER.createObjectNode();
        n.put("type", "about:blank");
        n.put("status", status);
        n.put("title", switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Error";
        });
        n.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(n.toString()).build();
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : OrderJson.MAPPER.readTree(body);
            if (n == null || !n.isObject()) throw OrderValidation.invalid(null, "the body must be a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw OrderValidation.invalid(null, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static long key(String pk) {
        try {
            return Long.parseLong(pk);
        } catch (NumberFormatException e) {
            throw notFound(pk);
        }
    }

    private static OrderException notFound(String pk) {
        return new OrderException(OrderException.Kind.NOT_FOUND, null, "no order " + pk);
    }

    /** A date (whole day) or local date-time; the end of a range excludes what follows the day given. */
    private static LocalDateTime bound(String v, String name, boolean end) {
        if (v == null || v.isEmpty()) return null;
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return end ? d.plusDays(1).atStartOfDay() : d.atStartOfDay();
            }
            return LocalDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw OrderValidation.invalid(OrderField.SCHEDULED_START, "'" + name + "' must be a date (2024-06-02) or a local date-time");
        }
    }
}
