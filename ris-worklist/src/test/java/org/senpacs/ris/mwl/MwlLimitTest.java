package org.senpacs.ris.mwl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.testing.Dcmtk;

/**
 * A worklist query that matches more items than the worklist's limit sends the first ones and ends
 * with Refused: Out of Resources, never Success: the modality must not show the list as complete.
 * A query within the limit still ends with Success.
 */
class MwlLimitTest {

    @TempDir
    Path dir;

    @Test
    void aQueryOverTheLimitDoesNotEndInSuccess() throws Exception {
        try (RisFixture f = new RisFixture(Files.createDirectories(dir.resolve("h2")), RisFixture.Db.H2)) {
            new MwlScp(new WorklistService(f.archive.database().dataSource(), new WorklistOptions(2, true, true)))
                    .register(f.services);
            f.insertOrder(MwlScpTest.order("BN001", "NGUYỄN^VĂN AN", "ACC1", "CT", "CT01", MwlScpTest.DAY.withHour(8), "SCHEDULED"));
            f.insertOrder(MwlScpTest.order("BN002", "ĐẶNG^THỊ HOA", "ACC2", "CT", "CT01", MwlScpTest.DAY.withHour(9), "SCHEDULED"));
            f.insertOrder(MwlScpTest.order("BN003", "TRẦN^VĂN BÌNH", "ACC3", "CT", "CT01", MwlScpTest.DAY.withHour(10), "SCHEDULED"));

            Path all = Files.createDirectories(dir.resolve("all"));
            Dcmtk.Result over = findscu(f, all, "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=CT01");
            assertEquals(2, count(all), over.output());
            assertTrue(over.output().contains("Received Final Find Response (Refused: OutOfResources)"), over.output());

            Path some = Files.createDirectories(dir.resolve("some"));
            Dcmtk.Result within = findscu(f, some, "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime=0830-");
            assertEquals(2, count(some), within.output());
            assertTrue(within.output().contains("Received Final Find Response (Success)"), within.output());
        }
    }

    private static Dcmtk.Result findscu(RisFixture f, Path out, String key) throws Exception {
        return Dcmtk.run("findscu", "-v", "-aec", RisFixture.AET, "-aet", "MODALITY", "-W", "-X", "-od", out.toString(),
                "-k", "AccessionNumber", "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20240510",
                "-k", key, "localhost", Integer.toString(f.port()));
    }

    private static long count(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }
}
