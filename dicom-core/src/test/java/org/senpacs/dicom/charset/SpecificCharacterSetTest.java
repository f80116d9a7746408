package org.senpacs.dicom.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.senpacs.dicom.charset.SpecificCharacterSetAnnexTest.hex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SpecificCharacterSetTest {

    private static void assertBothWays(SpecificCharacterSet cs, String text, byte[] bytes, boolean personName) {
        SpecificCharacterSetAnnexTest.assertBothWays(cs, text, bytes, personName);
    }

    private static String decode(SpecificCharacterSet cs, byte[] bytes) {
        return cs.decode(bytes, 0, bytes.length);
    }

    // ----------------------------------------------------------------- parsing (0008,0005)

    @Test
    void absentOrEmptyIsDefault() {
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of());
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of((String[]) null));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of((String) null));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of(""));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of("  ", ""));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of("ISO_IR 6"));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of("ISO 2022 IR 6"));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of("", "ISO 2022 IR 6"));
        assertTrue(SpecificCharacterSet.DEFAULT.isDefault());
        assertEquals(0, SpecificCharacterSet.DEFAULT.definedTerms().length);
    }

    @Test
    void unknownTermsFallBackToDefaultRepertoire() {
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of("ISO_IR 999"));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of("WINDOWS-1252"));
        // unknown value 1: default G0; unknown later values are left out
        assertArrayEquals(new String[] {"", "ISO 2022 IR 87"},
                SpecificCharacterSet.of("FOO", "ISO 2022 IR 87", "ISO 2022 IR 4711").definedTerms());
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of("", "BAR"));
        assertEquals("Doe^John", decode(SpecificCharacterSet.of("ISO_IR 999"), "Doe^John".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void termsAreReadLeniently() {
        SpecificCharacterSet latin1 = SpecificCharacterSet.of("ISO_IR 100");
        assertEquals(latin1, SpecificCharacterSet.of("ISO_IR 100 "));
        assertEquals(latin1, SpecificCharacterSet.of(" iso_ir 100"));
        assertEquals(latin1, SpecificCharacterSet.of("ISO-IR 100"));
        assertEquals(latin1, SpecificCharacterSet.of("ISO_IR100"));
        assertEquals(latin1, SpecificCharacterSet.of("ISO_IR 100", ""));
        assertSame(SpecificCharacterSet.UTF_8, SpecificCharacterSet.of("ISO_IR 192"));
        assertSame(SpecificCharacterSet.UTF_8, SpecificCharacterSet.of("ISO_IR 192 "));
        assertSame(SpecificCharacterSet.UTF_8, SpecificCharacterSet.of("", "ISO_IR 192"));
        assertArrayEquals(new String[] {"GB18030"}, SpecificCharacterSet.of("GB18030").definedTerms());
        assertArrayEquals(new String[] {"GBK"}, SpecificCharacterSet.of("gbk").definedTerms());
        // one string holding the whole multi-valued attribute
        assertEquals(SpecificCharacterSet.of("", "ISO 2022 IR 87"), SpecificCharacterSet.of("\\ISO 2022 IR 87"));
    }

    @Test
    void canonicalTermsOfCodeExtensions() {
        SpecificCharacterSet jp = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertArrayEquals(new String[] {"", "ISO 2022 IR 87"}, jp.definedTerms());
        assertEquals(jp, SpecificCharacterSet.of("ISO 2022 IR 6", "ISO 2022 IR 87"));
        assertEquals(jp, SpecificCharacterSet.of("ISO 2022 IR 87")); // multi-byte set as lone value 1
        assertEquals(jp, SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 87")); // duplicate
        assertArrayEquals(new String[] {"", "ISO 2022 IR 149"}, SpecificCharacterSet.of("ISO 2022 IR 149").definedTerms());
        // "ISO_IR n" within a multi-valued attribute is read as "ISO 2022 IR n"
        assertArrayEquals(new String[] {"ISO 2022 IR 13", "ISO 2022 IR 87"},
                SpecificCharacterSet.of("ISO_IR 13", "ISO 2022 IR 87").definedTerms());
        assertArrayEquals(new String[] {"ISO 2022 IR 100"}, SpecificCharacterSet.of("ISO 2022 IR 100").definedTerms());
        assertArrayEquals(new String[] {"ISO_IR 100"}, SpecificCharacterSet.of("ISO_IR 100").definedTerms());
        assertArrayEquals(new String[] {"ISO_IR 192"}, SpecificCharacterSet.UTF_8.definedTerms());
        assertTrue(jp.usesCodeExtensions());
        assertFalse(SpecificCharacterSet.of("ISO_IR 100").usesCodeExtensions());
        assertFalse(SpecificCharacterSet.UTF_8.usesCodeExtensions());
        assertFalse(jp.isDefault());
    }

    @Test
    void definedTermsReturnsACopy() {
        SpecificCharacterSet jp = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        jp.definedTerms()[1] = "changed";
        assertEquals("ISO 2022 IR 87", jp.definedTerms()[1]);
    }

    @Test
    void equalsHashCodeToString() {
        SpecificCharacterSet a = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO 2022 IR 126");
        SpecificCharacterSet b = SpecificCharacterSet.of("ISO_IR 100", "ISO 2022 IR 126 ");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, SpecificCharacterSet.of("ISO 2022 IR 100"));
        assertNotEquals(SpecificCharacterSet.of("ISO_IR 100"), SpecificCharacterSet.of("ISO 2022 IR 100"));
        assertNotEquals(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.UTF_8);
        assertEquals("SpecificCharacterSet[ISO 2022 IR 100\\ISO 2022 IR 126]", a.toString());
        assertEquals("SpecificCharacterSet[default]", SpecificCharacterSet.DEFAULT.toString());
        assertEquals("SpecificCharacterSet[ISO_IR 192]", SpecificCharacterSet.UTF_8.toString());
    }

    // ----------------------------------------------------------------- single-byte sets

    /**
     * Single-byte examples, bytes derived from the ISO 8859 / TIS 620 / JIS X 0201 code tables.
     * The names are the ones of the DICOM character set test images (PS3.5 has no Latin, Cyrillic,
     * Greek, Arabic or Hebrew examples); the Cyrillic one mixes in Latin c, e, y, p as there.
     */
    @Test
    void singleByteCharacterSets() {
        Object[][] cases = {
            {"ISO_IR 100", "Buc^Jérôme", "42 75 63 5E 4A E9 72 F4 6D 65"},
            {"ISO_IR 100", "Äneas^Rüdiger", "C4 6E 65 61 73 5E 52 FC 64 69 67 65 72"},
            {"ISO_IR 101", "Dvořák", "44 76 6F F8 E1 6B"},
            {"ISO_IR 109", "Ĉu ĝi", "C6 75 20 F8 69"},
            {"ISO_IR 110", "Ābols", "C0 62 6F 6C 73"},
            {"ISO_IR 144", "\u041b\u044e\u043a\u0063\u0065\u043c\u0431\u0079\u0070\u0433", // Люкceмбypг
                "BB EE DA 63 65 DC D1 79 70 D3"},
            {"ISO_IR 127", "قباني^لنزار", "E2 C8 C7 E6 EA 5E E4 E6 D2 C7 D1"},
            {"ISO_IR 126", "Διονυσιος", "C4 E9 EF ED F5 F3 E9 EF F2"},
            {"ISO_IR 138", "שרון^דבורה", "F9 F8 E5 EF 5E E3 E1 E5 F8 E4"},
            {"ISO_IR 148", "İş", "DD FE"},
            {"ISO_IR 166", "ภาษาไทย", "C0 D2 C9 D2 E4 B7 C2"},
            {"ISO_IR 203", "€", "A4"},
            {"ISO_IR 13", "\uFF94\uFF8F\uFF80\uFF9E^\uFF80\uFF9B\uFF73", "D4 CF C0 DE 5E C0 DB B3"},
        };
        for (Object[] c : cases) {
            String term = (String) c[0];
            String text = (String) c[1];
            byte[] bytes = hex((String) c[2]);
            SpecificCharacterSet cs = SpecificCharacterSet.of(term);
            assertBothWays(cs, text, bytes, true);
            assertTrue(cs.canEncode(text), term);
            // the same repertoire with code extensions needs no escape sequence
            assertBothWays(SpecificCharacterSet.of(term.replace("ISO_IR", "ISO 2022 IR")), text, bytes, true);
        }
    }

    @Test
    void isoIr13KeepsBackslashAsDelimiter() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 13");
        assertBothWays(cs, "A\\B~", hex("41 5C 42 7E"), false);
    }

    // ----------------------------------------------------------------- UTF-8 and bestFor

    @Test
    void vietnameseRoundTripsInUtf8() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192");
        assertBothWays(cs, "NGUYỄN^VĂN AN", hex("4E 47 55 59 E1 BB 84 4E 5E 56 C4 82 4E 20 41 4E"), true);
        assertBothWays(cs, "TRẦN^THỊ BÍCH", hex("54 52 E1 BA A6 4E 5E 54 48 E1 BB 8A 20 42 C3 8D 43 48"), true);
        assertBothWays(cs, "ĐẶNG^VĂN ĐỨC", hex("C4 90 E1 BA B6 4E 47 5E 56 C4 82 4E 20 C4 90 E1 BB A8 43"), true);
        for (String name : List.of("NGUYỄN^VĂN AN", "TRẦN^THỊ BÍCH", "ĐẶNG^VĂN ĐỨC")) {
            assertSame(SpecificCharacterSet.UTF_8, SpecificCharacterSet.bestFor(name));
            assertTrue(cs.canEncode(name));
            assertFalse(SpecificCharacterSet.of("ISO_IR 100").canEncode(name));
            byte[] b = SpecificCharacterSet.bestFor(name).encode(name, true);
            assertEquals(name, SpecificCharacterSet.UTF_8.decode(b, 0, b.length));
        }
    }

    @Test
    void bestFor() {
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.bestFor());
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.bestFor((CharSequence[]) null));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.bestFor((CharSequence) null));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.bestFor("Doe^John", "CT HEAD\r\n", ""));
        assertSame(SpecificCharacterSet.UTF_8, SpecificCharacterSet.bestFor("Doe^John", null, "Buc^Jérôme"));
        assertSame(SpecificCharacterSet.UTF_8, SpecificCharacterSet.bestFor(new StringBuilder("山田^太郎")));
        assertSame(SpecificCharacterSet.UTF_8, SpecificCharacterSet.bestFor("\u0080"));
    }

    // ----------------------------------------------------------------- code extensions

    @Test
    void latin1WithGreekExtension() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO 2022 IR 126");
        // é in the initial G1 (Latin-1); Greek after ESC - F; back to ESC - A before '^' and at the end
        byte[] bytes = hex("E9 1B 2D 46 C4 E9 1B 2D 41 5E E9 1B 2D 46 C1 1B 2D 41");
        assertBothWays(cs, "éΔι^éΑ", bytes, true);
        // · (U+00B7) is in both sets: the first declared (Latin-1) is taken
        assertBothWays(cs, "Δ·", hex("1B 2D 46 C4 1B 2D 41 B7"), false);
    }

    @Test
    void jisX0212AndJisX0208() {
        // derived: 丂 is 30 21 in JIS X 0212 (ESC $ ( D), 山 is 3B 33 in JIS X 0208 (ESC $ B)
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 159");
        assertBothWays(cs, "丂山", hex("1B 24 28 44 30 21 1B 24 42 3B 33 1B 28 42"), false);
        assertTrue(cs.canEncode("丂山"));
        assertFalse(SpecificCharacterSet.of("", "ISO 2022 IR 87").canEncode("丂"));
    }

    @Test
    void resetBeforeControlCharacters() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertBothWays(cs, "山\r\n田\t太", hex("1B 24 42 3B 33 1B 28 42 0D 0A 1B 24 42 45 44 1B 28 42 09"
                + " 1B 24 42 42 40 1B 28 42"), false);
        assertBothWays(cs, "\f山", hex("0C 1B 24 42 3B 33 1B 28 42"), false);
    }

    @Test
    void spaceNeedsNoEscapeInDoubleByteSet() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertBothWays(cs, "山 田", hex("1B 24 42 3B 33 20 45 44 1B 28 42"), false);
    }

    @Test
    void multipleValuesWithBackslash() {
        SpecificCharacterSet jp = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        byte[] bytes = hex("1B 24 42 3B 33 45 44 1B 28 42 5C 1B 24 42 24 64 24 5E 24 40 1B 28 42");
        assertBothWays(jp, "山田\\やまだ", bytes, false);
        assertArrayEquals(new String[] {"山田", "やまだ"}, decode(jp, bytes).split("\\\\"));

        assertBothWays(SpecificCharacterSet.of("ISO_IR 100"), "Jérôme\\Zoë", hex("4A E9 72 F4 6D 65 5C 5A 6F EB"), false);
        assertBothWays(SpecificCharacterSet.UTF_8, "Đức\\An", hex("C4 90 E1 BB A9 63 5C 41 6E"), false);
        // GBK: 0x5C as trail byte is part of 乗 (81 5C) and 昞 (95 5C), only the middle one separates
        SpecificCharacterSet gbk = SpecificCharacterSet.of("GBK");
        byte[] gb = hex("81 5C 5C 95 5C");
        assertBothWays(gbk, "乗\\昞", gb, false);
        assertArrayEquals(new String[] {"乗", "昞"}, decode(gbk, gb).split("\\\\"));
        // Korean: G1 needs no reset escape, the next value designates again
        assertBothWays(SpecificCharacterSet.of("", "ISO 2022 IR 149"), "홍\\길동",
                hex("1B 24 29 43 C8 AB 5C 1B 24 29 43 B1 E6 B5 BF"), false);
    }

    @Test
    void decodesSubRange() {
        byte[] bytes = hex("58 42 75 63 5E 4A E9 72 F4 6D 65 58");
        assertEquals("Buc^Jérôme", SpecificCharacterSet.of("ISO_IR 100").decode(bytes, 1, bytes.length - 2));
        assertEquals("", SpecificCharacterSet.UTF_8.decode(bytes, 3, 0));
    }

    @Test
    void koreanWithoutEscapeSequencesIsReadWithDeclaredG1() {
        // common in practice: raw KS X 1001 bytes without ESC $ ) C; the declared G1 set is assumed
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 149");
        assertEquals("Hong^Gildong=洪^吉洞=홍^길동", decode(cs,
                hex("48 6F 6E 67 5E 47 69 6C 64 6F 6E 67 3D FB F3 5E D1 CE D4 D7 3D C8 AB 5E B1 E6 B5 BF")));
    }

    @Test
    void escapeSequencesAreHonouredAsTheyCome() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        // ESC $ @ (JIS C 6226-1978) read as JIS X 0208; ESC ( J ends like ESC ( B
        assertEquals("山a", decode(cs, hex("1B 24 40 3B 33 1B 28 4A 61")));
        // designations the attribute did not declare are still followed
        assertEquals("홍é", decode(cs, hex("1B 24 29 43 C8 AB 1B 2D 41 E9")));
    }

    // ----------------------------------------------------------------- malformed input and unencodable

    @Test
    void malformedInputGivesReplacementCharacter() {
        assertEquals("J\uFFFDr", decode(SpecificCharacterSet.DEFAULT, hex("4A E9 72")));
        assertEquals("\uFFFDA", decode(SpecificCharacterSet.UTF_8, hex("C3 41")));
        assertEquals("\uFFFD\uFFFDA", decode(SpecificCharacterSet.UTF_8, hex("E9 C3 41")));
        assertEquals("a\uFFFD", decode(SpecificCharacterSet.of("ISO_IR 100"), hex("61 85"))); // C1 control
        assertEquals("\uFFFD", decode(SpecificCharacterSet.of("ISO_IR 127"), hex("A1"))); // hole in ISO 8859-6
        assertEquals("\uFFFD", decode(SpecificCharacterSet.of("ISO_IR 13"), hex("E0"))); // beyond katakana
        assertEquals("\uFFFD", decode(SpecificCharacterSet.of("GB18030"), hex("81")));

        SpecificCharacterSet jp = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertEquals("a\uFFFD", decode(jp, hex("61 1B 24"))); // truncated escape sequence
        assertEquals("\uFFFDa", decode(jp, hex("1B 28 5A 61"))); // unknown escape sequence
        assertEquals("\uFFFD", decode(jp, hex("1B"))); // lone ESC
        assertEquals("山\uFFFD\r", decode(jp, hex("1B 24 42 3B 33 45 0D"))); // half a character
        assertEquals("\uFFFD", decode(jp, hex("1B 24 42 22 2F"))); // unassigned in JIS X 0208
        assertEquals("\uFFFD", decode(jp, hex("C8"))); // GR byte, but no G1 set declared
        SpecificCharacterSet kr = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        assertEquals("\uFFFDA", decode(kr, hex("1B 24 29 43 C8 41"))); // lead byte without trail byte
        assertEquals("\uFFFD", decode(kr, hex("1B 24 29 43 C8")));
    }

    @Test
    void unencodableCharactersBecomeQuestionMarks() {
        assertArrayEquals("J?r?me".getBytes(StandardCharsets.US_ASCII),
                SpecificCharacterSet.DEFAULT.encode("Jérôme", true));
        assertArrayEquals(hex("4C 3F"), SpecificCharacterSet.of("ISO_IR 100").encode("LŁ", false));
        assertArrayEquals(hex("1B 24 42 3B 33 1B 28 42 3F"), SpecificCharacterSet.of("", "ISO 2022 IR 87").encode("山홍", false));
        assertArrayEquals(hex("3F"), SpecificCharacterSet.of("", "ISO 2022 IR 87").encode("\uD83D\uDE00", false));
        assertArrayEquals(hex("3F"), SpecificCharacterSet.of("GBK").encode("\uD83D\uDE00", false));
        assertArrayEquals(new byte[0], SpecificCharacterSet.UTF_8.encode("", true));
        assertArrayEquals(new byte[0], SpecificCharacterSet.UTF_8.encode(null, true));
    }

    @Test
    void canEncode() {
        assertTrue(SpecificCharacterSet.DEFAULT.canEncode("Doe^John\r\n"));
        assertFalse(SpecificCharacterSet.DEFAULT.canEncode("Jérôme"));
        assertTrue(SpecificCharacterSet.of("ISO_IR 100").canEncode("Jérôme"));
        assertFalse(SpecificCharacterSet.of("ISO_IR 100").canEncode("Łódź"));
        assertTrue(SpecificCharacterSet.of("ISO_IR 101").canEncode("Łódź"));
        assertTrue(SpecificCharacterSet.UTF_8.canEncode("山田 \uD83D\uDE00"));
        assertFalse(SpecificCharacterSet.UTF_8.canEncode("bad \uD800 surrogate"));
        assertTrue(SpecificCharacterSet.of("GB18030").canEncode("\uD83D\uDE00"));
        assertFalse(SpecificCharacterSet.of("GBK").canEncode("\uD83D\uDE00"));
        assertTrue(SpecificCharacterSet.of("GBK").canEncode("王小东"));
        SpecificCharacterSet jp = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertTrue(jp.canEncode("Yamada^Tarou=山田^太郎=やまだ^たろう"));
        assertFalse(jp.canEncode("홍"));
        assertFalse(jp.canEncode("\u001b$B"));
        assertTrue(SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 149").canEncode("山田=홍"));
    }

    @Test
    void firstDeclaredSetWins() {
        // 山 is in JIS X 0208 and KS X 1001: the set declared first is used
        assertArrayEquals(hex("1B 24 42 3B 33 1B 28 42"),
                SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 149").encode("山", false));
        assertArrayEquals(hex("1B 24 29 43 DF A3"),
                SpecificCharacterSet.of("", "ISO 2022 IR 149", "ISO 2022 IR 87").encode("山", false));
    }

    @Test
    void asciiFastPathKeepsValue() {
        byte[] ascii = "Doe^John\\Smith^Jane".getBytes(StandardCharsets.US_ASCII);
        for (SpecificCharacterSet cs : List.of(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.UTF_8,
                SpecificCharacterSet.of("ISO_IR 100"), SpecificCharacterSet.of("", "ISO 2022 IR 87"),
                SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87"), SpecificCharacterSet.of("GB18030"))) {
            assertBothWays(cs, "Doe^John\\Smith^Jane", ascii, true);
        }
    }

    @Test
    void threadSafe() throws Exception {
        SpecificCharacterSet[] sets = {
            SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 159"),
            SpecificCharacterSet.of("", "ISO 2022 IR 149"),
            SpecificCharacterSet.of("", "ISO 2022 IR 58"),
        };
        String[] texts = {"Yamada^Tarou=山田^太郎=やまだ^たろう丂", "Hong^Gildong=洪^吉洞=홍^길동", "Zhang^XiaoDong=张^小东="};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int k = t % sets.length;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        byte[] b = sets[k].encode(texts[k], true);
                        if (!texts[k].equals(sets[k].decode(b, 0, b.length))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
