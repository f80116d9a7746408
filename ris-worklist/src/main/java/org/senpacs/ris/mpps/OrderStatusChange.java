package org.senpacs.ris.mpps;

/**
 * A committed change of an order's status ({@code ris_order.status}).
 *
 * @param orderPk the order
 * @param accessionNumber its accession number
 * @param requestedProcedureId its requested procedure ID
 * @param spsId its scheduled procedure step ID
 * @param oldStatus the status before (SCHEDULED, IN_PROGRESS, ...)
 * @param newStatus the status now
 * @param cause what changed it: {@code MPPS} (a performed procedure step) or {@code IMAGES} (a
 *     stored study linked to the order)
 * @param mppsSopInstanceUid the MPPS that changed it, or null
 */
public record OrderStatusChange(long orderPk, String accessionNumber, String requestedProcedureId, String spsId,
                                String oldStatus, String newStatus, String cause, String mppsSopInstanceUid) {}
