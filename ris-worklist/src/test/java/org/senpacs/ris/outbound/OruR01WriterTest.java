package org.senpacs.ris.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ORU^R01 as written, parsed back by HAPI, without sockets. */
class OruR01WriterTest {

    private static final HisDestination HIS = new HisDestination("his", "localhost", 2575, false, "HIS", "BV");

    private static ResultReport report(String name, String birthDate, String filler, String findings, String author) {
        return new ResultReport("BN1", "", name, birthDate, "X", null, filler, "ACC1", "RP1", "SPS1", "18.0119.0028", "BYT",
                "Chụp X-quang ngực thẳng", null, "P", findings, null, author, "20250304101500+0700");
    }

    private static ORU_R01 parse(String encoded) throws Exception {
        return (ORU_R01) new DefaultHapiContext().getPipeParser().parse(encoded);
    }

    @Test
    void formattedTextLinesWithoutBlankEdges() throws Exception {
        OruR01Writer writer = new OruR01Writer(OutboundOptions.DEFAULT.withTextType("FT"));
        String findings = "\n\r\nDòng một   \r\n\r\nDòng ba ~ \\ & |\n\n";
        ORU_R01 oru = parse(writer.write(report("TRẦN^AN^^BS.^Jr.=ちん^あん", "1990-01-01", "", findings, "Bác sĩ Lý"),
                HIS, "C1", Instant.parse("2025-03-04T03:15:00Z")));
        ORU_R01_ORDER_OBSERVATION oo = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < oo.getOBSERVATIONReps(); i++) {
            OBX obx = oo.getOBSERVATION(i).getOBX();
            assertEquals("FT", obx.getValueType().getValue());
            assertEquals("P", obx.getObservationResultStatus().getValue());
            lines.add(java.util.Objects.toString(((Primitive) obx.getObservationValue(0).getData()).getValue(), ""));
        }
        assertEquals(List.of("Dòng một", "", "Dòng ba ~ \\ & |"), lines, "inner blank lines kept (an empty OBX-5), edges and trailing blanks dropped");

        PID pid = oru.getPATIENT_RESULT().getPATIENT().getPID();
        assertEquals("TRẦN", pid.getPatientName(0).getFamilyName().getSurname().getValue());
        assertEquals("AN", pid.getPatientName(0).getGivenName().getValue());
        assertEquals("BS.", pid.getPatientName(0).getPrefixEgDR().getValue());
        assertEquals("Jr.", pid.getPatientName(0).getSuffixEgJRorIII().getValue(), "the ideographic group is left out");
        assertNull(pid.getDateTimeOfBirth().getTime().getValue(), "a birth date that is not YYYYMMDD is left out");
        assertNull(pid.getAdministrativeSex().getValue(), "a sex that HL7 does not know is left out");
        assertNull(pid.getPatientIdentifierList(0).getAssigningAuthority().getNamespaceID().getValue(), "no issuer");

        var obr = oo.getOBR();
        assertEquals("ACC1", obr.getFillerOrderNumber().getEntityIdentifier().getValue(), "no filler number: the accession");
        assertEquals("ACC1", oo.getORC().getFillerOrderNumber().getEntityIdentifier().getValue());
        assertNull(obr.getPlacerOrderNumber().getEntityIdentifier().getValue());
        assertEquals("Bác sĩ Lý", obr.getPrincipalResultInterpreter().getNdl1_Name().getFamilyName().getValue(),
                "a plain author is the interpreter's name");
        assertNull(obr.getPrincipalResultInterpreter().getNdl1_Name().getIDNumber().getValue());
        assertEquals("20250304101500+0700", obr.getResultsRptStatusChngDateTime().getTime().getValue());
        assertEquals("C1", oru.getMSH().getMessageControlID().getValue());
        assertEquals("HIS", oru.getMSH().getReceivingApplication().getNamespaceID().getValue());
    }

    @Test
    void controlIdsAreShortAndDistinct() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Outbox.newControlId();
            assertEquals(20, id.length(), "MSH-10 holds 20 characters");
            ids.add(id);
        }
        assertEquals(1000, ids.size());
    }

    @Test
    void retryDelaysDoubleUpToTheMaximum() {
        OutboundOptions o = OutboundOptions.DEFAULT.withRetries(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60), 5);
        assertEquals(List.of(10L, 20L, 40L, 60L, 60L), List.of(1, 2, 3, 4, 30).stream().map(n -> o.retryDelay(n).toSeconds()).toList());
    }
}
