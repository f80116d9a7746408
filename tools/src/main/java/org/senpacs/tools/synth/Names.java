package org.senpacs.tools.synth;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Person names as hospitals register them: Vietnamese names in upper case with their diacritics
 * ({@code NGUYỄN^VĂN AN}: family name, then middle and given names), the same names typed without
 * diacritics by an older system ({@code NGUYEN^VAN AN}), and foreign patients.
 */
final class Names {

    private Names() {}

    /** Family names with their rough share of the population (per mille). */
    private static final String[] FAMILIES = {
        "NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "HUỲNH", "PHAN", "VŨ", "VÕ", "ĐẶNG", "BÙI", "ĐỖ",
        "HỒ", "NGÔ", "DƯƠNG", "LÝ", "ĐINH", "ĐÀO", "TRƯƠNG", "LƯƠNG", "MAI", "TÔ"};
    private static final int[] FAMILY_WEIGHTS = {
        380, 110, 95, 70, 50, 50, 45, 39, 30, 21, 20, 14, 13, 13, 10, 5, 8, 6, 6, 5, 5, 5};

    private static final String[] MALE_MIDDLE = {"VĂN", "HỮU", "ĐỨC", "MINH", "QUANG", "THANH", "CÔNG", "XUÂN", "ĐÌNH"};
    private static final String[] FEMALE_MIDDLE = {"THỊ", "NGỌC", "THU", "THANH", "MINH", "KIM", "HỒNG", "BẢO"};
    private static final String[] MALE_GIVEN = {
        "AN", "BÌNH", "CƯỜNG", "DŨNG", "ĐẠT", "ĐỨC", "HÙNG", "HUY", "KHOA", "LONG", "MINH", "NAM", "PHONG",
        "QUÂN", "SƠN", "THẮNG", "TÙNG", "TUẤN", "VIỆT", "HOÀNG", "HIẾU", "TRUNG", "KHÁNH", "ĐÔNG"};
    private static final String[] FEMALE_GIVEN = {
        "ANH", "BÍCH", "CHI", "DUNG", "GIANG", "HÀ", "HẠNH", "HOA", "HƯƠNG", "LAN", "LINH", "MAI", "NGA",
        "NGỌC", "NHUNG", "OANH", "PHƯƠNG", "QUỲNH", "THẢO", "THU", "TRANG", "UYÊN", "VÂN", "YẾN", "HẰNG"};

    /** Foreign patients: always ASCII. */
    private static final String[] FOREIGN = {
        "SMITH^JOHN", "JOHNSON^EMILY", "BROWN^JAMES", "WILLIAMS^SARAH", "KIM^MIN JUN", "PARK^JI HOON",
        "LEE^SOO JIN", "TANAKA^HIROSHI", "SATO^YUKI", "WANG^WEI", "LI^NA", "MULLER^HANS", "DUPONT^MARIE",
        "SOMCHAI^PRASERT", "CHAN^KA WAI"};

    private static final String[] PHYSICIAN_PREFIXES = {"BS.", "BS.CKI", "BS.CKII", "ThS.BS.", "TS.BS."};

    /** A Vietnamese name with diacritics, "FAMILY^MIDDLE GIVEN", fitting the sex ("M" or "F"). */
    static String vietnamese(SplittableRandom rnd, String sex) {
        return vietnamese(rnd, sex, family(rnd));
    }

    static String vietnamese(SplittableRandom rnd, String sex, String family) {
        boolean male = "M".equals(sex);
        String middle = pick(rnd, male ? MALE_MIDDLE : FEMALE_MIDDLE);
        String given = pick(rnd, male ? MALE_GIVEN : FEMALE_GIVEN);
        // About one in eight carries a second given name: TRẦN^THỊ BÍCH NGỌC.
        if (rnd.nextInt(8) == 0) given = given + " " + pick(rnd, male ? MALE_GIVEN : FEMALE_GIVEN);
        return family + "^" + middle + " " + given;
    }

    /** A family name starting with Đ (ĐẶNG, ĐỖ, ĐINH, ĐÀO). */
    static String familyWithD(SplittableRandom rnd) {
        String[] d = {"ĐẶNG", "ĐỖ", "ĐINH", "ĐÀO"};
        return pick(rnd, d);
    }

    /** A patient registered in plain ASCII: a Vietnamese name typed without diacritics, or a foreign name. */
    static String ascii(SplittableRandom rnd, String sex) {
        if (rnd.nextInt(5) < 3) return fold(vietnamese(rnd, sex));
        return pick(rnd, FOREIGN);
    }

    /** A referring physician: "FAMILY^GIVEN^^PREFIX", in ASCII when {@code ascii}. */
    static String physician(SplittableRandom rnd, boolean ascii) {
        String sex = rnd.nextBoolean() ? "M" : "F";
        String name = vietnamese(rnd, sex) + "^^" + pick(rnd, PHYSICIAN_PREFIXES);
        return ascii ? fold(name) : name;
    }

    private static String family(SplittableRandom rnd) {
        int total = 0;
        for (int w : FAMILY_WEIGHTS) total += w;
        int r = rnd.nextInt(total);
        for (int i = 0; i < FAMILIES.length; i++) {
            r -= FAMILY_WEIGHTS[i];
            if (r < 0) return FAMILIES[i];
        }
        return FAMILIES[0];
    }

    static String pick(SplittableRandom rnd, String[] values) {
        return values[rnd.nextInt(values.length)];
    }

    static <T> T pick(SplittableRandom rnd, List<T> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    /**
     * The text without diacritics, in upper case: what a system without Vietnamese input stores
     * ("NGUYỄN^VĂN ĐỨC" becomes "NGUYEN^VAN DUC"). Đ/đ, which Unicode does not decompose, become D.
     */
    static String fold(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return d.replace('Đ', 'D').replace('đ', 'd').toUpperCase(Locale.ROOT);
    }

    /** True when the text has a character outside 7-bit ASCII. */
    static boolean hasNonAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7E) return true;
        }
        return false;
    }
}
