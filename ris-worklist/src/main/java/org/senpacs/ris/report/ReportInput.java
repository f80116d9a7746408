package org.senpacs.ris.report;

/**
 * A report to save for an order, named by its primary key or by its accession number.
 *
 * @param orderPk the order, or null when {@code accessionNumber} names it
 * @param accessionNumber the order's accession number, or null when {@code orderPk} names it (an
 *     accession with several requested procedures needs the order's pk)
 * @param findings the findings text, or null
 * @param impression the impression / conclusion text, or null
 * @param author who wrote it: a name, or HL7 components {@code ID^FAMILY^GIVEN}
 * @param version the version of the report the change is based on: null to create the order's
 *     first report, the current version to change it (another one is a conflict)
 */
public record ReportInput(Long orderPk, String accessionNumber, ReportStatus status, String findings, String impression,
                          String author, Integer version) {}
