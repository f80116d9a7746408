package org.senpacs.dicom;

/** Helpers for tags held as {@code int}s: (gggg,eeee) is {@code 0xggggeeee}. */
public final class Tags {

    private Tags() {}

    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;
    /** (FFFC,FFFC) Data Set Trailing Padding. */
    public static final int DataSetTrailingPadding = 0xFFFCFFFC;

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    public static int of(int group, int element) {
        return (group << 16) | (element & 0xFFFF);
    }

    public static boolean isPrivate(int tag) {
        return (tag & 0x00010000) != 0 && group(tag) > 0x0008 && group(tag) != 0xFFFF;
    }

    /** (gggg,0010) to (gggg,00FF) with odd gggg: the element that reserves a block for a creator. */
    public static boolean isPrivateCreator(int tag) {
        int element = element(tag);
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /** For a private element (gggg,xxee), its creator element (gggg,00xx). */
    public static int creatorOf(int privateTag) {
        return (privateTag & 0xFFFF0000) | ((privateTag >>> 8) & 0xFF);
    }

    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /** Formats as (gggg,eeee) in upper-case hex. */
    public static String toString(int tag) {
        char[] c = new char[11];
        c[0] = '(';
        c[5] = ',';
        c[10] = ')';
        for (int i = 0; i < 4; i++) {
            c[4 - i] = HEX[(tag >>> (16 + 4 * i)) & 0xF];
            c[9 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        }
        return new String(c);
    }

    /** Eight hex digits, as in DICOM JSON keys ("00100010"). */
    public static String toHex(int tag) {
        char[] c = new char[8];
        for (int i = 0; i < 8; i++) c[7 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        return new String(c);
    }

    /**
     * Parses "00100010", "(0010,0010)", "0010,0010" or a dictionary keyword ("PatientName").
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    public static int parse(String text) {
        String s = text.trim();
        if (s.startsWith("(") && s.endsWith(")")) s = s.substring(1, s.length() - 1);
        s = s.replace(",", "");
        if (s.length() == 8 && isHex(s)) return Integer.parseUnsignedInt(s, 16);
        int tag = ElementDictionary.standard().tagOf(text.trim());
        if (tag == -1) throw new IllegalArgumentException("not a tag or keyword: " + text);
        return tag;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
