package org.senpacs.ris.mwl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.dicom.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Modality Worklist, answered from the {@code ris_order} table for every transport (the MWL
 * C-FIND SCP, the REST API): matching orders, scheduled ones first by start, streamed to a sink.
 */
public final class WorklistService {

    private static final Logger LOG = LoggerFactory.getLogger(WorklistService.class);

    /**
     * What a query found.
     *
     * @param matches how many items went to the sink
     * @param truncated more orders matched than {@link WorklistOptions#maxResults()}
     */
    public record Outcome(int matches, boolean truncated) {}

    private final DataSource dataSource;
    private final WorklistOptions options;

    public WorklistService(DataSource dataSource, WorklistOptions options) {
        this.dataSource = dataSource;
        this.options = options;
    }

    public WorklistOptions options() {
        return options;
    }

    /**
     * Hands each matching item to {@code sink} until it returns false.
     *
     * @param keys the identifier: matching keys and return keys
     * @param allAttributes return every attribute of the item, not only the keys asked for
     * @throws ArchiveException {@code INVALID_QUERY} for a malformed key, {@code DATABASE_UNAVAILABLE}
     */
    public Outcome query(DataSet keys, boolean allAttributes, Predicate<DataSet> sink) throws ArchiveException {
        WorklistMatching m = WorklistMatching.of(keys, options);
        String sql = "select " + WorklistItems.COLUMNS + " from ris_order o join patient p on p.pk = o.patient_fk where "
                + m.where() + " order by o.scheduled_start, o.pk";
        int n = 0;
        boolean truncated = false;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                List<Object> params = m.params();
                for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
                ps.setMaxRows(options.maxResults() + 1);
                ps.setFetchSize(Math.min(100, options.maxResults() + 1));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (n == options.maxResults()) {
                            truncated = true;
                            break;
                        }
                        DataSet item = WorklistItems.item(rs);
                        n++;
                        if (!sink.test(allAttributes ? item : ReturnKeys.select(item, keys))) break;
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            LOG.warn("SEN-R202 worklist query failed: {}", e.toString());
            throw new ArchiveException(ArchiveError.DATABASE_UNAVAILABLE, "worklist query failed", e);
        }
        if (truncated) LOG.warn("SEN-R201 worklist query matched more than {} items: only the first were returned", n);
        return new Outcome(n, truncated);
    }

    /** True when the identifier has a key with a value this worklist does not match on (ignored for matching). */
    public static boolean hasUnsupportedKeys(DataSet keys) {
        try {
            return WorklistMatching.of(keys, WorklistOptions.DEFAULT).unsupportedKeys();
        } catch (ArchiveException invalidKeys) {
            return false;
        }
    }
}
