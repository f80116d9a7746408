package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v251.group.OMI_O23_ORDER;
import ca.uhn.hl7v2.model.v251.group.ORM_O01_ORDER;
import ca.uhn.hl7v2.model.v251.message.OMI_O23;
import ca.uhn.hl7v2.model.v251.message.ORM_O01;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.senpacs.archive.patient.Patients;
import org.senpacs.ris.order.Order;
import org.senpacs.ris.order.OrderDetails;
import org.senpacs.ris.order.OrderException;
import org.senpacs.ris.order.OrderField;
import org.senpacs.ris.order.OrderService;
import org.senpacs.ris.order.OrderSource;
import org.senpacs.ris.order.OrderStatus;

/**
 * Order messages, mapped as IHE RAD TF-2 RAD-4 (ORM^O01, v2.3.1) and RAD-13 (OMI^O23, v2.5.1):
 * PID the patient, each ORDER group one order (ORM) or one order per IPC (OMI); ORC-1 NW
 * creates, XO updates, CA cancels, DC discontinues. Orders to update or cancel are found by
 * placer order number (ORC-2), else filler order number (ORC-3), else accession number.
 */
final class OrderMessageHandler implements MessageHandler {

    /** One ORDER group: its order control and the requested procedures it carries. */
    private record OrderGroup(String control, SegmentFields orc, List<Procedure> procedures) {}

    /** One requested procedure, and where each of its fields came from. */
    private record Procedure(OrderDetails details, Map<OrderField, Location> locations) {}

    private final Patients patients;
    private final OrderService orders;

    OrderMessageHandler(Patients patients, OrderService orders) {
        this.patients = patients;
        this.orders = orders;
    }

    @Override
    public List<PatientChange> apply(Connection c, Message m, MessageSegments segments) throws HL7Exception, SQLException {
        Segment pid;
        Segment pv1;
        List<OrderGroup> groups = new ArrayList<>();
        switch (m) {
            case ORM_O01 orm -> {
                pid = orm.getPATIENT().getPID();
                pv1 = orm.getPATIENT().getPATIENT_VISIT().getPV1();
                SegmentFields pv1Fields = segments.fields(pv1);
                for (ORM_O01_ORDER o : orm.getORDERAll()) {
                    if (!segments.present(o.getORC())) continue;
                    Segment zds = MessageSegments.firstIn(o, "ZDS");
                    if (zds == null && orm.getORDERReps() == 1 && !segments.named("ZDS").isEmpty()) zds = segments.named("ZDS").get(0);
                    groups.add(fromOrm(segments, o, zds, pv1Fields));
                }
            }
            case OMI_O23 omi -> {
                pid = omi.getPATIENT().getPID();
                pv1 = omi.getPATIENT().getPATIENT_VISIT().getPV1();
                SegmentFields pv1Fields = segments.fields(pv1);
                for (OMI_O23_ORDER o : omi.getORDERAll()) {
                    if (segments.present(o.getORC())) groups.add(fromOmi(segments, o, pv1Fields));
                }
            }
            default -> throw new IllegalArgumentException("not an order message: " + m.getName());
        }
        if (!segments.present(pid)) throw missing("PID", "PID");
        if (groups.isEmpty()) throw missing("ORC", "ORC");
        long patientPk = patients.upsert(c, PatientMapping.attributes(segments.fields(pid)));
        for (OrderGroup g : groups) {
            try {
                apply(c, patientPk, g);
            } catch (OrderException e) {
                throw failure(e, g.procedures().get(0), g);
            }
        }
        return List.of();
    }

    private void apply(Connection c, long patientPk, OrderGroup g) throws HL7Exception, SQLException {
        switch (g.control()) {
            case "NW" -> {
                String placer = g.procedures().get(0).details().placerOrderNumber();
                if (placer != null && !placer.isEmpty() && !orders.findByPlacerOrderNumber(c, placer).isEmpty()) {
                    throw Hl7Failure.error(ErrorCode.DUPLICATE_KEY_IDENTIFIER, g.orc().at(2),
                            "ORC-2 placer order number " + placer + " has an order already (use XO to change it)");
                }
                for (Procedure p : g.procedures()) {
                    try {
                        orders.create(c, patientPk, p.details(), OrderSource.HL7);
                    } catch (OrderException e) {
                        throw failure(e, p, g);
                    }
                }
            }
            case "XO" -> {
                List<Order> targets = targets(c, g);
                for (Procedure p : g.procedures()) {
                    try {
                        orders.update(c, target(targets, p).pk(), p.details(), null);
                    } catch (OrderException e) {
                        throw failure(e, p, g);
                    }
                }
            }
            case "CA" -> {
                for (Order o : targets(c, g)) orders.setStatus(c, o.pk(), OrderStatus.CANCELLED);
            }
            case "DC" -> {
                for (Order o : targets(c, g)) orders.setStatus(c, o.pk(), OrderStatus.DISCONTINUED);
            }
            default -> throw Hl7Failure.error(ErrorCode.TABLE_VALUE_NOT_FOUND, g.orc().at(1),
                    "ORC-1 order control '" + g.control() + "' is not supported (NW, XO, CA, DC)");
        }
    }

    /** The stored orders an XO, CA or DC is about. */
    private List<Order> targets(Connection c, OrderGroup g) throws HL7Exception, SQLException {
        OrderDetails first = g.procedures().get(0).details();
        List<Order> found = List.of();
        if (present(first.placerOrderNumber())) found = orders.findByPlacerOrderNumber(c, first.placerOrderNumber());
        else if (present(first.fillerOrderNumber())) found = orders.findByFillerOrderNumber(c, first.fillerOrderNumber());
        else if (present(first.accessionNumber())) found = orders.findByAccession(c, first.accessionNumber());
        if (found.isEmpty()) {
            throw Hl7Failure.error(ErrorCode.UNKNOWN_KEY_IDENTIFIER, g.orc().at(2),
                    "no order with this placer order number (ORC-2), filler order number (ORC-3) or accession number");
        }
        return found;
    }

    /** The stored order a procedure of an XO updates: same requested procedure ID, or the only one. */
    private static Order target(List<Order> targets, Procedure p) throws Hl7Failure {
        String rp = p.details().requestedProcedureId();
        if (present(rp)) {
            for (Order o : targets) {
                if (o.requestedProcedureId().equals(rp)) return o;
            }
        }
        if (targets.size() == 1) return targets.get(0);
        throw Hl7Failure.error(ErrorCode.UNKNOWN_KEY_IDENTIFIER, p.locations().get(OrderField.REQUESTED_PROCEDURE_ID),
                "the order has " + targets.size() + " requested procedures: the requested procedure ID must say which to change");
    }

    private OrderGroup fromOrm(MessageSegments segments, ORM_O01_ORDER o, Segment zdsSegment, SegmentFields pv1)
            throws HL7Exception {
        SegmentFields orc = segments.fields(o.getORC());
        SegmentFields obr = segments.fields(o.getORDER_DETAIL().getOBR());
        SegmentFields zds = zdsSegment == null ? null : segments.fields(zdsSegment);
        Map<OrderField, Location> at = common(orc, obr, pv1);
        at.put(OrderField.ACCESSION_NUMBER, obr.at(18));
        at.put(OrderField.REQUESTED_PROCEDURE_ID, obr.at(19));
        at.put(OrderField.SPS_ID, obr.at(20));
        at.put(OrderField.MODALITY, obr.at(24));
        at.put(OrderField.STATION_AET, orc.at(18));
        at.put(OrderField.STATION_NAME, orc.at(18));
        at.put(OrderField.STUDY_UID, zds != null ? zds.at(1) : Hl7Failure.segment("ZDS", 1));
        LocalDateTime start = orc.dateTime(7, 4, "quantity/timing start");
        at.put(OrderField.SCHEDULED_START, orc.at(7, 4));
        if (start == null) {
            start = obr.dateTime(27, 4, "quantity/timing start");
            at.put(OrderField.SCHEDULED_START, obr.at(27, 4));
        }
        String[] code = procedureCode(obr, at);
        OrderDetails d = new OrderDetails(or(orc.get(2), obr.get(2)), or(orc.get(3), obr.get(3)), obr.get(18), obr.get(19),
                zds == null ? null : zds.get(1), obr.get(20), obr.get(24), orc.get(18), null, start, code[0], code[1], code[2],
                obr.personNameOfXcn(16), pv1.personNameOfXcn(8), reason(obr), obr.get(13));
        return new OrderGroup(control(orc), orc, List.of(new Procedure(d, at)));
    }

    private OrderGroup fromOmi(MessageSegments segments, OMI_O23_ORDER o, SegmentFields pv1) throws HL7Exception {
        SegmentFields orc = segments.fields(o.getORC());
        SegmentFields obr = segments.fields(o.getOBR());
        LocalDateTime start = null;
        Location startAt = orc.at(7, 4);
        if (o.getTIMINGReps() > 0 && segments.present(o.getTIMING(0).getTQ1())) {
            SegmentFields tq1 = segments.fields(o.getTIMING(0).getTQ1());
            start = tq1.dateTime(7, 1, "start date/time");
            startAt = tq1.at(7);
        }
        if (start == null) start = orc.dateTime(7, 4, "quantity/timing start");
        List<Procedure> procedures = new ArrayList<>();
        List<String> rpIds = new ArrayList<>();
        for (int i = 0; i < o.getIPCReps(); i++) {
            if (!segments.present(o.getIPC(i))) continue;
            SegmentFields ipc = segments.fields(o.getIPC(i));
            Map<OrderField, Location> at = common(orc, obr, pv1);
            at.put(OrderField.ACCESSION_NUMBER, ipc.at(1));
            at.put(OrderField.REQUESTED_PROCEDURE_ID, ipc.at(2));
            at.put(OrderField.STUDY_UID, ipc.at(3));
            at.put(OrderField.SPS_ID, ipc.at(4));
            at.put(OrderField.MODALITY, ipc.at(5));
            at.put(OrderField.STATION_NAME, ipc.at(7));
            at.put(OrderField.STATION_AET, ipc.at(9));
            at.put(OrderField.SCHEDULED_START, startAt);
            String[] code = procedureCode(obr, at);
            String rp = ipc.get(2);
            if (present(rp) && rpIds.contains(rp)) {
                throw Hl7Failure.error(ErrorCode.DUPLICATE_KEY_IDENTIFIER, ipc.at(2), "IPC-2 requested procedure ID " + rp
                        + " is in an earlier IPC of this order: one scheduled step per requested procedure is supported");
            }
            rpIds.add(rp);
            procedures.add(new Procedure(new OrderDetails(or(orc.get(2), obr.get(2)), or(orc.get(3), obr.get(3)), ipc.get(1),
                    rp, ipc.get(3), ipc.get(4), ipc.get(5), ipc.get(9), ipc.get(7), start, code[0], code[1], code[2],
                    obr.personNameOfXcn(16), pv1.personNameOfXcn(8), reason(obr), obr.get(13)), at));
        }
        if (procedures.isEmpty()) {
            if (!"NW".equals(control(orc)) && !"XO".equals(control(orc))) {
                // cancelling or discontinuing needs only the order numbers
                Map<OrderField, Location> at = common(orc, obr, pv1);
                procedures.add(new Procedure(new OrderDetails(or(orc.get(2), obr.get(2)), or(orc.get(3), obr.get(3)), null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null), at));
            } else {
                throw Hl7Failure.error(ErrorCode.SEGMENT_SEQUENCE_ERROR, Hl7Failure.segment("IPC", 1),
                        "OMI^O23 order without IPC segment (imaging procedure control)");
            }
        }
        return new OrderGroup(control(orc), orc, procedures);
    }

    private static Map<OrderField, Location> common(SegmentFields orc, SegmentFields obr, SegmentFields pv1) {
        Map<OrderField, Location> at = new EnumMap<>(OrderField.class);
        at.put(OrderField.PLACER_ORDER_NUMBER, orc.at(2));
        at.put(OrderField.FILLER_ORDER_NUMBER, orc.at(3));
        at.put(OrderField.STATUS, orc.at(1));
        at.put(OrderField.REQUESTING_PHYSICIAN, obr.at(16));
        at.put(OrderField.REFERRING_PHYSICIAN, pv1.at(8));
        at.put(OrderField.REASON, obr.at(31));
        at.put(OrderField.MEDICAL_ALERTS, obr.at(13));
        at.put(OrderField.PATIENT, Hl7Failure.field("PID", 3));
        return at;
    }

    /** OBR-44 procedure code, else OBR-4 universal service ID: code, coding scheme, description. */
    private static String[] procedureCode(SegmentFields obr, Map<OrderField, Location> at) throws HL7Exception {
        int field = obr.get(44) != null ? 44 : 4;
        at.put(OrderField.PROCEDURE_CODE, obr.at(field));
        return new String[] {obr.get(field, 1), obr.get(field, 3), obr.get(field, 2)};
    }

    private static String reason(SegmentFields obr) throws HL7Exception {
        return or(obr.get(31, 2), obr.get(31, 1));
    }

    private static String control(SegmentFields orc) throws HL7Exception {
        String v = orc.get(1);
        if (v == null || v.isEmpty()) {
            throw Hl7Failure.error(ErrorCode.REQUIRED_FIELD_MISSING, orc.at(1), "ORC-1 order control is missing");
        }
        return v.trim();
    }

    private static Hl7Failure failure(OrderException e, Procedure p, OrderGroup g) {
        Location at = e.field() == null ? null : p.locations().get(e.field());
        if (at == null) at = g.orc().at(1);
        ErrorCode code = switch (e.kind()) {
            case INVALID -> ErrorCode.DATA_TYPE_ERROR;
            case NOT_FOUND -> ErrorCode.UNKNOWN_KEY_IDENTIFIER;
            case CONFLICT -> e.field() == OrderField.STATUS ? ErrorCode.APPLICATION_INTERNAL_ERROR : ErrorCode.DUPLICATE_KEY_IDENTIFIER;
        };
        return Hl7Failure.error(code, at, e.getMessage());
    }

    private static Hl7Failure missing(String segment, String what) {
        return Hl7Failure.error(ErrorCode.SEGMENT_SEQUENCE_ERROR, Hl7Failure.segment(segment, 1),
                "required " + what + " segment is missing");
    }

    private static boolean present(String v) {
        return v != null && !v.isEmpty();
    }

    private static String or(String a, String b) {
        return present(a) ? a : b;
    }
}
