package org.senpacs.archive.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.archive.index.Levels;
import org.senpacs.archive.query.QueryService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;

/**
 * Study updates against a real archive (H2, files on disk): every object rewritten with the patch
 * whatever its transfer syntax and character set, pixel data unchanged, the index following, the
 * study moved between patients, and nothing half done after a failure or a crash.
 */
class StudyUpdaterTest {

    static final String STUDY = "2.25.4000";
    static final String[] SYNTAXES = {UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.ExplicitVRBigEndian,
        UID.DeflatedExplicitVRLittleEndian, UID.JPEGBaseline8Bit};

    @TempDir
    Path dir;

    Archive archive;
    StudyUpdater updater;
    final Map<String, DataSet> sent = new HashMap<>();

    Archive.Config config() throws Exception {
        return new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false, ArchivePolicy.DEFAULT, Map.of());
    }

    @BeforeEach
    void open() throws Exception {
        archive = Archive.open(config());
        updater = new StudyUpdater(archive);
        for (int i = 0; i < SYNTAXES.length; i++) store(image(i), SYNTAXES[i]);
    }

    @AfterEach
    void close() throws Exception {
        archive.close();
    }

    /** Image {@code n} of the study: an ASCII patient, one image in Latin-1, two series. */
    DataSet image(int n) {
        DataSet ds = new DataSet();
        if (n == 1) {
            ds.setSpecificCharacterSet(SpecificCharacterSet.of("ISO_IR 100"));
            ds.setString(Tag.InstitutionName, VR.LO, "Hôpital Français");
        }
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, STUDY + "." + (n % 2 + 1) + "." + n);
        ds.setString(Tag.StudyDate, VR.DA, "20240510");
        ds.setString(Tag.AccessionNumber, VR.SH, "OLDACC");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.StudyDescription, VR.LO, "CT HEAD");
        ds.setString(Tag.PatientName, VR.PN, "UNKNOWN^PATIENT");
        ds.setString(Tag.PatientID, VR.LO, "TMP123");
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + "." + (n % 2 + 1));
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(n + 1));
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        byte[] px = new byte[32];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 7 + n);
        if (SYNTAXES[n].equals(UID.JPEGBaseline8Bit)) {
            Fragments f = new Fragments();
            f.setOffsetTable(new byte[0]);
            f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9});
            ds.setFragments(Tag.PixelData, VR.OB, f);
        } else {
            ds.setBytes(Tag.PixelData, VR.OW, px);
        }
        ds.setString(0x00090010, VR.LO, "SEN TEST");
        ds.setString(0x00091010, VR.LO, "private value " + n);
        return ds;
    }

    void store(DataSet ds, String ts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(out, ds, TransferSyntax.of(ts));
        archive.store().store(RequestOrigin.local("test"), ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID), ts,
                new ByteArrayInputStream(out.toByteArray()));
        sent.put(ds.getString(Tag.SOPInstanceUID), ds);
    }

    /** SOP Instance UID → storage key, from the index. */
    Map<String, String> keys() throws SQLException {
        Map<String, String> keys = new HashMap<>();
        try (Connection c = archive.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select sop_uid, storage_key from instance")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.put(rs.getString(1), rs.getString(2));
            }
            c.commit();
        }
        return keys;
    }

    DataSet stored(String sopUid) throws Exception {
        try (InputStream in = archive.storage().open(keys().get(sopUid))) {
            return new DataSetReader().read(in).dataSet();
        }
    }

    Set<String> files() throws Exception {
        try (Stream<String> k = archive.storage().keys()) {
            return new HashSet<>(k.toList());
        }
    }

    void assertVerifyClean() throws Exception {
        List<Object> problems = new ArrayList<>();
        archive.verify().verifyAll(problems::add);
        assertEquals(List.of(), problems);
        assertEquals(new HashSet<>(keys().values()), files());
    }

    List<DataSet> query(QueryService.Query q) throws ArchiveException {
        List<DataSet> out = new ArrayList<>();
        archive.query().query(q, out::add);
        return out;
    }

    DataSet studyKeys(String patientId) {
        DataSet k = new DataSet();
        k.setString(Tag.PatientID, VR.LO, patientId);
        k.setEmpty(Tag.AccessionNumber, VR.SH);
        k.setEmpty(Tag.PatientName, VR.PN);
        k.setEmpty(Tag.StudyInstanceUID, VR.UI);
        return k;
    }

    static DataSet orderPatch() {
        DataSet p = new DataSet();
        p.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        p.setString(Tag.PatientID, VR.LO, "BN777");
        p.setString(Tag.PatientName, VR.PN, "TRẦN^THỊ MAI");
        p.setString(Tag.PatientBirthDate, VR.DA, "19851224");
        p.setString(Tag.PatientSex, VR.CS, "F");
        p.setString(Tag.AccessionNumber, VR.SH, "ACC777");
        DataSet req = p.newSequence(Tag.RequestAttributesSequence, 1).addItem();
        req.setString(Tag.RequestedProcedureID, VR.SH, "RP777");
        req.setString(Tag.AccessionNumber, VR.SH, "ACC777");
        req.setString(Tag.RequestedProcedureDescription, VR.LO, "Chụp CLVT sọ não");
        return p;
    }

    @Test
    void everyObjectAndTheIndexTakeThePatch() throws Exception {
        Map<String, String> before = keys();
        List<String> changed = updater.update(STUDY, orderPatch(), null);
        assertEquals(sent.keySet(), new HashSet<>(changed));
        Map<String, String> after = keys();
        for (String uid : sent.keySet()) {
            assertNotEquals(before.get(uid), after.get(uid), "a new object for " + uid);
            DataSet ds = stored(uid);
            DataSet orig = sent.get(uid);
            assertEquals("BN777", ds.getString(Tag.PatientID));
            assertEquals("TRẦN^THỊ MAI", ds.getString(Tag.PatientName));
            assertEquals("ISO_IR 192", ds.getString(Tag.SpecificCharacterSet));
            assertEquals("ACC777", ds.getString(Tag.AccessionNumber));
            assertEquals("Chụp CLVT sọ não", ds.getSequence(Tag.RequestAttributesSequence).get(0)
                    .getString(Tag.RequestedProcedureDescription));
            assertEquals(uid, ds.getString(Tag.SOPInstanceUID));
            assertEquals(STUDY, ds.getString(Tag.StudyInstanceUID));
            assertEquals("CT HEAD", ds.getString(Tag.StudyDescription));
            assertEquals(new String(orig.getBytes(0x00091010), StandardCharsets.ISO_8859_1).strip(),
                    new String(ds.getBytes(0x00091010), StandardCharsets.ISO_8859_1).strip(), "private elements kept");
            if (orig.getFragments(Tag.PixelData) != null) {
                assertEquals(orig.getFragments(Tag.PixelData), ds.getFragments(Tag.PixelData));
            } else {
                assertArrayEquals(orig.getBytes(Tag.PixelData), ds.getBytes(Tag.PixelData));
            }
        }
        assertEquals("Hôpital Français", stored(STUDY + ".2.1").getString(Tag.InstitutionName), "Latin-1 text kept, now in UTF-8");
        // the index: the study under the new patient, the temporary patient gone
        List<DataSet> studies = query(new QueryService.Query(null, Levels.Level.STUDY, studyKeys("BN777"), false, 0, 0));
        assertEquals(1, studies.size());
        assertEquals("ACC777", studies.get(0).getString(Tag.AccessionNumber));
        assertEquals("TRẦN^THỊ MAI", studies.get(0).getString(Tag.PatientName));
        assertEquals(List.of(), query(new QueryService.Query(null, Levels.Level.PATIENT, studyKeys("TMP123"), false, 0, 0)));
        DataSet byName = new DataSet();
        byName.setString(Tag.PatientName, VR.PN, "tran^thi*");
        byName.setEmpty(Tag.StudyInstanceUID, VR.UI);
        assertEquals(1, query(new QueryService.Query(null, Levels.Level.STUDY, byName, false, 0, 0)).size());
        assertVerifyClean();
    }

    @Test
    void aStudyMovesToTheTargetPatientAndTakesItsAttributes() throws Exception {
        long target;
        try (Connection c = archive.database().dataSource().getConnection()) {
            DataSet p = new DataSet();
            p.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
            p.setString(Tag.PatientID, VR.LO, "BN900");
            p.setString(Tag.IssuerOfPatientID, VR.LO, "BVBM");
            p.setString(Tag.PatientName, VR.PN, "LÊ^VĂN TÁM");
            p.setString(Tag.PatientBirthDate, VR.DA, "19700101");
            p.setString(Tag.PatientSex, VR.CS, "M");
            target = archive.patients().upsert(c, p);
            c.commit();
        }
        DataSet patch = new DataSet();
        patch.setString(Tag.AccessionNumber, VR.SH, "ACC900");
        updater.update(STUDY, patch, target);
        DataSet ds = stored(STUDY + ".1.0");
        assertEquals("BN900", ds.getString(Tag.PatientID));
        assertEquals("BVBM", ds.getString(Tag.IssuerOfPatientID));
        assertEquals("LÊ^VĂN TÁM", ds.getString(Tag.PatientName));
        assertEquals("19700101", ds.getString(Tag.PatientBirthDate));
        assertEquals("ACC900", ds.getString(Tag.AccessionNumber));
        try (Connection c = archive.database().dataSource().getConnection()) {
            assertEquals(List.of(STUDY), archive.patients().studyUids(c, target));
            c.commit();
        }
        DataSet other = new DataSet();
        other.setString(Tag.PatientID, VR.LO, "SOMEONE");
        assertThrows(IllegalArgumentException.class, () -> updater.update(STUDY, other, target));
        assertVerifyClean();
    }

    @Test
    void aFailedUpdateChangesNothing() throws Exception {
        Map<String, String> before = keys();
        ArchiveException e = assertThrows(ArchiveException.class, () -> updater.update(STUDY, orderPatch(), null, c -> {
            throw new SQLException("the order was changed meanwhile");
        }));
        assertEquals(ArchiveError.DATABASE_UNAVAILABLE, e.error());
        assertEquals(before, keys());
        assertEquals("TMP123", stored(STUDY + ".1.0").getString(Tag.PatientID));
        assertEquals(1, query(new QueryService.Query(null, Levels.Level.STUDY, studyKeys("TMP123"), false, 0, 0)).size());
        assertVerifyClean();

        assertEquals(ArchiveError.NOT_FOUND, assertThrows(ArchiveException.class,
                () -> updater.update("2.25.404", orderPatch(), null)).error());
        DataSet uid = new DataSet();
        uid.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1");
        assertThrows(IllegalArgumentException.class, () -> updater.update(STUDY, uid, null));
    }

    @Test
    void aCrashBeforeTheCommitLeavesTheOldObjectsAndNothingElse() throws Exception {
        // the update's first phase: new objects published, index not yet pointed at them
        ObjectRewriter rewriter = new ObjectRewriter(archive.storage());
        Patch patch = new Patch(orderPatch());
        Map<String, String> before = keys();
        for (var e : before.entrySet()) rewriter.rewrite(e.getKey(), e.getValue(), patch);
        assertEquals(2 * before.size(), files().size());
        // the process dies: nothing closed in order, the running marker stays
        archive.database().close();
        archive.storage().close();
        archive = Archive.open(config());
        assertEquals(before, keys());
        assertEquals("TMP123", stored(STUDY + ".1.0").getString(Tag.PatientID));
        assertVerifyClean();
        // and the update then goes through
        updater = new StudyUpdater(archive);
        updater.update(STUDY, orderPatch(), null);
        assertEquals("BN777", stored(STUDY + ".1.0").getString(Tag.PatientID));
        assertVerifyClean();
    }
}
