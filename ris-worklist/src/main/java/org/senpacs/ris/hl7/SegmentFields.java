package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of one segment of a parsed message, knowing where the segment is, so that a
 * bad value is reported at its exact location (segment, occurrence, field).
 */
final class SegmentFields {

    /** YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ] (HL7 DTM). */
    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");

    private final Segment segment;
    private final String name;
    private final int occurrence;

    /**
     * @param occurrence which occurrence of this segment name in the message this is (1-based)
     */
    SegmentFields(Segment segment, int occurrence) {
        this.segment = segment;
        this.name = segment.getName();
        this.occurrence = occurrence;
    }

    String name() {
        return name;
    }

    boolean isEmpty() throws HL7Exception {
        return segment.isEmpty();
    }

    /** Component 1 of a field (first repetition); null when empty; "" for the HL7 null {@code ""}. */
    String get(int field) throws HL7Exception {
        return get(field, 1, 1);
    }

    String get(int field, int component) throws HL7Exception {
        return get(field, component, 1);
    }

    String get(int field, int component, int subcomponent) throws HL7Exception {
        return getRepetition(field, 0, component, subcomponent);
    }

    String getRepetition(int field, int repetition, int component, int subcomponent) throws HL7Exception {
        if (field > segment.numFields() || repetition >= segment.getField(field).length) return null;
        String v = Terser.get(segment, field, repetition, component, subcomponent);
        if (v == null || v.isEmpty()) return null;
        return v.equals("\"\"") ? "" : v;
    }

    /**
     * Whether the field (first repetition) is the HL7 null {@code ""} as a whole: the sender
     * deletes the value, where an empty field leaves it as it is.
     */
    boolean isNull(int field) throws HL7Exception {
        if (field > segment.numFields() || segment.getField(field).length == 0) return false;
        return "\"\"".equals(segment.getField(field, 0).encode());
    }

    Location at(int field) {
        return Hl7Failure.field(name, occurrence, field);
    }

    Location at(int field, int component) {
        return at(field).withComponent(component);
    }

    /**
     * A date/time (DTM) at a field component, as local date-time (an offset given is converted to
     * this server's zone); null when empty.
     *
     * @throws Hl7Failure AE 102 naming the field when it is not a valid date/time
     */
    LocalDateTime dateTime(int field, int component, String what) throws HL7Exception {
        String v = get(field, component, 1);
        if (v == null || v.isEmpty()) return null;
        Matcher m = DTM.matcher(v.trim());
        if (!m.matches()) throw badDate(field, component, what, v);
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(1)), parse(m.group(2), 1), parse(m.group(3), 1),
                    parse(m.group(4), 0), parse(m.group(5), 0), parse(m.group(6), 0),
                    m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000").substring(0, 4)) * 100_000);
            if (m.group(8) == null) return t;
            ZoneOffset offset = ZoneOffset.of(m.group(8).substring(0, 3) + ":" + m.group(8).substring(3));
            return OffsetDateTime.of(t, offset).atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        } catch (DateTimeException e) {
            throw badDate(field, component, what, v);
        }
    }

    /**
     * A date given to at least the day (DICOM DA needs one), as YYYYMMDD; null when empty or given
     * only to the year or month; "" for the HL7 null {@code ""}.
     */
    String dicomDate(int field, int component, String what) throws HL7Exception {
        String v = get(field, component, 1);
        if ("".equals(v)) return ""; // the HL7 null: delete
        LocalDateTime t = dateTime(field, component, what);
        if (t == null || v.trim().length() < 8) return null;
        LocalDate d = t.toLocalDate();
        return String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    private Hl7Failure badDate(int field, int component, String what, String v) {
        return Hl7Failure.error(ErrorCode.DATA_TYPE_ERROR, at(field, component),
                name + "-" + field + (component > 1 ? "." + component : "") + " " + what + " '" + v
                        + "' is not a valid HL7 date/time (YYYY[MM[DD[HH[MM[SS]]]]][+/-ZZZZ])");
    }

    private static int parse(String digits, int dflt) {
        return digits == null ? dflt : Integer.parseInt(digits);
    }

    /**
     * A person name in DICOM PN form (FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX) from an XPN field
     * (family 1.1, given 2, middle 3, suffix 4, prefix 5); null when empty; "" when the field is the
     * HL7 null {@code ""}.
     */
    String personName(int field) throws HL7Exception {
        if (isNull(field)) return "";
        return pn(get(field, 1, 1), get(field, 2), get(field, 3), get(field, 5), get(field, 4));
    }

    /**
     * A person name in DICOM PN form from an XCN field (ID 1, family 2.1, given 3, middle 4, suffix
     * 5, prefix 6); null when empty; "" when the field is the HL7 null {@code ""}.
     */
    String personNameOfXcn(int field) throws HL7Exception {
        if (isNull(field)) return "";
        return pn(get(field, 2, 1), get(field, 3), get(field, 4), get(field, 6), get(field, 5));
    }

    private static String pn(String... parts) {
        StringBuilder sb = new StringBuilder();
        int last = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null && !parts[i].isEmpty()) last = i;
        }
        if (last < 0) return null;
        for (int i = 0; i <= last; i++) {
            if (i > 0) sb.append('^');
            if (parts[i] != null) sb.append(parts[i].replace('^', ' ').replace('\\', ' ').replace('=', ' ').trim());
        }
        return sb.toString();
    }
}
