package org.senpacs.ris.order;

/**
 * An order request that cannot be carried out: a value that is not valid (naming the field at
 * fault), an order that does not exist, or a change that conflicts with the order's state or
 * with another order's identifiers. HL7 turns it into an AE acknowledgement, REST into a 4xx.
 */
public final class OrderException extends RuntimeException {

    /** What went wrong, which decides the protocol answer. */
    public enum Kind {
        /** A value is missing or not valid (HL7 AE 101/102, HTTP 400). */
        INVALID,
        /** No such order (HL7 AE 204, HTTP 404). */
        NOT_FOUND,
        /** The order's status forbids it, or an identifier is taken (HL7 AE 205/207, HTTP 409). */
        CONFLICT
    }

    private final Kind kind;
    private final OrderField field;

    public OrderException(Kind kind, OrderField field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The field at fault, or null when the order as a whole is. */
    public OrderField field() {
        return field;
    }
}
