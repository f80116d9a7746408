package org.senpacs.tools.archive;

import java.nio.file.Path;
import java.util.Map;
import org.senpacs.archive.Archive;
import org.senpacs.archive.db.Database;
import org.senpacs.server.SenNode;
import org.senpacs.server.config.ConfigLoader;
import org.senpacs.server.config.SenConfig;

/**
 * The archive's configuration as the server reads it (sen.yaml, SEN_* variables), for the tools
 * that work on the index and the object files. It opens the database only, never the archive
 * itself, so it is safe while the server runs.
 */
final class ArchiveAccess {

    private ArchiveAccess() {}

    /** Tests set the environment the tools see; null means the process's. */
    static Map<String, String> environment;

    static Map<String, String> env() {
        return environment != null ? environment : System.getenv();
    }

    static Archive.Config config(Map<String, String> env) {
        Path file = ConfigLoader.configFile(env);
        SenConfig config = new ConfigLoader().load(file, env);
        return SenNode.archiveConfig(config);
    }

    static Database openDatabase(Archive.Config config) {
        return Database.open(config.database());
    }
}
