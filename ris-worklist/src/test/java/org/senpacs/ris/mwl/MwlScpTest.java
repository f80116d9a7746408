package org.senpacs.ris.mwl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.dicom.testing.Dcmtk;

/**
 * The Modality Worklist SCP queried by dcmtk's findscu, as a modality would, on H2 and on a real
 * PostgreSQL: Vietnamese names with and without diacritics, station AE and date/time ranges,
 * cancelled and completed orders gone, the attributes and character set of the answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MwlScpTest {

    static final LocalDateTime DAY = LocalDateTime.of(2024, 5, 10, 0, 0);

    @TempDir
    static Path dir;

    RisFixture h2;
    RisFixture pg;

    @BeforeAll
    void start() throws Exception {
        h2 = new RisFixture(Files.createDirectories(dir.resolve("h2")), RisFixture.Db.H2);
        pg = new RisFixture(Files.createDirectories(dir.resolve("pg")), RisFixture.Db.POSTGRESQL);
        for (RisFixture f : List.of(h2, pg)) {
            new MwlScp(new WorklistService(f.archive.database().dataSource(), WorklistOptions.DEFAULT)).register(f.services);
            f.insertOrder(order("BN001", "NGUYỄN^VĂN AN", "ACC1", "CT", "CT01", DAY.withHour(8).withMinute(30), "SCHEDULED"));
            f.insertOrder(order("BN002", "ĐẶNG^THỊ HOA", "ACC2", "MR", "MR01", DAY.withHour(10), "SCHEDULED"));
            f.insertOrder(order("BN003", "TRẦN^VĂN BÌNH", "ACC3", "CT", "CT01", DAY.plusDays(1).withHour(9), "SCHEDULED"));
            f.insertOrder(order("BN004", "SMITH^JOHN", "ACC4", "CT", "CT01", DAY.withHour(11), "CANCELLED"));
            f.insertOrder(order("BN005", "LÊ^VĂN CƯỜNG", "ACC5", "CR", "CR01", DAY.minusDays(1).withHour(15), "IN_PROGRESS"));
            f.insertOrder(order("BN006", "NGUYEN^THI DUNG", "ACC6", "CT", "CT02", DAY.withHour(14), "COMPLETED"));
            f.insertOrder(order("BN007", "NGUYEN^THI DUNG", "ACC7", "CT", "CT02", DAY.withHour(15), "DISCONTINUED"));
        }
    }

    static RisFixture.Order order(String pid, String name, String acc, String modality, String aet, LocalDateTime start, String status) {
        return new RisFixture.Order(pid, name, "19800101", "M", acc, "RP" + acc, "2.25.7" + acc.substring(3), "SPS" + acc,
                modality, aet, start, "18.0119.0028", "BYT", "Chụp CLVT sọ não không tiêm thuốc cản quang", status);
    }

    @AfterAll
    void stop() throws Exception {
        if (h2 != null) h2.close();
        if (pg != null) pg.close();
    }

    Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg));
    }

    /** findscu -W with the usual return keys of a modality plus the given matching keys. */
    List<DataSet> worklist(RisFixture f, String... matching) throws Exception {
        List<String> keys = new ArrayList<>(List.of("AccessionNumber", "PatientName", "PatientID",
                "ScheduledProcedureStepSequence[0].Modality", "ScheduledProcedureStepSequence[0].ScheduledStationAETitle",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime"));
        keys.addAll(List.of(matching));
        return f.findscu(dir, "-W", keys.toArray(String[]::new));
    }

    static List<String> accessions(List<DataSet> matches) {
        return matches.stream().map(d -> d.getString(Tag.AccessionNumber)).sorted().toList();
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("databases")
    void stationAndDate(String name, RisFixture f) throws Exception {
        assertEquals(List.of("ACC1"), accessions(worklist(f, "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=CT01",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20240510")));
        assertEquals(List.of("ACC1", "ACC2", "ACC3"), accessions(worklist(f,
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20240510-20240511")));
        assertEquals(List.of("ACC1", "ACC2", "ACC5"), accessions(worklist(f,
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=-20240510")));
        // a date and a time range together are one date-time range
        assertEquals(List.of("ACC2"), accessions(worklist(f,
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20240510",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime=0900-1200")));
        assertEquals(List.of("ACC2", "ACC3"), accessions(worklist(f,
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20240510-20240511",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime=0900-1000")));
        assertEquals(List.of("ACC2"), accessions(worklist(f, "ScheduledProcedureStepSequence[0].Modality=MR")));
        assertEquals(List.of("ACC1", "ACC2", "ACC3"), accessions(worklist(f,
                "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=CT01\\MR01")));
        assertEquals(List.of("ACC1", "ACC3", "ACC5"), accessions(worklist(f,
                "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=C*")));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("databases")
    void patientNamesWithAndWithoutDiacritics(String name, RisFixture f) throws Exception {
        assertEquals(List.of("ACC1"), accessions(worklist(f, "PatientName=nguyen*")));
        assertEquals(List.of("ACC1"), accessions(worklist(f, "SpecificCharacterSet=ISO_IR 192", "PatientName=NGUYỄN^VĂN*")));
        assertEquals(List.of("ACC2"), accessions(worklist(f, "PatientName=dang^thi hoa")));
        assertEquals(List.of("ACC2"), accessions(worklist(f, "SpecificCharacterSet=ISO_IR 192", "PatientName=ĐẶNG*")));
        assertEquals(List.of("ACC3"), accessions(worklist(f, "SpecificCharacterSet=ISO_IR 192", "PatientName=TR?N^*")));
        assertEquals(List.of("ACC1"), accessions(worklist(f, "PatientID=BN001")));
        assertEquals(List.of("ACC3"), accessions(worklist(f, "AccessionNumber=ACC3")));
        assertEquals(List.of("ACC2"), accessions(worklist(f, "RequestedProcedureID=RPACC2")));
        assertEquals(List.of("ACC2"), accessions(worklist(f, "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID=SPS?CC2")));
        // cancelled, completed and discontinued orders are not on the worklist
        assertEquals(List.of(), worklist(f, "AccessionNumber=ACC4"));
        assertEquals(List.of(), worklist(f, "PatientName=NGUYEN^THI*"));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("databases")
    void theItemHasWhatModalitiesUse(String name, RisFixture f) throws Exception {
        List<DataSet> m = f.findscu(dir, "-W", "AccessionNumber=ACC1", "SpecificCharacterSet", "PatientName", "PatientID",
                "IssuerOfPatientID", "PatientBirthDate", "PatientSex", "MedicalAlerts", "ReferringPhysicianName",
                "RequestingPhysician", "RequestedProcedureID", "RequestedProcedureDescription", "RequestedProcedureCodeSequence",
                "StudyInstanceUID", "ReferencedStudySequence", "ReasonForTheRequestedProcedure", "ScheduledProcedureStepSequence",
                "AdmissionID");
        assertEquals(1, m.size());
        DataSet d = m.get(0);
        assertEquals("ISO_IR 192", d.getString(Tag.SpecificCharacterSet));
        assertEquals("NGUYỄN^VĂN AN", d.getString(Tag.PatientName));
        assertEquals("BN001", d.getString(Tag.PatientID));
        assertEquals("19800101", d.getString(Tag.PatientBirthDate));
        assertEquals("M", d.getString(Tag.PatientSex));
        assertEquals("Dị ứng thuốc cản quang", d.getString(Tag.MedicalAlerts));
        assertEquals("VÕ^THỊ LAN", d.getString(Tag.ReferringPhysicianName));
        assertEquals("PHẠM^VĂN ĐỨC", d.getString(Tag.RequestingPhysician));
        assertEquals("RPACC1", d.getString(Tag.RequestedProcedureID));
        assertEquals("2.25.71", d.getString(Tag.StudyInstanceUID));
        assertEquals("Đau đầu kéo dài", d.getString(Tag.ReasonForTheRequestedProcedure));
        assertTrue(d.contains(Tag.ReferencedStudySequence));
        assertTrue(d.contains(Tag.AdmissionID), "a key without a value in the item is returned empty");
        assertNull(d.getString(Tag.AdmissionID));
        DataSet code = d.getSequence(Tag.RequestedProcedureCodeSequence).get(0);
        assertEquals("18.0119.0028", code.getString(Tag.CodeValue));
        assertEquals("BYT", code.getString(Tag.CodingSchemeDesignator));
        assertEquals("Chụp CLVT sọ não không tiêm thuốc cản quang", code.getString(Tag.CodeMeaning));
        DataSet sps = d.getSequence(Tag.ScheduledProcedureStepSequence).get(0);
        assertEquals("CT", sps.getString(Tag.Modality));
        assertEquals("CT01", sps.getString(Tag.ScheduledStationAETitle));
        assertEquals("Phòng CT01", sps.getString(Tag.ScheduledStationName));
        assertEquals("20240510", sps.getString(Tag.ScheduledProcedureStepStartDate));
        assertEquals("083000", sps.getString(Tag.ScheduledProcedureStepStartTime));
        assertEquals("SPSACC1", sps.getString(Tag.ScheduledProcedureStepID));
        assertEquals("SCHEDULED", sps.getString(Tag.ScheduledProcedureStepStatus));
        assertEquals("Chụp CLVT sọ não không tiêm thuốc cản quang", sps.getString(Tag.ScheduledProcedureStepDescription));
        assertEquals("18.0119.0028", sps.getSequence(Tag.ScheduledProtocolCodeSequence).get(0).getString(Tag.CodeValue));
        // what dcmtk itself reads from the answer
        Path rsp = Files.createTempDirectory(dir, "dump");
        Dcmtk.Result found = Dcmtk.run("findscu", "-aec", RisFixture.AET, "-W", "-X", "-od", rsp.toString(),
                "-k", "AccessionNumber=ACC1", "-k", "PatientName", "localhost", Integer.toString(f.port()));
        assertEquals(0, found.exitCode(), found.output());
        Dcmtk.Result dump = Dcmtk.run("dcmdump", rsp.resolve("rsp0001.dcm").toString());
        assertEquals(0, dump.exitCode(), dump.output());
        assertTrue(dump.output().contains("(0008,0005) CS [ISO_IR 192]"), dump.output());
        assertTrue(dump.output().contains("(0010,0010) PN [NGUYỄN^VĂN AN]"), dump.output());
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("databases")
    void asciiAnswersHaveNoCharacterSetAndStartedStepsAreListed(String name, RisFixture f) throws Exception {
        List<DataSet> m = f.findscu(dir, "-W", "AccessionNumber=ACC5", "PatientID",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus");
        assertEquals(1, m.size());
        assertNull(m.get(0).getString(Tag.SpecificCharacterSet));
        assertEquals("STARTED", m.get(0).getSequence(Tag.ScheduledProcedureStepSequence).get(0).getString(Tag.ScheduledProcedureStepStatus));
        assertEquals(List.of(), f.findscu(dir, "-W", "AccessionNumber=ACC5",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus=SCHEDULED"));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("databases")
    void anOrderCancelledLaterDisappears(String name, RisFixture f) throws Exception {
        long pk = f.insertOrder(order("BN008", "HOÀNG^VĂN EM", "ACC8", "US", "US01", DAY.withHour(9), "SCHEDULED"));
        assertEquals(List.of("ACC8"), accessions(worklist(f, "PatientName=hoang*")));
        f.setStatus(pk, "CANCELLED");
        assertEquals(List.of(), worklist(f, "PatientName=hoang*"));
    }

    @Test
    void badKeysAreRefusedWithAStatus() throws Exception {
        try (Association as = new Connector().connect("localhost", h2.port(), new AssociationRequest("MODALITY", RisFixture.AET)
                .addContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian), null)) {
            DataSet keys = new DataSet();
            keys.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem()
                    .setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "2024-05-10");
            DimseResult r = new Scu(as).find(UID.ModalityWorklistInformationModelFind, keys).finalResponse();
            assertEquals(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, r.status());
            assertTrue(r.errorComment().contains("2024-05-10"), r.errorComment());
            // the association goes on serving
            keys.getSequence(Tag.ScheduledProcedureStepSequence).get(0).setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20240510");
            Scu.FindResults ok = new Scu(as).find(UID.ModalityWorklistInformationModelFind, keys);
            int n = 0;
            while (ok.hasNext()) {
                ok.next();
                n++;
            }
            assertEquals(Status.SUCCESS, ok.finalResponse().status());
            assertTrue(n >= 2, "matches of 20240510: " + n);
            as.release();
        }
    }

    @Test
    void maxResultsAndCancel() throws Exception {
        List<RisFixture.Order> bulk = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            bulk.add(new RisFixture.Order("BULK", "BULK^PATIENT", null, null, "BULK" + i, "RP", "2.25.9" + i, "SPSBULK" + i,
                    "CT", "BULK", DAY.plusDays(30), null, null, null, "SCHEDULED"));
        }
        h2.insertOrders(bulk);
        WorklistService two = new WorklistService(h2.archive.database().dataSource(), new WorklistOptions(2, true, true));
        List<DataSet> got = new ArrayList<>();
        WorklistService.Outcome o = two.query(new DataSet(), false, got::add);
        assertEquals(2, got.size());
        assertTrue(o.truncated());

        try (Association as = new Connector().connect("localhost", h2.port(), new AssociationRequest("MODALITY", RisFixture.AET)
                .addContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian), null)) {
            DataSet keys = new DataSet();
            keys.setEmpty(Tag.AccessionNumber, VR.SH);
            keys.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem().setString(Tag.ScheduledStationAETitle, VR.AE, "BULK");
            Scu.FindResults results = new Scu(as).find(UID.ModalityWorklistInformationModelFind, keys);
            assertTrue(results.hasNext());
            results.next();
            results.cancel();
            int after = 0;
            while (results.hasNext()) {
                results.next();
                after++;
            }
            assertEquals(Status.CANCEL, results.finalResponse().status());
            assertTrue(after < 999, "cancel stops the answer: " + after + " more matches came");
            as.release();
        }
    }
}
