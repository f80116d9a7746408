package org.senpacs.ris.hl7;

import java.time.Instant;

/**
 * A message kept in {@code ris_hl7_in}: who sent it, what it was, how it was answered.
 *
 * @param outcome AA, AE or AR
 * @param error why it was not accepted (null when accepted)
 * @param payload the message text, or null when not asked for
 * @param ack the acknowledgement sent, or null when not asked for
 */
public record ReceivedMessage(long pk, String sendingApplication, String sendingFacility, String controlId,
                              String messageType, String version, Instant received, String outcome, String error,
                              String payload, String ack) {}
