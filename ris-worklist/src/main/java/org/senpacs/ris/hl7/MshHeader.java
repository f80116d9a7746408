package org.senpacs.ris.hl7;

/**
 * What can be read of a message's MSH segment without parsing the message: enough to answer and
 * to recognise a re-sent message even when the rest is unreadable. Fields are the raw text
 * ("" when absent); components are split where needed.
 *
 * @param sendingApplication MSH-3 as sent
 * @param sendingFacility MSH-4 as sent
 * @param messageType MSH-9 as sent (e.g. {@code ORM^O01})
 * @param controlId MSH-10
 * @param processingId MSH-11
 * @param version MSH-12, first component
 * @param charset MSH-18, first repetition
 */
record MshHeader(String sendingApplication, String sendingFacility, String receivingApplication,
                 String receivingFacility, String messageType, String controlId, String processingId, String version,
                 String charset, char componentSeparator) {

    /** Nothing readable. */
    static final MshHeader NONE = new MshHeader("", "", "", "", "", "", "", "", "", '^');

    /** True when the text starts like an HL7 v2 message (MSH and a field separator). */
    static boolean looksLikeMsh(String text) {
        return text.length() >= 8 && text.startsWith("MSH") && !Character.isLetterOrDigit(text.charAt(3));
    }

    /** Reads the MSH segment at the start of {@code text}; {@link #NONE} when there is none. */
    static MshHeader read(String text) {
        if (!looksLikeMsh(text)) return NONE;
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\r' || text.charAt(i) == '\n') {
                end = i;
                break;
            }
        }
        String segment = text.substring(0, end);
        char fs = segment.charAt(3);
        String[] f = segment.split(java.util.regex.Pattern.quote(String.valueOf(fs)), -1);
        char cs = f.length > 1 && !f[1].isEmpty() ? f[1].charAt(0) : '^';
        char rs = f.length > 1 && f[1].length() > 1 ? f[1].charAt(1) : '~';
        return new MshHeader(field(f, 3), field(f, 4), field(f, 5), field(f, 6), field(f, 9), field(f, 10),
                first(field(f, 11), cs), first(field(f, 12), cs), first(field(f, 18), rs), cs);
    }

    /** MSH-9.1, the message code. */
    String messageCode() {
        return component(messageType, 0);
    }

    /** MSH-9.2, the trigger event. */
    String triggerEvent() {
        return component(messageType, 1);
    }

    private String component(String field, int index) {
        String[] c = field.split(java.util.regex.Pattern.quote(String.valueOf(componentSeparator)), -1);
        return index < c.length ? c[index] : "";
    }

    /** MSH-n: fields[n-1], since MSH-1 is the separator that split them. */
    private static String field(String[] f, int n) {
        return n - 1 < f.length ? f[n - 1] : "";
    }

    private static String first(String v, char separator) {
        int i = v.indexOf(separator);
        return i < 0 ? v : v.substring(0, i);
    }
}
