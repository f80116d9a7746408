package org.senpacs.dicom;

import java.util.Arrays;

/**
 * A PN value (PS3.5 §6.2.1): up to three component groups (alphabetic, ideographic, phonetic)
 * separated by '=', each of five components (family, given, middle, prefix, suffix) separated by '^'.
 */
public record PersonName(Group alphabetic, Group ideographic, Group phonetic) {

    /** One component group. Missing components are empty strings. */
    public record Group(String family, String given, String middle, String prefix, String suffix) {

        public static final Group EMPTY = new Group("", "", "", "", "");

        static Group parse(String s) {
            String[] c = Arrays.copyOf(s.split("\\^", -1), 5);
            for (int i = 0; i < 5; i++) c[i] = c[i] == null ? "" : c[i].trim();
            if (s.split("\\^", -1).length > 5) {
                // More than four carets: keep the rest in the suffix rather than losing it.
                c[4] = s.substring(nthIndex(s, '^', 4) + 1).trim();
            }
            return new Group(c[0], c[1], c[2], c[3], c[4]);
        }

        public boolean isEmpty() {
            return family.isEmpty() && given.isEmpty() && middle.isEmpty() && prefix.isEmpty() && suffix.isEmpty();
        }

        /** The DICOM form, without trailing empty components. */
        @Override
        public String toString() {
            String[] c = {family, given, middle, prefix, suffix};
            int n = 5;
            while (n > 0 && c[n - 1].isEmpty()) n--;
            return String.join("^", Arrays.copyOf(c, n));
        }
    }

    public static PersonName parse(String value) {
        String[] g = value.split("=", -1);
        return new PersonName(g.length > 0 ? Group.parse(g[0]) : Group.EMPTY,
                g.length > 1 ? Group.parse(g[1]) : Group.EMPTY, g.length > 2 ? Group.parse(g[2]) : Group.EMPTY);
    }

    /** The DICOM form, without trailing empty groups. */
    @Override
    public String toString() {
        String[] g = {alphabetic.toString(), ideographic.toString(), phonetic.toString()};
        int n = 3;
        while (n > 1 && g[n - 1].isEmpty()) n--;
        return String.join("=", Arrays.copyOf(g, n));
    }

    private static int nthIndex(String s, char c, int n) {
        int i = -1;
        for (int k = 0; k < n; k++) i = s.indexOf(c, i + 1);
        return i;
    }
}
