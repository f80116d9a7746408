package org.senpacs.ris.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.senpacs.ris.hl7.Hl7Messages.msh;
import static org.senpacs.ris.hl7.Hl7Messages.orm;
import static org.senpacs.ris.hl7.Hl7Messages.pid;
import static org.senpacs.ris.hl7.Hl7Messages.seg;
import static org.senpacs.ris.hl7.Hl7TestClient.field;
import static org.senpacs.ris.hl7.Hl7TestClient.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.archive.patient.Patients.PatientKey;

/**
 * Malformed HL7: each message is answered AE or AR with an ERR naming the field at fault (ERR-2
 * location, ERR-3 code, ERR-8 text), nothing of it is applied, it is kept with its outcome, and
 * the listener goes on serving the same connection.
 */
class Hl7MalformedTest extends RisOnH2 {

    /** A case: name, message text, expected MSA-1, ERR-3 code, ERR-2 location prefix. */
    Stream<Arguments> badMessages() {
        String ormOk = orm("M-0", "NW", "BNX", "LÝ^THỊ MAI", "PLX", "ACCX", "RPX", "SPSX", "1.2.840.99.99");
        return Stream.of(
                Arguments.of("bad birth date", message(msh("ADT^A01", "M-1", "2.3.1", "UNICODE UTF-8"),
                        pid("BNM1", "LÝ^THỊ MAI", "19801301", "F")), "AE", "102", "PID^1^7^1"),
                Arguments.of("missing PID-3", message(msh("ADT^A04", "M-2", "2.5.1", "UNICODE UTF-8"),
                        seg("PID", 1, "1", 5, "LÝ^THỊ MAI")), "AE", "101", "PID^1^3^1^1"),
                Arguments.of("unknown order control", ormOk.replace("M-0", "M-3").replace("ORC|NW", "ORC|ZZ"),
                        "AE", "103", "ORC^1^1^1"),
                Arguments.of("bad scheduled start", ormOk.replace("M-0", "M-4").replace("^^^20240602083000|", "^^^2024-06-02|"),
                        "AE", "102", "ORC^1^7^1^4"),
                Arguments.of("accession too long", ormOk.replace("M-0", "M-5").replace("ACCX", "ACC-LONGER-THAN-SIXTEEN"),
                        "AE", "102", "OBR^1^18^1"),
                Arguments.of("unsupported message type", message(msh("ORU^R01", "M-6", "2.5.1", "UNICODE UTF-8"),
                        pid("BNM6", "A^B", "19800101", "F")), "AR", "200", "MSH^1^9^1"),
                Arguments.of("unsupported event", message(msh("ADT^A99", "M-7", "2.5.1", "UNICODE UTF-8"),
                        pid("BNM7", "A^B", "19800101", "F")), "AR", "201", "MSH^1^9^1^2"),
                Arguments.of("unsupported version", message(msh("ADT^A01", "M-8", "2.9", "UNICODE UTF-8"),
                        pid("BNM8", "A^B", "19800101", "F")), "AR", "203", "MSH^1^12^1"),
                Arguments.of("unknown character set", message(msh("ADT^A01", "M-9", "2.5.1", "EBCDIC"),
                        pid("BNM9", "A^B", "19800101", "F")), "AR", "103", "MSH^1^18^1"),
                Arguments.of("PID after ORC", message(msh("ORM^O01", "M-10", "2.3.1", "UNICODE UTF-8"),
                        seg("ORC", 1, "NW", 2, "PLM10"), pid("BNM10", "A^B", "19800101", "F"), seg("OBR", 1, "1", 2, "PLM10")),
                        "AR", "100", "PID^1"),
                Arguments.of("merge without MRG", message(msh("ADT^A40", "M-11", "2.5.1", "UNICODE UTF-8"),
                        pid("BNM11", "A^B", "19800101", "F")), "AE", "101", "MRG^1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void answeredWithPreciseErrAndNothingApplied(String name, String msg, String code, String error, String location)
            throws Exception {
        int ordersBefore = countOrders();
        String ack = his.sendRaw(msg);
        assertEquals(code, field(ack, "MSA", 1), ack);
        assertEquals(error, field(ack, "ERR", 3).split("\\^")[0], ack);
        assertTrue(field(ack, "ERR", 2).startsWith(location), ack);
        assertTrue(!field(ack, "ERR", 8).isEmpty(), ack);
        assertEquals(ordersBefore, countOrders());
        String pid = field(msg, "PID", 3).split("\\^")[0];
        if (!pid.isEmpty()) assertTrue(patientAbsent(pid), "patient " + pid + " must not have been created");
        String control = field(msg, "MSH", 10);
        assertTrue(ris.receiver.messages(code, 1000, 0, true).stream()
                .anyMatch(r -> r.controlId().equals(control) && r.payload().equals(msg.strip()) && r.ack().equals(ack)));
        // the listener still serves HAPI's connection
        assertEquals("AA", field(his.send(Hl7Messages.adt("A31", "OK-" + control, "BNOK", "TRẦN^AN")), "MSA", 1));
    }

    @Test
    void bytesNotValidInTheDeclaredCharsetAreRejectedAtTheirField() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((msh("ADT^A01", "M-20", "2.5.1", "UNICODE UTF-8") + "\rPID|1||BNM20^^^BVBM^PI||").getBytes(StandardCharsets.UTF_8));
        b.write(0xC3);
        b.write(0x28); // not UTF-8
        b.writeBytes("^AN|||19800101|M\r".getBytes(StandardCharsets.UTF_8));
        String ack = his.sendRaw(b.toByteArray(), StandardCharsets.UTF_8);
        assertEquals("AR", field(ack, "MSA", 1), ack);
        assertEquals("M-20", field(ack, "MSA", 2));
        assertEquals("102", field(ack, "ERR", 3).split("\\^")[0]);
        assertTrue(field(ack, "ERR", 2).startsWith("PID^1^5"), ack);
        assertTrue(patientAbsent("BNM20"));
    }

    @Test
    void notHl7AtAllIsRejectedAndKept() throws Exception {
        String ack = his.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("AR", field(ack, "MSA", 1), ack);
        assertTrue(ris.receiver.messages("AR", 1000, 0, true).stream().anyMatch(r -> r.payload().startsWith("GET / HTTP/1.1")));
    }

    @Test
    void missingControlIdIsRejected() throws Exception {
        String ack = his.sendRaw(message(msh("ADT^A01", "", "2.5.1", "UNICODE UTF-8"), pid("BNM30", "A^B", "19800101", "F")));
        assertEquals("AR", field(ack, "MSA", 1), ack);
        assertTrue(field(ack, "ERR", 2).startsWith("MSH^1^10"), ack);
        assertTrue(patientAbsent("BNM30"));
    }

    int countOrders() {
        return ris.orders.inTransaction(c -> {
            try (var rs = c.createStatement().executeQuery("select count(*) from ris_order")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    boolean patientAbsent(String id) throws Exception {
        try (Connection c = ris.archive.database().dataSource().getConnection()) {
            try {
                return ris.archive.patients().find(c, new PatientKey(id, "BVBM"), false).isEmpty();
            } finally {
                c.commit();
            }
        }
    }

}
