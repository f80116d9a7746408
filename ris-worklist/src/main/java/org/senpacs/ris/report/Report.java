package org.senpacs.ris.report;

import java.time.Instant;

/**
 * The current report of an order.
 *
 * @param version 1 when created, incremented by every save (the value to send back to change it)
 */
public record Report(long pk, long orderPk, String accessionNumber, ReportStatus status, String findings,
                     String impression, String author, Instant created, Instant updated, int version) {}
