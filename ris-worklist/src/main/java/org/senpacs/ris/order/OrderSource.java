package org.senpacs.ris.order;

/** Where an order came from ({@code ris_order.source}). */
public enum OrderSource {
    /** An ORM^O01 or OMI^O23 message from the HIS. */
    HL7,
    /** The orders REST API. */
    REST
}
