package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The character sets of HL7 v2 messages: MSH-18 values (HL7 table 0211, plus the names HIS
 * systems in Vietnam send in practice) to Java charsets, and strict decoding that reports
 * where bytes not valid in the declared character set are.
 */
final class Hl7Charsets {

    private Hl7Charsets() {}

    private static final Map<String, Charset> TABLE_0211 = Map.ofEntries(
            Map.entry("ASCII", StandardCharsets.US_ASCII),
            Map.entry("ISO IR6", StandardCharsets.US_ASCII),
            Map.entry("8859/1", StandardCharsets.ISO_8859_1),
            Map.entry("ISO IR100", StandardCharsets.ISO_8859_1),
            Map.entry("8859/2", Charset.forName("ISO-8859-2")),
            Map.entry("8859/3", Charset.forName("ISO-8859-3")),
            Map.entry("8859/4", Charset.forName("ISO-8859-4")),
            Map.entry("8859/5", Charset.forName("ISO-8859-5")),
            Map.entry("8859/6", Charset.forName("ISO-8859-6")),
            Map.entry("8859/7", Charset.forName("ISO-8859-7")),
            Map.entry("8859/8", Charset.forName("ISO-8859-8")),
            Map.entry("8859/9", Charset.forName("ISO-8859-9")),
            Map.entry("8859/15", Charset.forName("ISO-8859-15")),
            Map.entry("UNICODE UTF-8", StandardCharsets.UTF_8),
            Map.entry("UTF-8", StandardCharsets.UTF_8),
            Map.entry("ISO IR192", StandardCharsets.UTF_8),
            Map.entry("GB 18030-2000", Charset.forName("GB18030")),
            Map.entry("BIG-5", Charset.forName("Big5")),
            Map.entry("KS X 1001", Charset.forName("EUC-KR")),
            // Windows Vietnamese, sent by some HIS although outside table 0211
            Map.entry("WINDOWS-1258", Charset.forName("windows-1258")),
            Map.entry("CP1258", Charset.forName("windows-1258")));

    /**
     * The charset an MSH-18 value names, or {@code dflt} when it is empty.
     *
     * @throws Hl7Failure AR 103 for a value we do not know or support
     */
    static Charset forMsh18(String value, Charset dflt) throws Hl7Failure {
        if (value == null || value.isBlank()) return dflt;
        Charset cs = TABLE_0211.get(value.trim().toUpperCase(Locale.ROOT));
        if (cs == null) {
            throw Hl7Failure.rejected(ErrorCode.TABLE_VALUE_NOT_FOUND, Hl7Failure.field("MSH", 18),
                    "MSH-18 character set '" + value + "' is not supported (use UNICODE UTF-8, 8859/1, ...)");
        }
        return cs;
    }

    /**
     * Decodes a message, refusing bytes that are not valid in the charset: the error names the
     * segment and field where the first bad byte is.
     *
     * @throws Hl7Failure AR 102 at the field holding the invalid bytes
     */
    static String decode(byte[] bytes, Charset cs, String declared) throws Hl7Failure {
        CharsetDecoder decoder = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) (bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            Position p = Position.of(bytes, at);
            throw Hl7Failure.rejected(ErrorCode.DATA_TYPE_ERROR, Hl7Failure.field(p.segment, p.occurrence, p.field),
                    "bytes not valid in " + (declared == null || declared.isBlank() ? "the default character set " + cs.name()
                            : "character set '" + declared + "' (MSH-18)") + " at byte " + at + ", in " + p.segment + "-" + p.field);
        }
        r = decoder.flush(out);
        if (r.isError()) {
            throw Hl7Failure.rejected(ErrorCode.DATA_TYPE_ERROR, Hl7Failure.field("MSH", 18), "message ends inside a character");
        }
        out.flip();
        return out.toString();
    }

    /** Decodes, replacing invalid bytes: for keeping a refused message's text. */
    static String lenient(byte[] bytes, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("replacing decoder failed", e);
        }
    }

    /** Where a byte offset falls: segment (name, occurrence) and field number. */
    private record Position(String segment, int occurrence, int field) {
        static Position of(byte[] b, int offset) {
            byte fieldSeparator = b.length > 3 ? b[3] : (byte) '|';
            int segStart = 0;
            for (int i = 0; i < offset; i++) {
                if (b[i] == '\r' || b[i] == '\n') segStart = i + 1;
            }
            String name = segStart + 3 <= b.length ? new String(b, segStart, 3, StandardCharsets.ISO_8859_1) : "MSH";
            int occurrence = 0;
            int lineStart = 0;
            for (int i = 0; i <= segStart && i < b.length; i++) {
                if (i == lineStart) {
                    if (i + 3 <= b.length && new String(b, i, 3, StandardCharsets.ISO_8859_1).equals(name)) occurrence++;
                }
                if (b[i] == '\r' || b[i] == '\n') lineStart = i + 1;
            }
            int separators = 0;
            for (int i = segStart; i < offset; i++) {
                if (b[i] == fieldSeparator) separators++;
            }
            // MSH-1 is the field separator itself, so MSH fields are one ahead of the separators counted
            int field = name.equals("MSH") ? separators + 1 : separators;
            return new Position(name, Math.max(occurrence, 1), field);
        }
    }
}
