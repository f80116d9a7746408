package org.senpacs.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** Failures during a store: the sender gets a failure status and nothing is left half written. */
class ArchiveFaultTest {

    @TempDir
    Path dir;

    private static long files(Path objects) throws IOException {
        if (!Files.exists(objects)) return 0;
        try (Stream<Path> s = Files.walk(objects)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static long rows(ArchiveFixture f) {
        return f.archive.database().sessions().fromSession(s -> s.createSelectionQuery("select count(i) from InstanceEntity i", Long.class)
                .getSingleResult());
    }

    private static DimseResult store(ArchiveFixture f, DataSet ds) throws IOException {
        Association as = new Connector().connect("localhost", f.port(),
                new AssociationRequest("MODALITY", ArchiveFixture.AET).addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian), null);
        try {
            return new Scu(as).store(ds);
        } finally {
            as.release();
        }
    }

    static DataSet image(String sop) {
        return ArchiveFixture.image(new ArchiveFixture.Spec("BN9", "LÊ^VĂN TÁM", "2.25.900", "20240101", "ACC9", "CT",
                "2.25.900.1", sop, 1));
    }

    @Test
    void databaseFailingAfterTheFileIsWrittenLeavesNothing() throws Exception {
        try (ArchiveFixture f = new ArchiveFixture(dir, ArchiveFixture.Db.H2, ArchivePolicy.DEFAULT)) {
            assertEquals(Status.SUCCESS, store(f, image("2.25.900.1.1")).status());
            long filesBefore = files(dir.resolve("objects"));
            // A Patient ID longer than its column: the index insert fails after the object was written.
            DataSet bad = image("2.25.900.1.2");
            bad.setString(Tag.PatientID, VR.LO, "X".repeat(100));
            DimseResult r = store(f, bad);
            assertEquals(ArchiveError.DATABASE_UNAVAILABLE.dimseStatus, r.status(), r.toString());
            assertEquals(filesBefore, files(dir.resolve("objects")));
            assertEquals(1, rows(f));
        }
    }

    @Test
    void databaseDownMeansFailureAndNoFile() throws Exception {
        try (ArchiveFixture f = new ArchiveFixture(dir, ArchiveFixture.Db.POSTGRESQL, ArchivePolicy.DEFAULT)) {
            assertEquals(Status.SUCCESS, store(f, image("2.25.900.1.1")).status());
            long filesBefore = files(dir.resolve("objects"));
            f.stopDatabase();
            DimseResult r = store(f, image("2.25.900.1.3"));
            assertEquals(ArchiveError.DATABASE_UNAVAILABLE.dimseStatus, r.status(), r.toString());
            assertEquals(filesBefore, files(dir.resolve("objects")));
        }
    }

    @Test
    void diskWriteFailingMeansFailureAndNoRow() throws Exception {
        try (ArchiveFixture f = new ArchiveFixture(dir, ArchiveFixture.Db.H2, ArchivePolicy.DEFAULT)) {
            assertEquals(Status.SUCCESS, store(f, image("2.25.900.1.1")).status());
            // Where new objects are written first is no longer a folder: every write fails.
            Path incoming = dir.resolve("objects").resolve(".incoming");
            try (Stream<Path> s = Files.walk(incoming)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
            Files.writeString(incoming, "not a folder");
            DimseResult r = store(f, image("2.25.900.1.4"));
            assertNotEquals(Status.SUCCESS, r.status());
            assertTrue(Status.isFailure(r.status()), r.toString());
            assertEquals(1, rows(f));
            Files.delete(incoming);
        }
    }

    @Test
    void corruptDataSetIsRefusedCleanly() throws Exception {
        try (ArchiveFixture f = new ArchiveFixture(dir, ArchiveFixture.Db.H2, ArchivePolicy.DEFAULT)) {
            Association as = new Connector().connect("localhost", f.port(),
                    new AssociationRequest("MODALITY", ArchiveFixture.AET).addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian), null);
            try {
                byte[] garbage = new byte[] {8, 0, 0x18, 0, 'U', 'I', (byte) 0xFF, 0x7F, 1, 2, 3};
                DimseResult r = new Scu(as).store(UID.CTImageStorage, "2.25.900.1.5", UID.ExplicitVRLittleEndian,
                        (out, ts) -> out.write(garbage), null, 0);
                assertEquals(ArchiveError.CANNOT_UNDERSTAND.dimseStatus, r.status(), r.toString());
                DataSet other = image("2.25.900.1.6");
                DimseResult mismatch = new Scu(as).store(UID.CTImageStorage, "2.25.900.1.7", UID.ExplicitVRLittleEndian,
                        (out, ts) -> new org.senpacs.dicom.io.DataSetWriter().writeDataSet(out, other,
                                org.senpacs.dicom.TransferSyntax.of(ts)), null, 0);
                assertEquals(ArchiveError.DATA_SET_DOES_NOT_MATCH.dimseStatus, mismatch.status(), mismatch.toString());
            } finally {
                as.release();
            }
            assertEquals(0, rows(f));
            assertEquals(0, files(dir.resolve("objects")) - files(dir.resolve("objects").resolve(".incoming")));
        }
    }

    @Test
    void aTamperedObjectFailsVerificationAndCommitment() throws Exception {
        try (ArchiveFixture f = new ArchiveFixture(dir, ArchiveFixture.Db.H2, ArchivePolicy.DEFAULT)) {
            assertEquals(Status.SUCCESS, store(f, image("2.25.900.1.1")).status());
            assertEquals(Status.SUCCESS, store(f, image("2.25.900.1.2")).status());
            String key = f.archive.database().sessions().fromSession(s -> s.createSelectionQuery(
                    "select i.storageKey from InstanceEntity i where i.sopUid = '2.25.900.1.2'", String.class).getSingleResult());
            Path file = dir.resolve("objects").resolve(key);
            byte[] b = Files.readAllBytes(file);
            b[b.length - 1] ^= 0x55;
            Files.write(file, b);
            Path strayDir = Files.createDirectories(dir.resolve("objects").resolve("zz"));
            Files.writeString(strayDir.resolve("stray.dcm"), "x");
            List<String> problems = new ArrayList<>();
            var report = f.archive.verify().verifyAll(p -> problems.add(p.kind() + " " + p.sopInstanceUid()));
            assertEquals(2, report.checked());
            assertTrue(problems.contains("CHECKSUM_DIFFERS 2.25.900.1.2"), problems.toString());
            assertTrue(problems.contains("ORPHAN null"), problems.toString());
            assertEquals(2, problems.size(), problems.toString());
            String first = f.archive.database().sessions().fromSession(s -> s.createSelectionQuery(
                    "select i.storageKey from InstanceEntity i where i.sopUid = '2.25.900.1.1'", String.class).getSingleResult());
            Files.delete(dir.resolve("objects").resolve(first));
            problems.clear();
            f.archive.verify().verifyAll(p -> problems.add(p.kind() + " " + p.sopInstanceUid()));
            assertTrue(problems.contains("MISSING 2.25.900.1.1"), problems.toString());
        }
    }
}
