package org.senpacs.ris.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.senpacs.ris.hl7.Hl7Messages.msh;
import static org.senpacs.ris.hl7.Hl7Messages.omi;
import static org.senpacs.ris.hl7.Hl7Messages.orm;
import static org.senpacs.ris.hl7.Hl7Messages.pid;
import static org.senpacs.ris.hl7.Hl7Messages.seg;
import static org.senpacs.ris.hl7.Hl7TestClient.field;
import static org.senpacs.ris.hl7.Hl7TestClient.message;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.senpacs.archive.patient.Patients;
import org.senpacs.archive.patient.Patients.PatientKey;
import org.senpacs.ris.order.Order;
import org.senpacs.ris.order.OrderSource;
import org.senpacs.ris.order.OrderStatus;

/**
 * The HL7 inbound interface on H2, driven by HAPI's own client (and raw MLLP bytes for what
 * HAPI would not send): ADT, ORM v2.3.1 and OMI v2.5.1 with Vietnamese names in UTF-8, Latin-1,
 * duplicates, order control codes, generated identifiers and the catalogue, replay.
 */
class Hl7InboundTest extends RisOnH2 {

    Patients.Patient patient(String id) throws Exception {
        try (Connection c = ris.archive.database().dataSource().getConnection()) {
            try {
                return ris.archive.patients().find(c, new PatientKey(id, "BVBM"), false).orElse(null);
            } finally {
                c.commit();
            }
        }
    }

    Order onlyOrder(String accession) {
        List<Order> found = ris.orders.findByAccession(accession);
        assertEquals(1, found.size(), "orders of accession " + accession);
        return found.get(0);
    }

    @Test
    void adtCreatesAndUpdatesThePatientWithVietnameseName() throws Exception {
        String ack = his.send(Hl7Messages.adt("A01", "ADT-1", "BN1001", "NGUYỄN^VĂN AN"));
        assertEquals("AA", field(ack, "MSA", 1), ack);
        assertEquals("ADT-1", field(ack, "MSA", 2));
        assertEquals("SENRIS", field(ack, "MSH", 3));
        assertEquals("BVTEST", field(ack, "MSH", 4));
        assertEquals("HIS", field(ack, "MSH", 5));
        Patients.Patient p = patient("BN1001");
        assertEquals("NGUYỄN^VĂN AN", p.name());
        assertEquals("19800115", p.birthDate());
        assertEquals("M", p.sex());

        assertEquals("AA", field(his.send(Hl7Messages.adt("A08", "ADT-2", "BN1001", "NGUYỄN^VĂN ANH")), "MSA", 1));
        assertEquals("NGUYỄN^VĂN ANH", patient("BN1001").name());
    }

    @Test
    void emptyFieldsKeepAndTheHl7NullDeletes() throws Exception {
        assertEquals("AA", field(his.send(Hl7Messages.adt("A01", "ADT-N1", "BN1002", "ĐỖ^THỊ MAI")), "MSA", 1));
        // PID-7 and PID-8 empty: birth date and sex stay
        String keep = Hl7TestClient.message(Hl7Messages.msh("ADT^A08", "ADT-N2", "2.3.1", "UNICODE UTF-8"),
                Hl7Messages.seg("EVN", 1, "A08"), Hl7Messages.pid("BN1002", "ĐỖ^THỊ MAI", "", ""), Hl7Messages.seg("PV1", 1, "1", 2, "O"));
        assertEquals("AA", field(his.send(keep), "MSA", 1));
        Patients.Patient p = patient("BN1002");
        assertEquals("19800115", p.birthDate());
        assertEquals("M", p.sex());
        // PID-7 and PID-8 "": the HIS deletes them
        String delete = Hl7TestClient.message(Hl7Messages.msh("ADT^A08", "ADT-N3", "2.3.1", "UNICODE UTF-8"),
                Hl7Messages.seg("EVN", 1, "A08"), Hl7Messages.pid("BN1002", "ĐỖ^THỊ MAI", "\"\"", "\"\""),
                Hl7Messages.seg("PV1", 1, "1", 2, "O"));
        assertEquals("AA", field(his.send(delete), "MSA", 1));
        p = patient("BN1002");
        assertTrue(p.birthDate() == null || p.birthDate().isEmpty(), p.birthDate());
        assertTrue(p.sex() == null || p.sex().isEmpty(), p.sex());
        assertEquals("ĐỖ^THỊ MAI", p.name());

        // an order change: PV1-8 empty keeps the referring physician, "" deletes it
        assertEquals("AA", field(his.send(orm("ADT-N4", "NW", "BN1002", "ĐỖ^THỊ MAI", "PL1002", "ACC1002", "RP1002", "SPS1002",
                null)), "MSA", 1));
        assertEquals("TRẦN^VĂN BÌNH", onlyOrder("ACC1002").referringPhysician());
        String keepPhysician = orm("ADT-N5", "XO", "BN1002", "ĐỖ^THỊ MAI", "PL1002", "ACC1002", "RP1002", "SPS1002", null)
                .replace("|BS01^TRẦN^VĂN BÌNH", "|");
        assertEquals("AA", field(his.send(keepPhysician), "MSA", 1));
        assertEquals("TRẦN^VĂN BÌNH", onlyOrder("ACC1002").referringPhysician());
        String deletePhysician = orm("ADT-N6", "XO", "BN1002", "ĐỖ^THỊ MAI", "PL1002", "ACC1002", "RP1002", "SPS1002", null)
                .replace("|BS01^TRẦN^VĂN BÌNH", "|\"\"");
        assertEquals("AA", field(his.send(deletePhysician), "MSA", 1));
        String deleted = onlyOrder("ACC1002").referringPhysician();
        assertTrue(deleted == null || deleted.isEmpty(), deleted);
    }

    @Test
    void ormV231MapsEveryField() throws Exception {
        String ack = his.send(orm("ORM-1", "NW", "BN2001", "TRẦN^THỊ BÍCH", "PL2001", "ACC2001", "RP2001", "SPS2001",
                "1.2.840.99.2001"));
        assertEquals("AA", field(ack, "MSA", 1), ack);
        Order o = onlyOrder("ACC2001");
        assertEquals(new PatientKey("BN2001", "BVBM"), o.patient());
        assertEquals("TRẦN^THỊ BÍCH", o.patientName());
        assertEquals("PL2001", o.placerOrderNumber());
        assertEquals("FPL2001", o.fillerOrderNumber());
        assertEquals("RP2001", o.requestedProcedureId());
        assertEquals("SPS2001", o.spsId());
        assertEquals("1.2.840.99.2001", o.studyUid());
        assertEquals("CT", o.modality());
        assertEquals("CT01", o.stationAet());
        assertEquals(LocalDateTime.of(2024, 6, 2, 8, 30), o.scheduledStart());
        assertEquals("18.0119.0028", o.procedureCode());
        assertEquals("BYT", o.procedureScheme());
        assertEquals("Chụp CT sọ não", o.procedureMeaning());
        assertEquals("LÊ^THỊ HOA", o.requestingPhysician());
        assertEquals("TRẦN^VĂN BÌNH", o.referringPhysician());
        assertEquals("Đau đầu kéo dài", o.reason());
        assertEquals("Dị ứng thuốc cản quang", o.medicalAlerts());
        assertEquals(OrderStatus.SCHEDULED, o.status());
        assertEquals(OrderSource.HL7, o.source());
        assertFalse(o.imagesAvailable());
    }

    @Test
    void omiV251MapsIpcAndTq1() throws Exception {
        String ack = his.send(omi("OMI-1", "NW", "BN3001", "LÊ^THỊ THU", "PL3001", "ACC3001", "RP3001", "SPS3001", "1.2.840.99.3001"));
        assertEquals("AA", field(ack, "MSA", 1), ack);
        assertEquals("2.5.1", field(ack, "MSH", 12));
        Order o = onlyOrder("ACC3001");
        assertEquals("LÊ^THỊ THU", o.patientName());
        assertEquals("RP3001", o.requestedProcedureId());
        assertEquals("SPS3001", o.spsId());
        assertEquals("1.2.840.99.3001", o.studyUid());
        assertEquals("US", o.modality());
        assertEquals("US01", o.stationAet());
        assertEquals("PHONG1", o.stationName());
        assertEquals(LocalDateTime.of(2024, 6, 3, 9, 15), o.scheduledStart());
        assertEquals("US-BUNG", o.procedureCode());
        assertEquals("LOCAL", o.procedureScheme());
        assertEquals("Siêu âm ổ bụng", o.procedureMeaning());
        assertEquals("PHẠM^MINH", o.referringPhysician());
        assertEquals("19751230", patient("BN3001").birthDate());
        assertEquals("F", patient("BN3001").sex());
    }

    @Test
    void latin1MessageIsDecodedFromMsh18() throws Exception {
        String m = message(msh("ADT^A04", "L1-1", "2.3.1", "8859/1"), pid("BN4001", "MÜLLER^JOSÉ", "19700101", "M"));
        String ack = his.sendRaw(m.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        assertEquals("AA", field(ack, "MSA", 1), ack);
        assertEquals("8859/1", field(ack, "MSH", 18));
        assertEquals("MÜLLER^JOSÉ", patient("BN4001").name());
    }

    @Test
    void duplicateIsAnsweredAgainAndAppliedOnce() throws Exception {
        String m = orm("DUP-1", "NW", "BN5001", "VŨ^ĐỨC", "PL5001", "ACC5001", "RP5001", "SPS5001", null);
        String first = his.send(m);
        String again = his.send(m);
        assertEquals("AA", field(first, "MSA", 1), first);
        assertEquals(first, again);
        assertEquals(1, ris.orders.findByAccession("ACC5001").size());
        long stored = ris.receiver.messages(null, 1000, 0, false).stream().filter(r -> r.controlId().equals("DUP-1")).count();
        assertEquals(1, stored);
    }

    @Test
    void orderControlNewChangeCancelDiscontinue() throws Exception {
        assertEquals("AA", field(his.send(orm("OC-1", "NW", "BN6001", "HOÀNG^LAN", "PL6001", "ACC6001", "RP6001", "SPS6001", null)),
                "MSA", 1));
        String xo = orm("OC-2", "XO", "BN6001", "HOÀNG^LAN", "PL6001", "ACC6001", "RP6001", "SPS6001", null)
                .replace("|CT01", "|CT02").replace("20240602083000", "20240605140000");
        assertEquals("AA", field(his.send(xo), "MSA", 1));
        Order changed = onlyOrder("ACC6001");
        assertEquals("CT02", changed.stationAet());
        assertEquals(LocalDateTime.of(2024, 6, 5, 14, 0), changed.scheduledStart());
        assertEquals(1, changed.version());

        assertEquals("AA", field(his.send(orm("OC-3", "CA", "BN6001", "HOÀNG^LAN", "PL6001", "ACC6001", "RP6001", "SPS6001", null)),
                "MSA", 1));
        assertEquals(OrderStatus.CANCELLED, onlyOrder("ACC6001").status());
        // a cancelled order cannot be changed any more
        String late = his.send(orm("OC-4", "XO", "BN6001", "HOÀNG^LAN", "PL6001", "ACC6001", "RP6001", "SPS6001", null));
        assertEquals("AE", field(late, "MSA", 1), late);

        assertEquals("AA", field(his.send(omi("OC-5", "NW", "BN6001", "HOÀNG^LAN", "PL6002", "ACC6002", "RP6002", "SPS6002",
                "1.2.840.99.6002")), "MSA", 1));
        ris.orders.setStatus(onlyOrder("ACC6002").pk(), OrderStatus.IN_PROGRESS);
        assertEquals("AA", field(his.send(omi("OC-6", "DC", "BN6001", "HOÀNG^LAN", "PL6002", "ACC6002", "RP6002", "SPS6002",
                "1.2.840.99.6002")), "MSA", 1));
        assertEquals(OrderStatus.DISCONTINUED, onlyOrder("ACC6002").status());
    }

    @Test
    void missingIdentifiersAreGeneratedAndTheCatalogueFillsModality() throws Exception {
        String m = message(msh("ORM^O01", "GEN-1", "2.3.1", "UNICODE UTF-8"), pid("BN7001", "ĐỖ^VĂN HÙNG", "19900202", "M"),
                seg("ORC", 1, "NW", 2, "PL7001"), seg("OBR", 1, "1", 2, "PL7001", 4, "18.0119.0028^^BYT"));
        assertEquals("AA", field(his.send(m), "MSA", 1));
        Order o = ris.orders.inTransaction(c -> ris.orders.findByPlacerOrderNumber(c, "PL7001")).get(0);
        assertEquals("SEN" + o.pk(), o.accessionNumber());
        assertEquals("SENR" + o.pk(), o.requestedProcedureId());
        assertEquals("SENS" + o.pk(), o.spsId());
        assertTrue(o.studyUid().startsWith("2.25."), o.studyUid());
        assertEquals("CT", o.modality());
        assertEquals("Chụp CT sọ não không tiêm thuốc cản quang", o.procedureMeaning());
        assertEquals("BYT", o.procedureScheme());
        assertNull(o.scheduledStart());
    }

    @Test
    void aFailedMessageCanBeReplayed() throws Exception {
        String xo = orm("RP-1", "XO", "BN8001", "MAI^HOA", "PL8001", "ACC8001", "RP8001", "SPS8001", null);
        String ack = his.send(xo);
        assertEquals("AE", field(ack, "MSA", 1), ack);
        assertEquals("204", field(ack, "ERR", 3).split("\\^")[0]);
        his.send(orm("RP-2", "NW", "BN8001", "MAI^HOA", "PL8001", "ACC8001", "RP8001", "SPS8001", null));
        ReceivedMessage failed = ris.receiver.messages("AE", 1000, 0, false).stream()
                .filter(r -> r.controlId().equals("RP-1")).findFirst().orElseThrow();
        ReceivedMessage replayed = ris.receiver.replay(failed.pk()).orElseThrow();
        assertEquals("AA", replayed.outcome());
        assertEquals(1, onlyOrder("ACC8001").version());
    }
}
