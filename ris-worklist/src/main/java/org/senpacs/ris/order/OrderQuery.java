package org.senpacs.ris.order;

import java.time.LocalDateTime;

/**
 * A search for orders; null fields do not restrict.
 *
 * @param from scheduled start at or after
 * @param to scheduled start before
 */
public record OrderQuery(OrderStatus status, String patientId, String accessionNumber, String modality, String stationAet,
                         LocalDateTime from, LocalDateTime to, int limit, int offset) {

    public static final int MAX_LIMIT = 1000;

    public OrderQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
    }
}
