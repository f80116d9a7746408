package org.senpacs.archive;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The folded form of person names for accent- and case-insensitive matching: "Nguyễn^Văn An"
 * becomes "NGUYEN^VAN AN". Unicode decomposition removes the diacritics, except that đ/Đ (a letter
 * of its own, not d with a mark) is mapped to D by hand.
 */
public final class NameFolding {

    private NameFolding() {}

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    public static String fold(String s) {
        if (s == null) return null;
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) ascii = s.charAt(i) < 0x80;
        String t = ascii ? s : MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("")
                .replace('đ', 'd').replace('Đ', 'D');
        return t.toUpperCase(Locale.ROOT);
    }
}
