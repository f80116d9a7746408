package org.senpacs.ris.mpps;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of order status changes, shared by every service that changes an order's status. */
public final class OrderStatusEvents {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStatusEvents.class);

    private final List<OrderStatusListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(OrderStatusListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(OrderStatusListener listener) {
        listeners.remove(listener);
    }

    /** Tells every listener of each change, in order. */
    public void fire(List<OrderStatusChange> changes) {
        for (OrderStatusChange c : changes) {
            LOG.info("SEN-R210 order {} {} -> {} ({})", c.orderPk(), c.oldStatus(), c.newStatus(), c.cause());
            for (OrderStatusListener l : listeners) {
                try {
                    l.statusChanged(c);
                } catch (RuntimeException e) {
                    LOG.warn("SEN-R211 order status listener {} failed: {}", l.getClass().getName(), e.toString());
                }
            }
        }
    }
}
