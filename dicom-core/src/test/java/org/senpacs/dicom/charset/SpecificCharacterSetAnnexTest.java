package org.senpacs.dicom.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The examples of PS3.5 Annexes H (Japanese), I (Korean), J (UTF-8, GB18030, GBK) and K
 * (ISO 2022 IR 58), decoded and encoded byte-exact in both directions.
 *
 * <p>Where a test says "bytes from the standard", the byte sequence is transcribed from the
 * "Encoded representation" of the example, in the column/row or hex notation the standard uses.
 * Where it says "derived", the standard shows no bytes (or only the escape sequences), and the
 * bytes were derived from the code tables (JDK charsets) and the escape sequences of the example.
 */
class SpecificCharacterSetAnnexTest {

    /** Parses the standard's column/row notation, e.g. "05/09 06/01". */
    static byte[] colRow(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String[] cr = parts[i].split("/");
            b[i] = (byte) (Integer.parseInt(cr[0]) << 4 | Integer.parseInt(cr[1]));
        }
        return b;
    }

    /** Parses hex bytes, e.g. "0x57 0x61" or "57 61". */
    static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i].replaceFirst("^0[xX]", ""), 16);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static void assertBothWays(SpecificCharacterSet cs, String text, byte[] bytes, boolean personName) {
        assertEquals(text, cs.decode(bytes, 0, bytes.length), "decode");
        assertArrayEquals(bytes, cs.encode(text, personName), "encode");
    }

    // ----------------------------------------------------------------- Annex H

    /** PS3.5 Example H.3-1, "\ISO 2022 IR 87"; bytes from the standard. */
    @Test
    void japaneseH31() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        // the standard prints the 7th byte as "5/14"
        byte[] bytes = colRow("05/09 06/01 06/13 06/01 06/04 06/01 05/14 05/04 06/01 07/02 06/15 07/05"
                + " 03/13 01/11 02/04 04/02 03/11 03/03 04/05 04/04 01/11 02/08 04/02 05/14 01/11 02/04"
                + " 04/02 04/02 04/00 04/15 03/10 01/11 02/08 04/02 03/13 01/11 02/04 04/02 02/04 06/04"
                + " 02/04 05/14 02/04 04/00 01/11 02/08 04/02 05/14 01/11 02/04 04/02 02/04 03/15 02/04"
                + " 06/13 02/04 02/06 01/11 02/08 04/02");
        assertBothWays(cs, "Yamada^Tarou=山田^太郎=やまだ^たろう", bytes, true);
        // G0 must be ASCII again before each delimiter, so plain text encoding needs the same escapes
        assertArrayEquals(bytes, cs.encode("Yamada^Tarou=山田^太郎=やまだ^たろう", false));
        // the same with value 1 spelled out
        assertBothWays(SpecificCharacterSet.of("ISO 2022 IR 6", "ISO 2022 IR 87"),
                "Yamada^Tarou=山田^太郎=やまだ^たろう", bytes, true);
    }

    /** PS3.5 Example H.3-2, "ISO 2022 IR 13\ISO 2022 IR 87"; bytes from the standard. */
    @Test
    void japaneseH32() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87");
        byte[] bytes = colRow("13/04 12/15 12/00 13/14 05/14 12/00 13/11 11/03 03/13 01/11 02/04 04/02"
                + " 03/11 03/03 04/05 04/04 01/11 02/08 04/10 05/14 01/11 02/04 04/02 04/02 04/00 04/15"
                + " 03/10 01/11 02/08 04/10 03/13 01/11 02/04 04/02 02/04 06/04 02/04 05/14 02/04 04/00"
                + " 01/11 02/08 04/10 05/14 01/11 02/04 04/02 02/04 03/15 02/04 06/13 02/04 02/06 01/11"
                + " 02/08 04/10");
        // "ﾔﾏﾀﾞ^ﾀﾛｳ" in half-width katakana (JIS X 0201 in G1), then JIS X 0208 with returns to ESC ( J
        String text = "\uFF94\uFF8F\uFF80\uFF9E^\uFF80\uFF9B\uFF73=山田^太郎=やまだ^たろう";
        assertBothWays(cs, text, bytes, true);
    }

    /** 05/14 inside JIS X 0208 is the second byte of 'ま', not a '^' delimiter. */
    @Test
    void caretByteInsideJisX0208IsPartOfCharacter() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        byte[] bytes = hex("1B 24 42 24 5E 1B 28 42");
        assertBothWays(cs, "ま", bytes, true);
        // 05/12 likewise: 施 is 3B 5C in JIS X 0208 (derived from the JIS X 0208 table)
        assertBothWays(cs, "施", hex("1B 24 42 3B 5C 1B 28 42"), false);
    }

    /** ISO_IR 13 without code extensions, the katakana of Example H.3-2; bytes from the standard. */
    @Test
    void japaneseIsoIr13WithoutExtensions() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 13");
        assertBothWays(cs, "\uFF94\uFF8F\uFF80\uFF9E^\uFF80\uFF9B\uFF73", colRow(
                "13/04 12/15 12/00 13/14 05/14 12/00 13/11 11/03"), true);
        assertBothWays(cs, "Yamada^Tarou", "Yamada^Tarou".getBytes(java.nio.charset.StandardCharsets.US_ASCII), true);
    }

    // ----------------------------------------------------------------- Annex I

    /** PS3.5 Example I.2-1, "\ISO 2022 IR 149"; bytes from the standard. */
    @Test
    void koreanI2() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        byte[] bytes = colRow("04/08 06/15 06/14 06/07 05/14 04/07 06/09 06/12 06/04 06/15 06/14 06/07"
                + " 03/13 01/11 02/04 02/09 04/03 15/11 15/03 05/14 01/11 02/04 02/09 04/03 13/01 12/14"
                + " 13/04 13/07 03/13 01/11 02/04 02/09 04/03 12/08 10/11 05/14 01/11 02/04 02/09 04/03"
                + " 11/01 14/06 11/05 11/15");
        assertBothWays(cs, "Hong^Gildong=洪^吉洞=홍^길동", bytes, true);
    }

    /** Outside person names, '^' and '=' are plain characters: G1 stays designated. */
    @Test
    void koreanNotPersonNameDesignatesOnce() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        byte[] bytes = hex("48 6F 6E 67 3D 1B 24 29 43 FB F3 5E D1 CE D4 D7");
        assertBothWays(cs, "Hong=洪^吉洞", bytes, false);
    }

    /**
     * PS3.5 Example I.3-1 (long text, ESC $ ) C at the head of each line): derived bytes; the
     * standard shows the escape sequences but not the bytes. 한글 is C7 D1 B1 DB in KS X 1001 (GR).
     */
    @Test
    void koreanI3LongText() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        byte[] esc = hex("1B 24 29 43");
        byte[] hangul = hex("C7 D1 B1 DB");
        byte[] standardLayout = concat(esc, ascii("The first line includes "), hangul, ascii(".\r\n"),
                esc, ascii("The second line includes "), hangul, ascii(", too.\r\n"),
                ascii("The third line.\r\n"));
        String text = "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line.\r\n";
        assertEquals(text, cs.decode(standardLayout, 0, standardLayout.length));
        // our encoder designates G1 right before the first Hangul of each line instead
        byte[] ours = concat(ascii("The first line includes "), esc, hangul, ascii(".\r\n"),
                ascii("The second line includes "), esc, hangul, ascii(", too.\r\n"),
                ascii("The third line.\r\n"));
        assertBothWays(cs, text, ours, false);
    }

    // ----------------------------------------------------------------- Annex J

    /** PS3.5 Example J.2-1, ISO_IR 192; bytes from the standard. */
    @Test
    void unicodeJ2LongText() {
        byte[] bytes = hex("0x54 0x68 0x65 0x20 0x66 0x69 0x72 0x73 0x74 0x20 0x6c 0x69 0x6e 0x65 0x20"
                + " 0x69 0x6e 0x63 0x6c 0x75 0x64 0x65 0x73 0xe4 0xb8 0xad 0xe6 0x96 0x87 0x2e 0x0d 0x0a"
                + " 0x54 0x68 0x65 0x20 0x73 0x65 0x63 0x6f 0x6e 0x64 0x20 0x6c 0x69 0x6e 0x65 0x20 0x69"
                + " 0x6e 0x63 0x6c 0x75 0x64 0x65 0x73 0xe4 0xb8 0xad 0xe6 0x96 0x87 0x2c 0x20 0x74 0x6f"
                + " 0x6f 0x2e 0x0d 0x0a 0x54 0x68 0x65 0x20 0x74 0x68 0x69 0x72 0x64 0x20 0x6c 0x69 0x6e"
                + " 0x65 0x2e 0x0d 0x0a");
        // the encoded representation has no SPACE between "includes" and 中文
        String text = "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n";
        assertBothWays(SpecificCharacterSet.of("ISO_IR 192"), text, bytes, false);
    }

    /** PS3.5 Example J.3-1, GB18030, which Annex J also applies to GBK; bytes from the standard. */
    @Test
    void chineseJ3PersonName() {
        byte[] bytes = hex("0x57 0x61 0x6e 0x67 0x5e 0x58 0x69 0x61 0x6f 0x44 0x6f 0x6e 0x67 0x3d 0xcd 0xf5"
                + " 0x5e 0xd0 0xa1 0xb6 0xab 0x3d");
        assertBothWays(SpecificCharacterSet.of("GB18030"), "Wang^XiaoDong=王^小东=", bytes, true);
        assertBothWays(SpecificCharacterSet.of("GBK"), "Wang^XiaoDong=王^小东=", bytes, true);
    }

    /** PS3.5 Example J.4-1, GB18030 long text; bytes from the standard. */
    @Test
    void chineseJ4LongText() {
        byte[] bytes = hex("0x54 0x68 0x65 0x20 0x66 0x69 0x72 0x73 0x74 0x20 0x6c 0x69 0x6e 0x65 0x20 0x69"
                + " 0x6e 0x63 0x6c 0x75 0x64 0x65 0x73 0xd6 0xd0 0xce 0xc4 0x2e 0x0d 0x0a 0x54 0x68 0x65"
                + " 0x20 0x73 0x65 0x63 0x6f 0x6e 0x64 0x20 0x6c 0x69 0x6e 0x65 0x20 0x69 0x6e 0x63 0x6c"
                + " 0x75 0x64 0x65 0x73 0xd6 0xd0 0xce 0xc4 0x2c 0x20 0x74 0x6f 0x6f 0x2e 0x0d 0x0a 0x54"
                + " 0x68 0x65 0x20 0x74 0x68 0x69 0x72 0x64 0x20 0x6c 0x69 0x6e 0x65 0x2e 0x0d 0x0a");
        String text = "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n";
        assertBothWays(SpecificCharacterSet.of("GB18030"), text, bytes, false);
        assertBothWays(SpecificCharacterSet.of("GBK"), text, bytes, false);
    }

    // ----------------------------------------------------------------- Annex K

    /**
     * PS3.5 Example K.2-1, "\ISO 2022 IR 58"; bytes from the standard. The value there ends with
     * a padding SPACE (0x20) to even length, which decodes as a space and which encode() does not
     * add (padding is the writer's job).
     */
    @Test
    void chineseK2PersonName() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 58");
        byte[] padded = hex("0x5A 0x68 0x61 0x6E 0x67 0x5E 0x58 0x69 0x61 0x6F 0x44 0x6F 0x6E 0x67 0x3D"
                + " 0x1B 0x24 0x29 0x41 0xD5 0xC5 0x5E 0x1B 0x24 0x29 0x41 0xD0 0xA1 0xB6 0xAB 0x3D 0x20");
        String text = "Zhang^XiaoDong=张^小东=";
        assertEquals(text + " ", cs.decode(padded, 0, padded.length));
        assertBothWays(cs, text, java.util.Arrays.copyOf(padded, padded.length - 1), true);
    }

    /** PS3.5 Example K.3-1, "\ISO 2022 IR 58" long text; bytes from the standard. */
    @Test
    void chineseK3LongText() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 58");
        byte[] bytes = hex("0x31 0x2e 0x1B 0x24 0x29 0x41 0xB5 0xDA 0xD2 0xBB 0xD0 0xD0 0xCE 0xC4 0xD7 0xD6"
                + " 0xA1 0xA3 0x0D 0x0A 0x32 0x2e 0x1B 0x24 0x29 0x41 0xB5 0xDA 0xB6 0xFE 0xD0 0xD0 0xCE"
                + " 0xC4 0xD7 0xD6 0xA1 0xA3 0x0D 0x0A 0x33 0x2e 0x1B 0x24 0x29 0x41 0xB5 0xDA 0xC8 0xFD"
                + " 0xD0 0xD0 0xCE 0xC4 0xD7 0xD6 0xA1 0xA3 0x0D 0x0A");
        assertBothWays(cs, "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n", bytes, false);
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
