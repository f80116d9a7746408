package org.senpacs.ris.outbound;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** HL7 v2 date/time values (DTM) from instants, in the zone of the machine. */
public final class Hl7Time {

    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private Hl7Time() {}

    /** {@code YYYYMMDDHHMMSS+ZZZZ} in the system zone. */
    public static String format(Instant t) {
        return DTM.format(t.atZone(ZoneId.systemDefault()));
    }
}
