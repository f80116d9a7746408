package org.senpacs.ris.outbound;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the RIS sends to whom, and how delivery is retried.
 *
 * @param sendingApplication MSH-3 of our messages
 * @param sendingFacility MSH-4 of our messages
 * @param destinations where reports and status updates go (each message is queued once per destination)
 * @param firstRetryDelay the wait after the first failed attempt; it doubles after each further failure
 * @param maxRetryDelay the longest wait between two attempts
 * @param maxAttempts attempts before a message is given up (FAILED)
 * @param ackTimeout how long to wait for the receiver's ACK
 * @param pollInterval how often the sender looks for due messages when nothing wakes it
 * @param textType the OBX value type of report text lines: TX or FT
 */
public record OutboundOptions(String sendingApplication, String sendingFacility, List<HisDestination> destinations,
                              Duration firstRetryDelay, Duration maxRetryDelay, int maxAttempts, Duration ackTimeout,
                              Duration pollInterval, String textType) {

    public OutboundOptions {
        Objects.requireNonNull(sendingApplication, "sendingApplication");
        Objects.requireNonNull(sendingFacility, "sendingFacility");
        destinations = List.copyOf(destinations);
        if (destinations.stream().map(HisDestination::name).distinct().count() != destinations.size()) {
            throw new IllegalArgumentException("two HL7 destinations with the same name");
        }
        positive(firstRetryDelay, "firstRetryDelay");
        positive(maxRetryDelay, "maxRetryDelay");
        positive(ackTimeout, "ackTimeout");
        positive(pollInterval, "pollInterval");
        if (maxRetryDelay.compareTo(firstRetryDelay) < 0) throw new IllegalArgumentException("maxRetryDelay is shorter than firstRetryDelay");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        if (!textType.equals("TX") && !textType.equals("FT")) throw new IllegalArgumentException("textType must be TX or FT: " + textType);
    }

    /** Sending as SEN_RIS / SEN, no destination, retries from 10 s up to 10 min, 20 attempts, ACK within 30 s. */
    public static final OutboundOptions DEFAULT = new OutboundOptions("SEN_RIS", "SEN", List.of(), Duration.ofSeconds(10),
            Duration.ofMinutes(10), 20, Duration.ofSeconds(30), Duration.ofSeconds(5), "TX");

    public OutboundOptions withDestinations(List<HisDestination> list) {
        return new OutboundOptions(sendingApplication, sendingFacility, list, firstRetryDelay, maxRetryDelay, maxAttempts,
                ackTimeout, pollInterval, textType);
    }

    public OutboundOptions withRetries(Duration first, Duration max, int attempts) {
        return new OutboundOptions(sendingApplication, sendingFacility, destinations, first, max, attempts, ackTimeout,
                pollInterval, textType);
    }

    public OutboundOptions withSender(String application, String facility) {
        return new OutboundOptions(application, facility, destinations, firstRetryDelay, maxRetryDelay, maxAttempts,
                ackTimeout, pollInterval, textType);
    }

    public OutboundOptions withTextType(String type) {
        return new OutboundOptions(sendingApplication, sendingFacility, destinations, firstRetryDelay, maxRetryDelay,
                maxAttempts, ackTimeout, pollInterval, type);
    }

    public OutboundOptions withTimeouts(Duration ack, Duration poll) {
        return new OutboundOptions(sendingApplication, sendingFacility, destinations, firstRetryDelay, maxRetryDelay,
                maxAttempts, ack, poll, textType);
    }

    /** The destination of this name. */
    public Optional<HisDestination> destination(String name) {
        return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The wait before the next attempt after {@code failures} failed ones: doubling from the first delay, capped. */
    public Duration retryDelay(int failures) {
        Duration d = firstRetryDelay;
        for (int i = 1; i < failures && d.compareTo(maxRetryDelay) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive: " + d);
    }
}
