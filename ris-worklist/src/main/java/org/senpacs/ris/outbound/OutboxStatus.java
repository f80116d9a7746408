package org.senpacs.ris.outbound;

/** Where an outgoing HL7 message stands. */
public enum OutboxStatus {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** Acknowledged by the receiver (AA or CA). */
    SENT,
    /** Given up after the configured attempts; can be queued again by hand. */
    FAILED
}
