package org.senpacs.ris.mpps;

/**
 * Told of order status changes after they are committed (to send procedure status updates to the
 * HIS, refresh a screen). Called on the thread that made the change, before the modality gets its
 * answer: return quickly; what a listener throws is logged and dropped, the change stands.
 */
@FunctionalInterface
public interface OrderStatusListener {

    void statusChanged(OrderStatusChange change);
}
