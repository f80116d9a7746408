package org.senpacs.ris.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.ris.outbound.Hl7Time;
import org.senpacs.ris.outbound.Outbox;
import org.senpacs.ris.outbound.OutboundOptions;
import org.senpacs.ris.outbound.OutboxMessage;
import org.senpacs.ris.outbound.OutboxSender;
import org.senpacs.ris.outbound.OutboxStatus;
import org.senpacs.ris.RisDatabase;
import org.senpacs.ris.outbound.TestHis;

/**
 * Reports saved in the RIS reach a HIS (HAPI's own MLLP server) as ORU^R01 v2.5.1 through the
 * outbox: fields as the HIS parses them, Vietnamese text intact, P / F / C in the order saved,
 * retried while the HIS is down, and delivered after a restart. The main test runs on H2 and on
 * PostgreSQL.
 */
class ReportToHisTest {

    static final String NAME = "NGUYỄN^THỊ MINH KHAI";
    static final String FINDINGS = "Nhu mô não không thấy tổn thương khu trú.\nĐường giữa không di lệch | ^ & ~ \\ giữ nguyên.";
    static final String IMPRESSION = "Không thấy bất thường trên phim CLVT sọ não.";

    @TempDir
    static Path dir;
    static RisDatabase h2;
    static RisDatabase pg;

    @BeforeAll
    static void open() throws Exception {
        h2 = new RisDatabase(Files.createDirectories(dir.resolve("h2")), RisDatabase.Kind.H2);
        pg = new RisDatabase(Files.createDirectories(dir.resolve("pg")), RisDatabase.Kind.POSTGRESQL);
    }

    @AfterAll
    static void close() throws Exception {
        if (h2 != null) h2.close();
        if (pg != null) pg.close();
    }

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg));
    }

    static OutboundOptions options(TestHis his, String destination) {
        return OutboundOptions.DEFAULT.withSender("SEN_RIS", "BV_BACHMAI_CDHA")
                .withDestinations(List.of(his.destination(destination)))
                .withRetries(Duration.ofMillis(50), Duration.ofMillis(200), 1000)
                .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(200));
    }

    static Report save(ReportService reports, long order, ReportStatus status, String findings, Integer version) throws Exception {
        return reports.save(new ReportInput(order, null, status, findings, IMPRESSION, "BS001^TRẦN^VĂN BÌNH", version));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reportsReachTheHisInOrderOnceItIsUp(String name, RisDatabase db) throws Exception {
        long order = db.order("BN-" + name, NAME, "ACC-MAIN-" + name);
        Outbox outbox = new Outbox(db.dataSource());
        try (TestHis his = new TestHis(); OutboxSender sender = new OutboxSender(db.dataSource(), outbox, options(his, "main")).start()) {
            ReportService reports = new ReportService(db.dataSource(), db.archive().patients(), outbox, options(his, "main"));
            Report draft = save(reports, order, ReportStatus.DRAFT, "bản nháp", null);
            Report prelim = save(reports, order, ReportStatus.PRELIMINARY, FINDINGS, draft.version());

            // the HIS is down: the preliminary stays PENDING, its attempts grow, with the reason
            TestHis.awaitTrue(() -> head(outbox, "main").attempts() >= 3, "failed attempts");
            OutboxMessage waiting = head(outbox, "main");
            assertEquals(OutboxStatus.PENDING, waiting.status());
            assertNotNull(waiting.lastError());

            Report fin = save(reports, order, ReportStatus.FINAL, FINDINGS, prelim.version());
            Report corrected = save(reports, order, ReportStatus.CORRECTED, FINDINGS + "\nBổ sung: xoang hàm bình thường.", fin.version());
            his.start();
            List<String> got = his.await(3);
            assertEquals(3, got.size(), "a draft is not sent; each other save once");

            List<ORU_R01> orus = new ArrayList<>();
            for (String m : got) orus.add((ORU_R01) new DefaultHapiContext().getPipeParser().parse(m));
            assertEquals(List.of("P", "F", "C"), orus.stream().map(ReportToHisTest::resultStatus).toList(), "in the order saved");
            checkFinal(orus.get(1), db, order, "ACC-MAIN-" + name, "BN-" + name);
            assertTrue(text(orus.get(2)).contains("Bổ sung: xoang hàm bình thường."));
            TestHis.awaitTrue(() -> sent(outbox, "main") == 3, "all three marked SENT");
            assertEquals(4, corrected.version());
        }
    }

    @Test
    void pendingMessagesAreDeliveredAfterARestart() throws Exception {
        try (RisDatabase db = new RisDatabase(Files.createDirectories(dir.resolve("restart")), RisDatabase.Kind.H2);
             TestHis his = new TestHis()) {
            long order = db.order("BN-RS", NAME, "ACC-RESTART");
            Outbox outbox = new Outbox(db.dataSource());
            OutboxSender sender = new OutboxSender(db.dataSource(), outbox, options(his, "restart")).start();
            ReportService reports = new ReportService(db.dataSource(), db.archive().patients(), outbox, options(his, "restart"));
            save(reports, order, ReportStatus.FINAL, FINDINGS, null);
            TestHis.awaitTrue(() -> head(outbox, "restart").attempts() >= 1, "a failed attempt");
            sender.close();

            db.restart();
            Outbox reopened = new Outbox(db.dataSource());
            assertEquals(OutboxStatus.PENDING, reopened.list(null, "restart", 10).getFirst().status());
            his.start();
            try (OutboxSender again = new OutboxSender(db.dataSource(), reopened, options(his, "restart")).start()) {
                List<String> got = his.await(1);
                ORU_R01 oru = (ORU_R01) new DefaultHapiContext().getPipeParser().parse(got.getFirst());
                assertEquals("F", resultStatus(oru));
                assertEquals("ACC-RESTART", oru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR().getPlacerField1().getValue());
                TestHis.awaitTrue(() -> sent(reopened, "restart") == 1, "marked SENT after the restart");
            }
        }
    }

    /** Every field the brief names, as the HIS parsed it. */
    private static void checkFinal(ORU_R01 oru, RisDatabase db, long order, String accession, String patientId) throws Exception {
        MSH msh = oru.getMSH();
        assertEquals("SEN_RIS", msh.getSendingApplication().getNamespaceID().getValue());
        assertEquals("BV_BACHMAI_CDHA", msh.getSendingFacility().getNamespaceID().getValue());
        assertEquals("HIS_APP", msh.getReceivingApplication().getNamespaceID().getValue());
        assertEquals("BV_BACHMAI", msh.getReceivingFacility().getNamespaceID().getValue());
        assertEquals("ORU", msh.getMessageType().getMessageCode().getValue());
        assertEquals("R01", msh.getMessageType().getTriggerEvent().getValue());
        assertEquals("2.5.1", msh.getVersionID().getVersionID().getValue());
        assertEquals("UNICODE UTF-8", msh.getCharacterSet(0).getValue());
        assertNotNull(msh.getMessageControlID().getValue());

        PID pid = oru.getPATIENT_RESULT().getPATIENT().getPID();
        assertEquals(patientId, pid.getPatientIdentifierList(0).getIDNumber().getValue());
        assertEquals("BV_BACHMAI", pid.getPatientIdentifierList(0).getAssigningAuthority().getNamespaceID().getValue());
        assertEquals("NGUYỄN", pid.getPatientName(0).getFamilyName().getSurname().getValue());
        assertEquals("THỊ MINH KHAI", pid.getPatientName(0).getGivenName().getValue());
        assertEquals("19750203", pid.getDateTimeOfBirth().getTime().getValue());
        assertEquals("F", pid.getAdministrativeSex().getValue());
        assertEquals("U", oru.getPATIENT_RESULT().getPATIENT().getVISIT().getPV1().getPatientClass().getValue());

        ORU_R01_ORDER_OBSERVATION oo = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
        assertEquals("RE", oo.getORC().getOrderControl().getValue());
        assertEquals("PL-" + accession, oo.getORC().getPlacerOrderNumber().getEntityIdentifier().getValue());
        assertEquals("FL-" + accession, oo.getORC().getFillerOrderNumber().getEntityIdentifier().getValue());
        OBR obr = oo.getOBR();
        assertEquals("PL-" + accession, obr.getPlacerOrderNumber().getEntityIdentifier().getValue());
        assertEquals("FL-" + accession, obr.getFillerOrderNumber().getEntityIdentifier().getValue());
        assertEquals("18.0119.0028", obr.getUniversalServiceIdentifier().getIdentifier().getValue());
        assertEquals("Chụp CLVT sọ não không tiêm thuốc cản quang", obr.getUniversalServiceIdentifier().getText().getValue());
        assertEquals("BYT", obr.getUniversalServiceIdentifier().getNameOfCodingSystem().getValue());
        assertEquals(Hl7Time.format(Instant.parse("2025-03-04T02:30:00Z")), obr.getObservationDateTime().getTime().getValue());
        assertEquals(accession, obr.getPlacerField1().getValue());
        assertEquals("RP-" + accession, obr.getPlacerField2().getValue());
        assertEquals("F", obr.getResultStatus().getValue());
        assertEquals("BS001", obr.getPrincipalResultInterpreter().getNdl1_Name().getIDNumber().getValue());
        assertEquals("TRẦN", obr.getPrincipalResultInterpreter().getNdl1_Name().getFamilyName().getValue());
        assertEquals("VĂN BÌNH", obr.getPrincipalResultInterpreter().getNdl1_Name().getGivenName().getValue());

        List<String> lines = new ArrayList<>();
        for (int i = 0; i < oo.getOBSERVATIONReps(); i++) {
            OBX obx = oo.getOBSERVATION(i).getOBX();
            assertEquals(Integer.toString(i + 1), obx.getSetIDOBX().getValue());
            assertEquals("TX", obx.getValueType().getValue());
            assertEquals("F", obx.getObservationResultStatus().getValue());
            lines.add(obx.getObservationIdentifier().getIdentifier().getValue() + " " + value(obx));
        }
        assertEquals(List.of("121071 Nhu mô não không thấy tổn thương khu trú.",
                "121071 Đường giữa không di lệch | ^ & ~ \\ giữ nguyên.",
                "121073 " + IMPRESSION), lines);
    }

    /** OBX-5 as text (HAPI's parser has undone the escapes). */
    static String value(OBX obx) {
        return ((Primitive) obx.getObservationValue(0).getData()).getValue();
    }

    static String resultStatus(ORU_R01 oru) {
        return oru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR().getResultStatus().getValue();
    }

    static String text(ORU_R01 oru) throws Exception {
        StringBuilder sb = new StringBuilder();
        ORU_R01_ORDER_OBSERVATION oo = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
        for (int i = 0; i < oo.getOBSERVATIONReps(); i++) sb.append(value(oo.getOBSERVATION(i).getOBX())).append('\n');
        return sb.toString();
    }

    static OutboxMessage head(Outbox outbox, String destination) {
        try {
            List<OutboxMessage> all = outbox.list(null, destination, 100);
            return all.getLast();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static long sent(Outbox outbox, String destination) {
        try {
            return outbox.list(OutboxStatus.SENT, destination, 100).size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
