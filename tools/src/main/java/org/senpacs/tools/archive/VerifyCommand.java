package org.senpacs.tools.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.senpacs.archive.Archive;
import org.senpacs.archive.db.Database;
import org.senpacs.archive.verify.VerifyService;
import org.senpacs.storage.FileSystemStorage;
import org.senpacs.storage.StoredObject;
import org.senpacs.tools.SenTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks every stored object against the index. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check every stored object against its recorded size and checksum, and look for object files "
                + "the index does not know (orphans). Safe while Sen runs."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:everything verifies", "1:problems found", "2:usage error"})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--remove-orphans", description = "delete orphan files older than --min-age (never a file a store may still be writing)")
    boolean removeOrphans;

    @Option(names = "--min-age", description = "only orphans older than this count for removal (default: ${DEFAULT-VALUE})")
    Duration minAge = Duration.ofMinutes(10);

    @Override
    public Integer call() throws Exception {
        Archive.Config config = ArchiveAccess.config(ArchiveAccess.env());
        long[] problems = {0};
        long[] removed = {0};
        try (Database db = ArchiveAccess.openDatabase(config);
             FileSystemStorage storage = new FileSystemStorage(config.objects(), false)) {
            VerifyService.Report report = new VerifyService(db, storage).verifyAll(p -> {
                if (removeOrphans && p.kind() == VerifyService.Problem.Kind.ORPHAN && old(storage, p.storageKey())) {
                    try {
                        storage.delete(p.storageKey());
                        removed[0]++;
                        System.out.println("removed orphan " + p.storageKey());
                        return;
                    } catch (java.io.IOException e) {
                        System.err.println("could not remove " + p.storageKey() + ": " + e.getMessage());
                    }
                }
                problems[0]++;
                System.out.println(p);
            });
            System.out.printf("%d objects checked, %d problem(s)%s%n", report.checked(), problems[0],
                    removeOrphans ? ", " + removed[0] + " orphan(s) removed" : "");
        }
        return problems[0] == 0 ? SenTools.OK : SenTools.FAILED;
    }

    private boolean old(FileSystemStorage storage, String key) {
        try {
            return storage.stat(key).map(StoredObject::lastModified).map(t -> t.isBefore(Instant.now().minus(minAge))).orElse(false);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
