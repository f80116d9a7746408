package org.senpacs.archive.verify;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.senpacs.archive.db.Database;
import org.senpacs.storage.Checksums;
import org.senpacs.storage.StorageBackend;
import org.senpacs.storage.StorageException;

/**
 * Checks stored objects against the index: every indexed object present with its recorded size
 * and checksum, and no object file without an index row (an orphan).
 */
public final class VerifyService {

    /** A problem found. */
    public record Problem(Kind kind, String storageKey, String sopInstanceUid, String detail) {
        public enum Kind { MISSING, SIZE_DIFFERS, CHECKSUM_DIFFERS, UNREADABLE, ORPHAN }

        @Override
        public String toString() {
            return kind + " " + storageKey + (sopInstanceUid != null ? " (" + sopInstanceUid + ")" : "") + (detail != null ? ": " + detail : "");
        }
    }

    /** What a verification found. */
    public record Report(long checked, long problems) {}

    private final Database db;
    private final StorageBackend storage;

    public VerifyService(Database db, StorageBackend storage) {
        this.db = db;
        this.storage = storage;
    }

    /** Checks one object; null when it is as recorded. */
    public Problem check(String key, String sopInstanceUid, long size, String checksum) {
        Checksums.Measured m;
        try (InputStream in = storage.open(key)) {
            m = Checksums.measure(in);
        } catch (StorageException e) {
            if (e.reason() == StorageException.Reason.NOT_FOUND) return new Problem(Problem.Kind.MISSING, key, sopInstanceUid, null);
            return new Problem(Problem.Kind.UNREADABLE, key, sopInstanceUid, e.getMessage());
        } catch (IOException e) {
            return new Problem(Problem.Kind.UNREADABLE, key, sopInstanceUid, e.getMessage());
        }
        if (m.size() != size) return new Problem(Problem.Kind.SIZE_DIFFERS, key, sopInstanceUid, m.size() + " bytes, recorded " + size);
        String actual = m.checksum();
        if (!actual.equals(checksum)) {
            return new Problem(Problem.Kind.CHECKSUM_DIFFERS, key, sopInstanceUid, actual + ", recorded " + checksum);
        }
        return null;
    }

    /** Checks every indexed object, then looks for orphans; each problem goes to {@code sink}. */
    public Report verifyAll(Consumer<Problem> sink) throws IOException {
        long[] counts = new long[2];
        db.sessions().inSession(s -> {
            try (Stream<Object[]> rows = s.createSelectionQuery(
                    "select i.storageKey, i.sopUid, i.objectSize, i.checksum from InstanceEntity i order by i.pk", Object[].class)
                    .setFetchSize(500).getResultStream()) {
                rows.forEach(r -> {
                    counts[0]++;
                    Problem p = check((String) r[0], (String) r[1], (Long) r[2], (String) r[3]);
                    if (p != null) {
                        counts[1]++;
                        sink.accept(p);
                    }
                });
            }
        });
        counts[1] += findOrphans(sink);
        return new Report(counts[0], counts[1]);
    }

    /**
     * Reports every object file without an index row, reading no object: it lists the storage's
     * keys and asks the index about them a batch at a time, so its memory does not grow with the
     * archive. What a restart after a crash needs (an acknowledged object was forced to disk
     * before its row was committed, so only unacknowledged objects can lack a row).
     *
     * @return how many orphans were reported
     */
    public long findOrphans(Consumer<Problem> sink) throws IOException {
        long orphans = 0;
        List<String> batch = new ArrayList<>(ORPHAN_BATCH);
        try (Stream<String> keys = storage.keys()) {
            Iterator<String> it = keys.iterator();
            while (it.hasNext()) {
                batch.add(it.next());
                if (batch.size() == ORPHAN_BATCH || !it.hasNext()) {
                    Set<String> indexed = indexedAmong(batch);
                    for (String k : batch) {
                        if (!indexed.contains(k)) {
                            orphans++;
                            sink.accept(new Problem(Problem.Kind.ORPHAN, k, null, "no index row"));
                        }
                    }
                    batch.clear();
                }
            }
        }
        return orphans;
    }

    private static final int ORPHAN_BATCH = 500;

    private Set<String> indexedAmong(List<String> keys) throws IOException {
        String sql = "select storage_key from instance where storage_key in ("
                + String.join(", ", java.util.Collections.nCopies(keys.size(), "?")) + ")";
        Set<String> found = new HashSet<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < keys.size(); i++) ps.setString(i + 1, keys.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) found.add(rs.getString(1));
            }
            c.commit();
        } catch (SQLException e) {
            throw new IOException("cannot read the index: " + e.getMessage(), e);
        }
        return found;
    }
}
