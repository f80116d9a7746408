package org.senpacs.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.dicom.testing.Dcmtk;

/**
 * A C-FIND that matches more than {@code archive.max-query-results} sends the first matches and
 * ends with Refused: Out of Resources, never Success: the list must not look complete. A query
 * within the limit still ends with Success.
 */
class QueryLimitTest {

    @TempDir
    Path dir;

    @Test
    void aQueryOverTheLimitDoesNotEndInSuccess() throws Exception {
        ArchivePolicy atMostTwo = ArchivePolicy.DEFAULT.withMaxQueryResults(2);
        try (ArchiveFixture f = new ArchiveFixture(dir.resolve("archive"), ArchiveFixture.Db.H2, atMostTwo)) {
            Association as = new Connector().connect("localhost", f.port(),
                    new AssociationRequest("MODALITY", ArchiveFixture.AET).addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian), null);
            try {
                for (int i = 1; i <= 3; i++) {
                    assertEquals(Status.SUCCESS, new Scu(as).store(ArchiveFixture.image(new ArchiveFixture.Spec("BN7" + i, "ĐẶNG^VĂN " + i,
                            "2.25.70" + i, "2024010" + i, "ACC7" + i, "CT", "2.25.70" + i + ".1", "2.25.70" + i + ".1.1", 1))).status());
                }
            } finally {
                as.release();
            }

            Path all = Files.createDirectories(dir.resolve("all"));
            Dcmtk.Result over = Dcmtk.run("findscu", "-v", "-aec", ArchiveFixture.AET, "-S", "-X", "-od", all.toString(),
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "localhost", Integer.toString(f.port()));
            assertEquals(2, count(all), over.output());
            assertTrue(over.output().contains("Received Final Find Response (Refused: OutOfResources)"), over.output());

            Path some = Files.createDirectories(dir.resolve("some"));
            Dcmtk.Result within = Dcmtk.run("findscu", "-v", "-aec", ArchiveFixture.AET, "-S", "-X", "-od", some.toString(),
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyDate=20240102-", "-k", "StudyInstanceUID",
                    "localhost", Integer.toString(f.port()));
            assertEquals(2, count(some), within.output());
            assertTrue(within.output().contains("Received Final Find Response (Success)"), within.output());
        }
    }

    private static long count(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }
}
