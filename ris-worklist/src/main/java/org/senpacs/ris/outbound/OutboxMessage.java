package org.senpacs.ris.outbound;

import java.time.Instant;

/**
 * One row of the outbox: an HL7 message for one destination and its delivery state.
 *
 * @param orderPk the order the message is about, or null
 * @param nextAttempt when the sender tries it next (for PENDING)
 * @param lastError why the last attempt failed, or null
 * @param sent when the receiver acknowledged it, or null
 */
public record OutboxMessage(long pk, String destination, String messageType, String controlId, Long orderPk,
                            String payload, OutboxStatus status, int attempts, Instant nextAttempt, String lastError,
                            Instant created, Instant sent) {}
