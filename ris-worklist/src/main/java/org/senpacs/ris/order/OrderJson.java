package org.senpacs.ris.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/** Orders as JSON for the REST API, and order requests from JSON (unknown members are refused). */
final class OrderJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Set<String> DETAIL_FIELDS = Set.of("placerOrderNumber", "fillerOrderNumber", "accessionNumber",
            "requestedProcedureId", "studyInstanceUid", "spsId", "modality", "stationAet", "stationName", "scheduledStart",
            "procedureCode", "procedureScheme", "procedureMeaning", "requestingPhysician", "referringPhysician", "reason",
            "medicalAlerts");
    private static final Set<String> PATIENT_FIELDS = Set.of("id", "issuer", "name", "birthDate", "sex");

    private OrderJson() {}

    static ObjectNode write(Order o) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("pk", o.pk());
        ObjectNode p = n.putObject("patient");
        p.put("id", o.patient().id());
        p.put("issuer", o.patient().issuer());
        p.put("name", o.patientName());
        n.put("placerOrderNumber", o.placerOrderNumber());
        n.put("fillerOrderNumber", o.fillerOrderNumber());
        n.put("accessionNumber", o.accessionNumber());
        n.put("requestedProcedureId", o.requestedProcedureId());
        n.put("studyInstanceUid", o.studyUid());
        n.put("spsId", o.spsId());
        n.put("modality", o.modality());
        n.put("stationAet", o.stationAet());
        n.put("stationName", o.stationName());
        n.put("scheduledStart", o.scheduledStart() == null ? null : o.scheduledStart().toString());
        n.put("procedureCode", o.procedureCode());
        n.put("procedureScheme", o.procedureScheme());
        n.put("procedureMeaning", o.procedureMeaning());
        n.put("requestingPhysician", o.requestingPhysician());
        n.put("referringPhysician", o.referringPhysician());
        n.put("reason", o.reason());
        n.put("medicalAlerts", o.medicalAlerts());
        n.put("status", o.status().name());
        n.put("source", o.source().name());
        n.put("imagesAvailable", o.imagesAvailable());
        n.put("created", o.created().toString());
        n.put("updated", o.updated().toString());
        n.put("version", o.version());
        return n;
    }

    static ArrayNode write(List<Order> orders) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Order o : orders) a.add(write(o));
        return a;
    }

    /** The order fields of a request body; {@code extra} names the other members allowed. */
    static OrderDetails details(JsonNode body, Set<String> extra) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!DETAIL_FIELDS.contains(name) && !extra.contains(name)) {
                throw OrderValidation.invalid(null, "unknown member '" + name + "'");
            }
        }
        return new OrderDetails(text(body, "placerOrderNumber"), text(body, "fillerOrderNumber"), text(body, "accessionNumber"),
                text(body, "requestedProcedureId"), text(body, "studyInstanceUid"), text(body, "spsId"), text(body, "modality"),
                text(body, "stationAet"), text(body, "stationName"), dateTime(body, "scheduledStart"), text(body, "procedureCode"),
                text(body, "procedureScheme"), text(body, "procedureMeaning"), text(body, "requestingPhysician"),
                text(body, "referringPhysician"), text(body, "reason"), text(body, "medicalAlerts"));
    }

    /** The patient attributes of a create request's {@code patient} member. */
    static DataSet patient(JsonNode body) {
        JsonNode p = body.get("patient");
        if (p == null || !p.isObject()) throw OrderValidation.invalid(OrderField.PATIENT, "'patient' (an object with 'id') is required");
        for (Iterator<String> it = p.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!PATIENT_FIELDS.contains(name)) throw OrderValidation.invalid(OrderField.PATIENT, "unknown member 'patient." + name + "'");
        }
        String id = text(p, "id");
        if (id == null || id.isBlank() || id.length() > 64) {
            throw OrderValidation.invalid(OrderField.PATIENT, "'patient.id' is required (up to 64 characters)");
        }
        DataSet ds = new DataSet();
        ds.setString(Tag.PatientID, VR.LO, id);
        String issuer = text(p, "issuer");
        if (issuer != null && !issuer.isEmpty()) ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        String name = text(p, "name");
        if (name != null) ds.setString(Tag.PatientName, VR.PN, name);
        String birth = text(p, "birthDate");
        if (birth != null) {
            if (!birth.matches("\\d{8}")) throw OrderValidation.invalid(OrderField.PATIENT, "'patient.birthDate' must be YYYYMMDD");
            ds.setString(Tag.PatientBirthDate, VR.DA, birth);
        }
        String sex = text(p, "sex");
        if (sex != null) {
            if (!sex.matches("[MFO]?")) throw OrderValidation.invalid(OrderField.PATIENT, "'patient.sex' must be M, F or O");
            ds.setString(Tag.PatientSex, VR.CS, sex);
        }
        return ds;
    }

    static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw OrderValidation.invalid(null, "'" + name + "' must be a string");
        return v.asText();
    }

    private static LocalDateTime dateTime(JsonNode n, String name) {
        String v = text(n, name);
        if (v == null || v.isEmpty()) return null;
        try {
            return LocalDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw OrderValidation.invalid(OrderField.SCHEDULED_START, "'" + name + "' must be a local date-time like 2024-06-02T08:30");
        }
    }
}
