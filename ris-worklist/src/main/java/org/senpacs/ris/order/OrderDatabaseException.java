package org.senpacs.ris.order;

import java.sql.SQLException;

/** The database failed while working on orders (not the request's fault): HTTP 500, HL7 AE 207. */
public final class OrderDatabaseException extends RuntimeException {
    public OrderDatabaseException(SQLException e) {
        super("order database failure: " + e.getMessage(), e);
    }
}
