package org.senpacs.tools.synth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What to generate: how many patients, studies, series and instances, which kinds of object in
 * which proportion, and the seed that makes it all reproducible.
 *
 * @param preset the preset it started from (for the manifest)
 * @param seed every choice, UID and pixel follows from it
 * @param patients number of patients
 * @param studiesPerPatient each patient has this many studies (uniform in the range)
 * @param seriesPerStudy series per CT or MR study (other kinds have their own fixed shapes)
 * @param instancesPerSeries slices per CT or MR series
 * @param framesPerCine frames per ultrasound cine loop
 * @param mix weight of each kind among studies (SR here means report-only studies)
 * @param reportRate share of image studies that also hold an SR report series
 * @param asciiRate share of patients registered with a plain ASCII name (no diacritics)
 * @param smallPixels every image 64×64 (index-scale corpora)
 * @param fromYear first year of the study dates
 * @param toYear last year of the study dates
 */
record CorpusSpec(String preset, long seed, int patients, Range studiesPerPatient, Range seriesPerStudy,
        Range instancesPerSeries, Range framesPerCine, Map<Kind, Integer> mix, double reportRate, double asciiRate,
        boolean smallPixels, int fromYear, int toYear) {

    CorpusSpec {
        if (patients < 1) throw new IllegalArgumentException("--patients must be at least 1");
        if (studiesPerPatient.min() < 1) throw new IllegalArgumentException("--studies must be at least 1");
        if (seriesPerStudy.min() < 1) throw new IllegalArgumentException("--series must be at least 1");
        if (instancesPerSeries.min() < 1) throw new IllegalArgumentException("--instances must be at least 1");
        if (framesPerCine.min() < 1) throw new IllegalArgumentException("--frames must be at least 1");
        if (reportRate < 0 || reportRate > 1) throw new IllegalArgumentException("--reports must be between 0 and 1");
        if (asciiRate < 0 || asciiRate > 1) throw new IllegalArgumentException("--ascii-names must be between 0 and 1");
        if (fromYear < 1900 || toYear > 2100 || fromYear > toYear) {
            throw new IllegalArgumentException("--years must be FROM-TO within 1900-2100");
        }
        EnumMap<Kind, Integer> m = new EnumMap<>(Kind.class);
        mix.forEach((k, w) -> {
            if (w < 0) throw new IllegalArgumentException("--mix weights must not be negative");
            if (w > 0) m.put(k, w);
        });
        if (m.isEmpty()) throw new IllegalArgumentException("--mix needs at least one kind with a weight above 0");
        mix = Collections.unmodifiableMap(m);
    }

    /** An inclusive range of counts, written "N" or "MIN-MAX". */
    record Range(int min, int max) {
        Range {
            if (min < 0 || max < min) throw new IllegalArgumentException("bad range " + min + "-" + max);
        }

        static Range parse(String s) {
            String t = s.trim();
            int dash = t.indexOf('-');
            try {
                if (dash < 0) {
                    int n = Integer.parseInt(t);
                    return new Range(n, n);
                }
                return new Range(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a count or MIN-MAX range: " + s);
            }
        }

        int pick(java.util.SplittableRandom rnd) {
            return min == max ? min : min + rnd.nextInt(max - min + 1);
        }

        double mean() {
            return (min + max) / 2.0;
        }

        @Override
        public String toString() {
            return min == max ? Integer.toString(min) : min + "-" + max;
        }
    }

    /** Parses "CT=60,MR=20,CR=8" (kinds not named get weight 0). */
    static Map<Kind, Integer> parseMix(String s) {
        EnumMap<Kind, Integer> m = new EnumMap<>(Kind.class);
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=') >= 0 ? p.indexOf('=') : p.indexOf(':');
            if (eq < 0) throw new IllegalArgumentException("--mix entries are KIND=WEIGHT, not " + p);
            Kind k;
            try {
                k = Kind.valueOf(p.substring(0, eq).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown kind in --mix: " + p.substring(0, eq).trim()
                        + " (kinds: CT, MR, CR, DX, US, SR)");
            }
            try {
                m.put(k, Integer.parseInt(p.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix weight is not a whole number: " + p);
            }
        }
        return m;
    }

    static String formatMix(Map<Kind, Integer> mix) {
        StringBuilder sb = new StringBuilder();
        mix.forEach((k, w) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(w));
        return sb.toString();
    }

    /** Rows of an image of this kind in this corpus. */
    int rows(Kind kind) {
        return smallPixels && kind.hasPixels() ? Kind.SMALL_MATRIX : kind.rows;
    }

    int columns(Kind kind) {
        return smallPixels && kind.hasPixels() ? Kind.SMALL_MATRIX : kind.columns;
    }
}
