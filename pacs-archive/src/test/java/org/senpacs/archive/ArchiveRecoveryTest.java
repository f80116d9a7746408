package org.senpacs.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.archive.index.Levels;
import org.senpacs.archive.query.QueryService;
import org.senpacs.archive.verify.VerifyService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetWriter;

/** The start after a crash: orphaned object files go, indexed ones stay (told apart by the index, batch by batch). */
class ArchiveRecoveryTest {

    @TempDir
    Path dir;

    private Archive.Config config() {
        return new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), true, ArchivePolicy.DEFAULT, Map.of());
    }

    private static String keyOf(Archive archive, String sopUid) throws Exception {
        try (var c = archive.database().dataSource().getConnection();
             var ps = c.prepareStatement("select storage_key from instance where sop_uid = ?")) {
            ps.setString(1, sopUid);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void store(Archive archive, String sopUid, int number) throws Exception {
        DataSet ds = ArchiveFixture.image(new ArchiveFixture.Spec("P1", "NGUYỄN^VĂN AN", "2.25.100", "20240101", "A1", "CT",
                "2.25.100.1", sopUid, number));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(body, ds, TransferSyntax.of(UID.ExplicitVRLittleEndian));
        archive.store().store(RequestOrigin.local("test"), UID.CTImageStorage, sopUid, UID.ExplicitVRLittleEndian,
                new ByteArrayInputStream(body.toByteArray()));
    }

    @Test
    void aStartAfterACrashRemovesOrphansAndKeepsIndexedObjects() throws Exception {
        List<String> stored = new ArrayList<>();
        try (Archive archive = Archive.open(config())) {
            for (int i = 1; i <= 3; i++) store(archive, "2.25.100.1." + i, i);
            try (var keys = archive.storage().keys()) {
                keys.forEach(stored::add);
            }
        }
        // What a crash leaves: the marker of a running archive, and more orphans than one batch of
        // the index lookup (files published but never indexed), some in a stored series' folder.
        Path objects = dir.resolve("objects");
        Path seriesFolder = objects.resolve(stored.getFirst()).getParent();
        List<Path> orphans = new ArrayList<>();
        for (int i = 0; i < 620; i++) {
            Path p = (i % 2 == 0 ? seriesFolder : objects.resolve("ff/ee/2.25.9/2.25.9.1")).resolve("2.25.9.1." + i + ".dcm");
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[] {1, 2, 3});
            orphans.add(p);
        }
        Files.writeString(objects.toAbsolutePath().resolveSibling(".archive-running"), "12345");

        try (Archive archive = Archive.open(config())) {
            for (Path p : orphans) assertFalse(Files.exists(p), p.toString());
            List<VerifyService.Problem> problems = new ArrayList<>();
            VerifyService.Report report = archive.verify().verifyAll(problems::add);
            assertEquals(List.of(), problems);
            assertEquals(3, report.checked());
            for (String key : stored) assertTrue(archive.storage().stat(key).isPresent(), key);
        }
    }

    @Test
    void anAcknowledgedObjectWhoseRowAPowerCutTookBackIsIndexedAgain() throws Exception {
        List<String> stored = new ArrayList<>();
        String lost = "2.25.100.1.2";
        String leftover;
        try (Archive archive = Archive.open(config())) {
            for (int i = 1; i <= 3; i++) store(archive, "2.25.100.1." + i, i);
            try (var keys = archive.storage().keys()) {
                keys.forEach(stored::add);
            }
            // The embedded H2 writes commits in the background (WRITE_DELAY): a crash can take back
            // the row (and the counts) of an instance whose file was forced and acknowledged.
            try (var c = archive.database().dataSource().getConnection(); var st = c.createStatement()) {
                st.executeUpdate("delete from instance where sop_uid = '" + lost + "'");
                st.executeUpdate("update series set num_instances = num_instances - 1");
                st.executeUpdate("update study set num_instances = num_instances - 1");
                c.commit();
            }
            // and the leftover of a replacement or study update: a second file of an indexed instance
            String kept = keyOf(archive, "2.25.100.1.3");
            leftover = kept.replace(".dcm", ".u1.dcm");
            Files.copy(dir.resolve("objects").resolve(kept), dir.resolve("objects").resolve(leftover));
        }
        Files.writeString(dir.resolve(".archive-running"), "12345");

        try (Archive archive = Archive.open(config())) {
            assertTrue(keyOf(archive, lost) != null, "the lost row is back");
            assertFalse(Files.exists(dir.resolve("objects").resolve(leftover)), leftover);
            List<VerifyService.Problem> problems = new ArrayList<>();
            assertEquals(3, archive.verify().verifyAll(problems::add).checked());
            assertEquals(List.of(), problems);
            for (String key : stored) assertTrue(archive.storage().stat(key).isPresent(), key);
            DataSet keys = new DataSet();
            keys.setString(Tag.StudyInstanceUID, VR.UI, "2.25.100");
            keys.setString(Tag.NumberOfStudyRelatedInstances, VR.IS, "");
            List<DataSet> found = new ArrayList<>();
            archive.query().query(new QueryService.Query(RequestOrigin.local("test"), Levels.Level.STUDY, keys, false, 0, 10), found::add);
            assertEquals(1, found.size());
            assertEquals(3, found.getFirst().getInt(Tag.NumberOfStudyRelatedInstances, -1));
        }
    }

    @Test
    void findOrphansReportsEveryUnindexedFileAcrossBatches() throws Exception {
        try (Archive archive = Archive.open(new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false,
                ArchivePolicy.DEFAULT, Map.of()))) {
            for (int i = 0; i < 1234; i++) {
                Path p = dir.resolve("objects").resolve(String.format("%02x/00/o%d.dcm", i % 7, i));
                Files.createDirectories(p.getParent());
                Files.write(p, new byte[] {9});
            }
            List<VerifyService.Problem> found = new ArrayList<>();
            assertEquals(1234, archive.verify().findOrphans(found::add));
            assertEquals(1234, found.stream().map(VerifyService.Problem::storageKey).distinct().count());
            assertTrue(found.stream().allMatch(p -> p.kind() == VerifyService.Problem.Kind.ORPHAN));
        }
    }
}
