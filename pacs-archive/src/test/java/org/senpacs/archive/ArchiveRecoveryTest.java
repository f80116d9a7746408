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
import org.senpacs.archive.verify.VerifyService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.io.DataSetWriter;

/** The start after a crash: orphaned object files go, indexed ones stay (told apart by the index, batch by batch). */
class ArchiveRecoveryTest {

    @TempDir
    Path dir;

    private Archive.Config config() {
        return new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), true, ArchivePolicy.DEFAULT, Map.of());
    }

    @Test
    void aStartAfterACrashRemovesOrphansAndKeepsIndexedObjects() throws Exception {
        List<String> stored = new ArrayList<>();
        try (Archive archive = Archive.open(config())) {
            for (int i = 1; i <= 3; i++) {
                DataSet ds = ArchiveFixture.image(new ArchiveFixture.Spec("P1", "NGUYỄN^VĂN AN", "2.25.100", "20240101", "A1", "CT",
                        "2.25.100.1", "2.25.100.1." + i, i));
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                new DataSetWriter().writeDataSet(body, ds, TransferSyntax.of(UID.ExplicitVRLittleEndian));
                archive.store().store(RequestOrigin.local("test"), UID.CTImageStorage, "2.25.100.1." + i, UID.ExplicitVRLittleEndian,
                        new ByteArrayInputStream(body.toByteArray()));
            }
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
