package org.senpacs.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.senpacs.archive.db.Database;

/**
 * The remote AEs known to the archive: those of the configuration file (fixed) and those in the
 * database table {@code remote_ae} (managed with {@code ./sen ae}); the file wins on a clash.
 */
public final class RemoteAes {

    private final Database database;
    private final Map<String, RemoteAe> configured;

    public RemoteAes(Database database, Map<String, RemoteAe> configured) {
        this.database = database;
        this.configured = Map.copyOf(configured);
    }

    public Optional<RemoteAe> find(String aet) {
        RemoteAe c = configured.get(aet);
        if (c != null) return Optional.of(c);
        try (Connection con = database.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("select aet, host, port, tls from remote_ae where aet = ?")) {
            ps.setString(1, aet);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            } finally {
                con.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("remote AEs unreadable: " + e.getMessage(), e);
        }
    }

    /** Every remote AE, the configured ones first. */
    public List<RemoteAe> list() throws SQLException {
        List<RemoteAe> all = new ArrayList<>(configured.values());
        try (Connection con = database.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("select aet, host, port, tls from remote_ae order by aet");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RemoteAe ae = row(rs);
                if (!configured.containsKey(ae.aet())) all.add(ae);
            }
            con.commit();
        }
        return all;
    }

    /** Adds or replaces an entry of the table. */
    public void put(RemoteAe ae) throws SQLException {
        try (Connection con = database.dataSource().getConnection()) {
            try (PreparedStatement del = con.prepareStatement("delete from remote_ae where aet = ?");
                 PreparedStatement ins = con.prepareStatement("insert into remote_ae (aet, host, port, tls, updated) values (?, ?, ?, ?, ?)")) {
                del.setString(1, ae.aet());
                del.executeUpdate();
                ins.setString(1, ae.aet());
                ins.setString(2, ae.host());
                ins.setInt(3, ae.port());
                ins.setBoolean(4, ae.tls());
                ins.setTimestamp(5, Timestamp.from(Instant.now()));
                ins.executeUpdate();
                con.commit();
            } catch (SQLException e) {
                con.rollback();
                throw e;
            }
        }
        database.forceCommitted();
    }

    /** Removes an entry of the table; true if it was there. */
    public boolean remove(String aet) throws SQLException {
        int n;
        try (Connection con = database.dataSource().getConnection(); PreparedStatement ps = con.prepareStatement("delete from remote_ae where aet = ?")) {
            ps.setString(1, aet);
            n = ps.executeUpdate();
            con.commit();
        }
        database.forceCommitted();
        return n > 0;
    }

    public boolean isConfigured(String aet) {
        return configured.containsKey(aet);
    }

    private static RemoteAe row(ResultSet rs) throws SQLException {
        return new RemoteAe(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4));
    }
}
