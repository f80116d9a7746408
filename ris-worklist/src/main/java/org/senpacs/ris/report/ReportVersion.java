package org.senpacs.ris.report;

import java.time.Instant;

/** One saved state of a report, as kept in its history. */
public record ReportVersion(int version, ReportStatus status, String findings, String impression, String author,
                            Instant saved) {}
