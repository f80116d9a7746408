package org.senpacs.archive.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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
