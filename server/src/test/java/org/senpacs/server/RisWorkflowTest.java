package org.senpacs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.Uids;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.dicom.testing.Dcmtk;
import org.senpacs.ris.hl7.Hl7Messages;
import org.senpacs.ris.hl7.Hl7TestClient;
import org.senpacs.ris.outbound.TestHis;
import org.senpacs.server.config.ConfigLoader;

/**
 * IHE Scheduled Workflow through the whole product, with peers we did not write: HAPI's client
 * sends the patient and the order (Vietnamese, UTF-8) → dcmtk findscu finds the worklist item →
 * the modality's MPPS (our SCU) starts and completes the step → dcmtk storescu stores the images
 * under the order's Study UID and accession → the order shows completed with images → a final
 * report posted over REST reaches the HIS (HAPI's server) as an ORU^R01, although the HIS was down
 * and Sen was restarted in between.
 */
class RisWorkflowTest {

    @TempDir
    Path dir;


    private SenNode start(TestHis his) throws Exception {
        Path yaml = Files.writeString(dir.resolve("sen.yaml"), """
                his-destinations:
                  HIS: {host: 127.0.0.1, port: %d, tls: false, application: HIS_APP, facility: BV_BACHMAI}
                ris:
                  retry-first-seconds: 1
                  retry-max-seconds: 1
                """.formatted(his.port()));
        var config = new ConfigLoader().load(yaml, Map.of("SEN_DATA", dir.resolve("data").toString(), "SEN_DICOM_PORT", "0",
                "SEN_HTTP_PORT", "0", "SEN_HL7_PORT", "0", "SEN_DICOM_BIND", "127.0.0.1", "SEN_HTTP_BIND", "127.0.0.1",
                "SEN_HL7_BIND", "127.0.0.1"));
        SenNode node = new SenNode(config);
        node.start();
        return node;
    }

    @Test
    void orderToWorklistToMppsToImagesToReport() throws Exception {
        Dcmtk.require("findscu");
        String studyUid = Uids.create();
        try (TestHis his = new TestHis()) {
            SenNode node = start(his); // the HIS is not listening yet
            try {
                // 1. The HIS registers the patient and orders a head CT (HAPI's own client, MSH-18 UNICODE UTF-8).
                try (Hl7TestClient hl7 = new Hl7TestClient(node.hl7Port())) {
                    assertEquals("AA", Hl7TestClient.field(hl7.send(Hl7Messages.adt("A04", "WF1", "BN9001", "ĐỖ^THỊ HỒNG")),
                            "MSA", 1));
                    String orm = Hl7Messages.orm("WF2", "NW", "BN9001", "ĐỖ^THỊ HỒNG", "PL9001", "ACC9001", "RP9001", "SPS9001",
                            studyUid);
                    assertEquals("AA", Hl7TestClient.field(hl7.send(orm), "MSA", 1));
                }

                // 2. The CT console queries the worklist (dcmtk findscu -W) and finds the item, names intact.
                Path mwl = Files.createDirectories(dir.resolve("mwl"));
                var found = Dcmtk.run("findscu", "-W", "-aet", "CT01", "-aec", "SEN", "-X", "-od", mwl.toString(),
                        "-k", "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=CT01",
                        "-k", "PatientName=do^thi hong", "-k", "AccessionNumber", "-k", "StudyInstanceUID",
                        "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID",
                        "127.0.0.1", Integer.toString(node.dicomPort()));
                assertEquals(0, found.exitCode(), found.output());
                List<Path> answers;
                try (var s = Files.list(mwl)) {
                    answers = s.toList();
                }
                assertEquals(1, answers.size(), found.output());
                var dump = Dcmtk.run("dcmdump", "+U8", answers.get(0).toString());
                assertTrue(dump.output().contains("ĐỖ^THỊ HỒNG"), dump.output());
                assertTrue(dump.output().contains("ACC9001") && dump.output().contains(studyUid) && dump.output().contains("SPS9001"),
                        dump.output());

                // 3. The modality starts and completes the step (MPPS N-CREATE, N-SET).
                String mppsUid = Uids.create();
                Association as = new Connector().connect("127.0.0.1", node.dicomPort(), new AssociationRequest("CT01", "SEN")
                        .addContext(UID.ModalityPerformedProcedureStep, UID.ExplicitVRLittleEndian), null);
                try {
                    Scu scu = new Scu(as);
                    assertEquals(Status.SUCCESS, scu.nCreate(UID.ModalityPerformedProcedureStep, mppsUid,
                            inProgress(studyUid, 9001, "ĐỖ^THỊ HỒNG")).status());
                    assertEquals("IN_PROGRESS", new RestApi(node.httpPort()).order("ACC9001").path("status").asText());
                    assertEquals(Status.SUCCESS, scu.nSet(UID.ModalityPerformedProcedureStep, mppsUid, completed()).status());
                } finally {
                    as.release();
                }

                // 4. The images arrive (dcmtk storescu) under the order's Study UID and accession.
                Path images = Files.createDirectories(dir.resolve("images"));
                for (int i = 1; i <= 3; i++) {
                    DataSet ds = image(studyUid, i);
                    new DataSetWriter().writeFile(images.resolve(i + ".dcm"),
                            DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
                }
                var stored = Dcmtk.run("storescu", "-aet", "CT01", "-aec", "SEN", "+sd", "127.0.0.1",
                        Integer.toString(node.dicomPort()), images.toString());
                assertEquals(0, stored.exitCode(), stored.output());
                JsonNode order = new RestApi(node.httpPort()).order("ACC9001");
                assertEquals("COMPLETED", order.path("status").asText());
                assertTrue(order.path("imagesAvailable").asBoolean(), order.toString());

                // 5. The radiologist signs a final report; the HIS is down, so it waits in the outbox.
                HttpResponse<String> posted = new RestApi(node.httpPort()).post("/reports", Map.of("order", order.path("pk").asLong(),
                        "status", "FINAL", "findings", "Không thấy tổn thương khu trú nhu mô não.",
                        "impression", "Không thấy bất thường.", "author", "BS001^TRẦN^VĂN BÌNH"));
                assertEquals(201, posted.statusCode(), posted.body());
                await(() -> new RestApi(node.httpPort()).outbox().path(0).path("attempts").asInt() >= 1, "a first failed attempt");
                assertEquals("PENDING", new RestApi(node.httpPort()).outbox().path(0).path("status").asText());
            } finally {
                node.close();
            }

            // 6. Sen restarts; the HIS comes up; the report arrives as an ORU^R01.
            his.start();
            SenNode again = start(his);
            try {
                await(() -> !his.received().isEmpty(), "the ORU^R01 at the HIS");
                String oru = his.received().get(0);
                assertEquals("ORU^R01^ORU_R01", Hl7TestClient.field(oru, "MSH", 9));
                assertEquals("UNICODE UTF-8", Hl7TestClient.field(oru, "MSH", 18));
                assertTrue(Hl7TestClient.field(oru, "PID", 3).startsWith("BN9001"), oru);
                assertEquals("ĐỖ^THỊ HỒNG", Hl7TestClient.field(oru, "PID", 5));
                assertEquals("ACC9001", Hl7TestClient.field(oru, "OBR", 18));
                assertEquals("F", Hl7TestClient.field(oru, "OBR", 25));
                assertTrue(oru.contains("Không thấy tổn thương khu trú nhu mô não."), oru);
                await(() -> "SENT".equals(new RestApi(again.httpPort()).outbox().path(0).path("status").asText()), "the outbox to mark it sent");
            } finally {
                again.close();
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) throw new AssertionError("gave up waiting for " + what);
            Thread.sleep(100);
        }
    }

    /** The MPPS N-CREATE of the order numbered {@code n} (accession ACCn, steps RPn and SPSn, patient BNn). */
    static DataSet inProgress(String studyUid, int n, String patientName) {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        DataSet ssa = ds.newSequence(Tag.ScheduledStepAttributesSequence, 1).addItem();
        ssa.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        ssa.setString(Tag.AccessionNumber, VR.SH, "ACC" + n);
        ssa.setString(Tag.RequestedProcedureID, VR.SH, "RP" + n);
        ssa.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS" + n);
        ssa.setEmpty(Tag.ReferencedStudySequence, VR.SQ);
        ds.setString(Tag.PatientName, VR.PN, patientName);
        ds.setString(Tag.PatientID, VR.LO, "BN" + n);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PerformedStationAETitle, VR.AE, "CT01");
        ds.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS" + n);
        ds.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20240602");
        ds.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "083500");
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        ds.setEmpty(Tag.PerformedSeriesSequence, VR.SQ);
        return ds;
    }

    private static DataSet completed() {
        DataSet ds = new DataSet();
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        ds.setString(Tag.PerformedProcedureStepEndDate, VR.DA, "20240602");
        ds.setString(Tag.PerformedProcedureStepEndTime, VR.TM, "084500");
        return ds;
    }

    private static DataSet image(String studyUid, int n) {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, studyUid + ".1." + n);
        ds.setString(Tag.StudyDate, VR.DA, "20240602");
        ds.setString(Tag.StudyTime, VR.TM, "083600");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC9001");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "ĐỖ^THỊ HỒNG");
        ds.setString(Tag.PatientID, VR.LO, "BN9001");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "BVBM");
        ds.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, studyUid + ".1");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(n));
        ds.setInt(Tag.Rows, VR.US, 8);
        ds.setInt(Tag.Columns, VR.US, 8);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[128]);
        return ds;
    }
}
