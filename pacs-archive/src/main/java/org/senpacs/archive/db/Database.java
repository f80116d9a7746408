package org.senpacs.archive.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.db.Store;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.senpacs.archive.index.InstanceEntity;
import org.senpacs.archive.index.PatientEntity;
import org.senpacs.archive.index.SeriesEntity;
import org.senpacs.archive.index.StudyEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The index database: connection pool, schema migrations (Flyway), and Hibernate sessions. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final SessionFactory sessions;
    private final DatabaseConfig config;
    private final AtomicLong forceRequests = new AtomicLong();
    private final ReentrantLock forcing = new ReentrantLock();
    /** The requests of {@link #forceCommitted()} up to this one are on the disk (guarded by {@code forcing}). */
    private long forcedUpTo;

    private Database(DatabaseConfig config, HikariDataSource dataSource, SessionFactory sessions) {
        this.config = config;
        this.dataSource = dataSource;
        this.sessions = sessions;
    }

    public static Database open(DatabaseConfig config) {
        if (config.isH2() && System.getProperty("h2.bindAddress") == null) {
            // The embedded database's AUTO_SERVER (which lets ./sen verify and ./sen ae in while the
            // server runs) would otherwise listen on every interface: keep it on this machine.
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.maxPoolSize());
        hc.setPoolName("sen-index");
        hc.setAutoCommit(false);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            Configuration cfg = new Configuration()
                    .addAnnotatedClass(PatientEntity.class)
                    .addAnnotatedClass(StudyEntity.class)
                    .addAnnotatedClass(SeriesEntity.class)
                    .addAnnotatedClass(InstanceEntity.class);
            cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds);
            cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
            cfg.setProperty(AvailableSettings.SHOW_SQL, "false");
            cfg.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, "32");
            cfg.setProperty(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, "true");
            SessionFactory sf = cfg.buildSessionFactory();
            LOG.info("SEN-A001 index database ready: {}", describe(config));
            return new Database(config, ds, sf);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /**
     * Brings the tables of another module up to date in this database: its migrations live under
     * {@code classpath:db/<module>} and are tracked in their own history table
     * ({@code <module>_schema_history}), so each module numbers its versions on its own.
     */
    public void migrateModule(String module) {
        if (!module.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("bad module name: " + module);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/" + module)
                .table(module + "_schema_history").baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
    }

    private static String describe(DatabaseConfig c) {
        String url = c.jdbcUrl();
        int semi = url.indexOf(';');
        return semi > 0 ? url.substring(0, semi) : url;
    }

    /**
     * Puts every committed transaction on the disk before it returns. Call it before telling
     * another system that something is saved when the database holds its only copy: an HL7
     * acknowledgement, an MPPS response, the answer to a REST write, a deletion of the files a
     * commit replaced. PostgreSQL's commits are durable when they return (synchronous_commit), so
     * there it does nothing. The embedded H2 writes commits in the background (WRITE_DELAY) and
     * never forces them; a checkpoint writes what is pending, what H2's background writer had
     * already taken is waited for, and the file is forced (see {@link #awaitBackgroundWritesAndForce}).
     * Stored objects do not need it: their files are forced before a store is acknowledged, and
     * the start after a crash indexes any file that lost its row. It takes a connection of the
     * pool: call it after closing yours, or concurrent callers can take every connection and wait.
     * Concurrent callers share the forcing: one that waited while another forced returns at once if
     * that forcing began after its own call did.
     */
    public void forceCommitted() throws SQLException {
        if (!config.isH2()) return;
        long mine = forceRequests.incrementAndGet(); // taken after the caller's commits
        forcing.lock();
        try {
            if (forcedUpTo >= mine) return;
            long upTo = forceRequests.get(); // every request taken so far is covered by what follows
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                FileStore<?> file = localFile(c);
                // Writes what is unsaved; where the file is at hand, the one forcing comes after
                // H2's background writes (below), else CHECKPOINT SYNC forces it.
                s.execute(file != null ? "CHECKPOINT" : "CHECKPOINT SYNC");
                c.commit();
                if (file != null) awaitBackgroundWritesAndForce(file);
            }
            forcedUpTo = upTo;
        } finally {
            forcing.unlock();
        }
    }

    /**
     * A checkpoint is not enough on its own. H2's background writer (2.3) hands the commits it
     * picks up to its serialization and save threads and returns; a checkpoint that comes next
     * finds nothing unsaved, forces the file and returns while those commits are still on their
     * way to it ({@code ForceCommittedTest} holds such a write and sees it). So, when the database
     * runs in this process, wait for those threads to finish, then force the file.
     */
    private static void awaitBackgroundWritesAndForce(FileStore<?> file) throws SQLException {
        try {
            file.executeFileStoreOperation(file::sync);
        } catch (RuntimeException e) {
            throw new SQLException("cannot force the index database to the disk: " + e.getMessage(), e);
        }
    }

    /**
     * The database file, when it is open in this process and writable; null otherwise: in memory,
     * or a connection to another process's database (AUTO_SERVER, as {@code ./sen ae} while the
     * server runs), which cannot reach that process's writer threads and relies on
     * {@code CHECKPOINT SYNC} alone.
     */
    private static FileStore<?> localFile(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)) return null;
        if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) return null;
        Store store = local.getDatabase().getStore();
        if (store == null) return null;
        FileStore<?> file = store.getMvStore().getFileStore();
        return file == null || file.isReadOnly() ? null : file;
    }

    public SessionFactory sessions() {
        return sessions;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseConfig config() {
        return config;
    }

    @Override
    public void close() {
        sessions.close();
        dataSource.close();
    }
}
