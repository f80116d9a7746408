package org.senpacs.archive.update;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.db.DatabaseConfig;

/** The study update tests on a real PostgreSQL (one server, a fresh database per test). */
class StudyUpdaterPostgresTest extends StudyUpdaterTest {

    private static EmbeddedPostgres postgres;
    private static int databases;
    private DatabaseConfig database;

    @BeforeAll
    static void startPostgres() throws Exception {
        Path dir = Files.createTempDirectory("sen-update-pg");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    Archive.Config config() throws Exception {
        if (database == null) {
            String name = "update" + (++databases);
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database " + name);
            }
            database = new DatabaseConfig(postgres.getJdbcUrl("postgres", name), "postgres", "", 4);
        }
        return new Archive.Config(database, dir.resolve("objects"), false, ArchivePolicy.DEFAULT, Map.of());
    }
}
