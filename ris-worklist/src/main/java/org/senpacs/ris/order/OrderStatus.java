package org.senpacs.ris.order;

import java.util.Set;

/**
 * The status of an order (its scheduled procedure step), as kept in {@code ris_order.status}.
 * A step is scheduled, then in progress (MPPS N-CREATE), then completed or discontinued; a step
 * not started can be cancelled. Completed, discontinued and cancelled are final.
 */
public enum OrderStatus {
    SCHEDULED, IN_PROGRESS, COMPLETED, DISCONTINUED, CANCELLED;

    /** True when an order in this status may move to {@code next} (staying put is always allowed). */
    public boolean canBecome(OrderStatus next) {
        if (next == this) return true;
        return switch (this) {
            case SCHEDULED -> true;
            case IN_PROGRESS -> Set.of(COMPLETED, DISCONTINUED).contains(next);
            case COMPLETED, DISCONTINUED, CANCELLED -> false;
        };
    }

    /** True for the statuses an order never leaves. */
    public boolean isFinal() {
        return this == COMPLETED || this == DISCONTINUED || this == CANCELLED;
    }
}
