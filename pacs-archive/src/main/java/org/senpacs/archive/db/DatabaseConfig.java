package org.senpacs.archive.db;

import java.nio.file.Path;

/**
 * Where the index lives.
 *
 * @param jdbcUrl a JDBC URL: H2 ({@code jdbc:h2:file:...}, the embedded default) or PostgreSQL
 *     ({@code jdbc:postgresql://host:5432/sen}, for production)
 * @param user database user (may be empty for embedded H2)
 * @param password database password (never logged)
 * @param maxPoolSize connections in the pool
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {

    /**
     * The embedded H2 database under the data folder. The tools (./sen ae, ./sen verify) can open it
     * while the server runs (AUTO_SERVER). H2 writes commits in the background, at most 500 ms
     * later, and never forces them to the disk: what must survive a crash as soon as it is answered
     * is forced by {@link Database#forceCommitted()}; stored objects come back from their files.
     */
    public static DatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("index").resolve("sen");
        return new DatabaseConfig("jdbc:h2:file:" + file + ";WRITE_DELAY=500;AUTO_SERVER=TRUE;QUERY_CACHE_SIZE=64", "sen", "", 8);
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + jdbcUrl + ", user=" + user + "]";
    }
}
