package org.senpacs.tools.archive;

import java.util.concurrent.Callable;
import org.senpacs.archive.Archive;
import org.senpacs.archive.RemoteAe;
import org.senpacs.archive.RemoteAes;
import org.senpacs.archive.db.Database;
import org.senpacs.tools.SenTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Remote AEs (C-MOVE destinations, storage commitment report targets) in the index database. */
@Command(name = "ae", mixinStandardHelpOptions = true,
        description = {"Manage the remote AEs Sen connects to: C-MOVE destinations and storage commitment report targets.",
            "They live in the index database (shared by every node); AEs in sen.yaml (remote-aes) are listed too and win."},
        subcommands = {AeCommand.Add.class, AeCommand.List.class, AeCommand.Remove.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:done", "1:failed", "2:usage error"})
public final class AeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("sen ae: say add, list or remove (see ./sen ae --help)");
        return SenTools.USAGE;
    }

    static <T> T withAes(java.util.function.Function<RemoteAes, T> work) {
        Archive.Config config = ArchiveAccess.config(ArchiveAccess.env());
        try (Database db = ArchiveAccess.openDatabase(config)) {
            return work.apply(new RemoteAes(db, config.remoteAes()));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or replace a remote AE.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "AET", description = "its AE title")
        String aet;
        @Parameters(index = "1", paramLabel = "HOST", description = "host name or address")
        String host;
        @Parameters(index = "2", paramLabel = "PORT", description = "DICOM port")
        int port;
        @Option(names = "--tls", description = "connect with TLS")
        boolean tls;

        @Override
        public Integer call() {
            RemoteAe ae;
            try {
                ae = new RemoteAe(aet, host, port, tls);
            } catch (IllegalArgumentException e) {
                System.err.println("sen ae add: " + e.getMessage());
                return SenTools.USAGE;
            }
            return withAes(aes -> {
                try {
                    aes.put(ae);
                    System.out.println("added " + aet + " at " + host + ":" + port + (tls ? " (TLS)" : ""));
                    return SenTools.OK;
                } catch (java.sql.SQLException e) {
                    System.err.println("sen ae add: " + e.getMessage());
                    return SenTools.FAILED;
                }
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the remote AEs.")
    static final class List implements Callable<Integer> {
        @Override
        public Integer call() {
            return withAes(aes -> {
                try {
                    System.out.printf("%-16s  %-30s  %5s  %-3s  %s%n", "AET", "HOST", "PORT", "TLS", "FROM");
                    for (RemoteAe ae : aes.list()) {
                        System.out.printf("%-16s  %-30s  %5d  %-3s  %s%n", ae.aet(), ae.host(), ae.port(), ae.tls() ? "yes" : "no",
                                aes.isConfigured(ae.aet()) ? "sen.yaml" : "database");
                    }
                    return SenTools.OK;
                } catch (java.sql.SQLException e) {
                    System.err.println("sen ae list: " + e.getMessage());
                    return SenTools.FAILED;
                }
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a remote AE from the database.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "AET")
        String aet;

        @Override
        public Integer call() {
            return withAes(aes -> {
                try {
                    if (aes.remove(aet)) {
                        System.out.println("removed " + aet);
                        return SenTools.OK;
                    }
                    System.err.println("sen ae remove: no AE " + aet + " in the database"
                            + (aes.isConfigured(aet) ? " (it is in sen.yaml: edit that file)" : ""));
                    return SenTools.FAILED;
                } catch (java.sql.SQLException e) {
                    System.err.println("sen ae remove: " + e.getMessage());
                    return SenTools.FAILED;
                }
            });
        }
    }
}
