package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;

/**
 * A message we answer with AE (application error: the message is well formed but we cannot apply
 * it) or AR (rejected: we cannot read it, or do not support its type, version or character
 * set). It carries the HL7 error code (table 0357) and the location of the field at fault, which
 * the acknowledgement's ERR segment reports.
 */
public final class Hl7Failure extends HL7Exception {

    private final AcknowledgmentCode ack;

    private Hl7Failure(AcknowledgmentCode ack, ErrorCode code, Location location, String message) {
        super(message, code);
        this.ack = ack;
        if (location != null) setLocation(location);
    }

    /** AE: the message cannot be applied. */
    public static Hl7Failure error(ErrorCode code, Location location, String message) {
        return new Hl7Failure(AcknowledgmentCode.AE, code, location, message);
    }

    /** AR: the message is refused as a whole. */
    public static Hl7Failure rejected(ErrorCode code, Location location, String message) {
        return new Hl7Failure(AcknowledgmentCode.AR, code, location, message);
    }

    /** The location of a field (1-based), in the first repetition of the named segment. */
    public static Location field(String segment, int field) {
        return field(segment, 1, field);
    }

    /** The location of a field (1-based) of a segment's n-th occurrence in the message (1-based). */
    public static Location field(String segment, int occurrence, int field) {
        return new Location().withSegmentName(segment).withSegmentRepetition(occurrence).withField(field)
                .withFieldRepetition(1);
    }

    /** The location of a segment as a whole. */
    public static Location segment(String segment, int occurrence) {
        return new Location().withSegmentName(segment).withSegmentRepetition(occurrence);
    }

    public AcknowledgmentCode ack() {
        return ack;
    }
}
