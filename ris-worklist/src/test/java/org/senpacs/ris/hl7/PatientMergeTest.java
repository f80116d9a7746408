package org.senpacs.ris.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.senpacs.ris.hl7.Hl7Messages.msh;
import static org.senpacs.ris.hl7.Hl7Messages.orm;
import static org.senpacs.ris.hl7.Hl7Messages.pid;
import static org.senpacs.ris.hl7.Hl7Messages.seg;
import static org.senpacs.ris.hl7.Hl7TestClient.field;
import static org.senpacs.ris.hl7.Hl7TestClient.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.senpacs.archive.patient.Patients.PatientKey;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.testing.Dcmtk;
import org.senpacs.ris.order.Order;

/**
 * A40 merge across orders and stored studies, and A47 identifier change, on H2 and on PostgreSQL:
 * a study stored with dcmtk's storescu under the prior patient ID is found by findscu under the
 * surviving ID only, the orders follow, and the listener is told which studies moved.
 */
class PatientMergeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RisFixture.Db.class)
    void mergeMovesOrdersAndStudiesThenIdChangeRenames(RisFixture.Db db) throws Exception {
        try (RisFixture ris = new RisFixture(Files.createDirectories(dir.resolve(db.name())), db);
             Hl7TestClient his = new Hl7TestClient(ris.hl7.port())) {
            assertEquals("AA", field(his.send(Hl7Messages.adt("A01", "MG-1", "BN-CU", "PHAN^VĂN CŨ")), "MSA", 1));
            assertEquals("AA", field(his.send(Hl7Messages.adt("A01", "MG-2", "BN-MOI", "PHAN^VĂN MỚI")), "MSA", 1));
            assertEquals("AA", field(his.send(orm("MG-3", "NW", "BN-CU", "PHAN^VĂN CŨ", "PLMG", "ACCMG", "RPMG", "SPSMG",
                    "1.2.840.99.777")), "MSA", 1));
            store(ris, "BN-CU", "PHAN^VĂN CŨ", "1.2.840.99.777");
            store(ris, "BN-CU", "PHAN^VĂN CŨ", "1.2.840.99.778");
            assertEquals(2, findStudies(ris, "BN-CU").size());

            String a40 = message(msh("ADT^A40^ADT_A39", "MG-4", "2.5.1", "UNICODE UTF-8"), seg("EVN", 2, "20240601100000"),
                    pid("BN-MOI", "PHAN^VĂN MỚI", "19800115", "M"), seg("MRG", 1, "BN-CU^^^BVBM^PI"));
            String ack = his.send(a40);
            assertEquals("AA", field(ack, "MSA", 1), ack);

            Order moved = ris.orders.findByAccession("ACCMG").get(0);
            assertEquals(new PatientKey("BN-MOI", "BVBM"), moved.patient());
            assertEquals(List.of(), findStudies(ris, "BN-CU"));
            assertEquals(List.of("1.2.840.99.777", "1.2.840.99.778"), findStudies(ris, "BN-MOI"));
            PatientChange change = ris.changes.stream().filter(c -> c.kind() == PatientChange.Kind.MERGED).findFirst().orElseThrow();
            assertEquals(new PatientKey("BN-MOI", "BVBM"), change.patient());
            assertEquals(new PatientKey("BN-CU", "BVBM"), change.prior());
            assertEquals(List.of("1.2.840.99.777", "1.2.840.99.778"), change.studyUids());
            assertTrue(moved.imagesAvailable());

            String a47 = message(msh("ADT^A47^ADT_A30", "MG-5", "2.5.1", "UNICODE UTF-8"),
                    pid("BN-MOI-2", "PHAN^VĂN MỚI", "19800115", "M"), seg("MRG", 1, "BN-MOI^^^BVBM^PI"));
            assertEquals("AA", field(his.send(a47), "MSA", 1));
            assertEquals(List.of(), findStudies(ris, "BN-MOI"));
            assertEquals(2, findStudies(ris, "BN-MOI-2").size());
            assertEquals(new PatientKey("BN-MOI-2", "BVBM"), ris.orders.findByAccession("ACCMG").get(0).patient());
            assertTrue(ris.changes.stream().anyMatch(c -> c.kind() == PatientChange.Kind.ID_CHANGED && c.studyUids().size() == 2));

            // changing to an identifier that is taken is a merge, not an identifier change
            his.send(Hl7Messages.adt("A01", "MG-6", "BN-KHAC", "NGÔ^AN"));
            String clash = message(msh("ADT^A47^ADT_A30", "MG-7", "2.5.1", "UNICODE UTF-8"),
                    pid("BN-KHAC", "NGÔ^AN", "19800115", "M"), seg("MRG", 1, "BN-MOI-2^^^BVBM^PI"));
            String refused = his.send(clash);
            assertEquals("AE", field(refused, "MSA", 1), refused);
            assertEquals("205", field(refused, "ERR", 3).split("\\^")[0]);
            assertEquals(2, findStudies(ris, "BN-MOI-2").size());
        }
    }

    /** Stores one CT image of a study with storescu. */
    void store(RisFixture ris, String patientId, String name, String studyUid) throws Exception {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, studyUid + ".1.1");
        ds.setString(Tag.StudyDate, VR.DA, "20240602");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACCMG");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, name);
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "BVBM");
        ds.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, studyUid + ".1");
        ds.setString(Tag.InstanceNumber, VR.IS, "1");
        Path f = dir.resolve(studyUid + ".dcm");
        new DataSetWriter().writeFile(f, DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        Dcmtk.Result r = Dcmtk.run("storescu", "-aec", RisFixture.AET, "-aet", "MODALITY", "localhost",
                Integer.toString(ris.dicom.port()), f.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    /** The Study Instance UIDs findscu finds for a Patient ID. */
    List<String> findStudies(RisFixture ris, String patientId) throws Exception {
        Path out = Files.createTempDirectory(dir, "find");
        Dcmtk.Result r = Dcmtk.run("findscu", "-aec", RisFixture.AET, "-aet", "WORKSTATION", "-S", "-X", "-od", out.toString(),
                "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=" + patientId, "-k", "StudyInstanceUID",
                "localhost", Integer.toString(ris.dicom.port()));
        assertEquals(0, r.exitCode(), r.output());
        List<String> uids = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.toList()) uids.add(new DataSetReader().read(p).dataSet().getString(Tag.StudyInstanceUID));
        }
        uids.sort(null);
        return uids;
    }
}
