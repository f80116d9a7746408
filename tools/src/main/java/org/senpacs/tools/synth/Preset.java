package org.senpacs.tools.synth;

import java.util.Locale;

/**
 * The named corpus sizes. Each is a starting point: any option given on the command line replaces
 * the preset's value.
 */
enum Preset {
    /** ~200 instances of every kind at full size: quick tests. */
    SMALL(8, "1-2", "1-2", "12-30", "4-8", "CT=3,MR=2,CR=1,DX=1,US=1,SR=1", 0.3, false),
    /** ~2,000 instances, ~1 GB, mostly CT: the benchmark corpus. */
    DEFAULT(26, "1-2", "1-3", "20-60", "8-16", "CT=45,MR=20,CR=15,DX=8,US=7,SR=5", 0.25, false),
    /** 100,000+ small objects (64×64 pixels): query and index scale. */
    LARGE(8200, "1-3", "1-3", "2-6", "2", "CT=50,MR=20,CR=15,DX=5,US=5,SR=5", 0.25, true);

    final int patients;
    final String studies;
    final String series;
    final String instances;
    final String frames;
    final String mix;
    final double reportRate;
    final boolean smallPixels;

    Preset(int patients, String studies, String series, String instances, String frames, String mix,
            double reportRate, boolean smallPixels) {
        this.patients = patients;
        this.studies = studies;
        this.series = series;
        this.instances = instances;
        this.frames = frames;
        this.mix = mix;
        this.reportRate = reportRate;
        this.smallPixels = smallPixels;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Preset of(String name) {
        for (Preset p : values()) {
            if (p.id().equalsIgnoreCase(name.trim())) return p;
        }
        throw new IllegalArgumentException("unknown preset " + name + " (small, default, large)");
    }
}
