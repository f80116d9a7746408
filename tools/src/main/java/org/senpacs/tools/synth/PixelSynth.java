package org.senpacs.tools.synth;

/**
 * Pixel data that looks like its modality to a codec or a viewer: a few ellipses of tissue values
 * shaped after the body part (a skull and brain, lungs and spine, a pelvis...), changing from slice
 * to slice, under per-pixel noise. Never zeros, never a flat image: compression ratios and transfer
 * sizes come out close to real ones.
 *
 * <p>Fast by construction: shapes are painted as horizontal spans (no per-pixel geometry), and the
 * noise comes from one xorshift step per pixel, seeded per instance so the bytes do not depend on
 * which thread made them.
 */
final class PixelSynth {

    private PixelSynth() {}

    /** One painted shape, in units of the image width and height (0..1). */
    private record Ellipse(double cx, double cy, double rx, double ry, int value, boolean scales) {
        static Ellipse of(double cx, double cy, double rx, double ry, int value) {
            return new Ellipse(cx, cy, rx, ry, value, true);
        }

        static Ellipse fixed(double cx, double cy, double rx, double ry, int value) {
            return new Ellipse(cx, cy, rx, ry, value, false);
        }
    }

    /**
     * The Pixel Data value of one instance, little endian.
     *
     * @param slice 0-based position of the instance in its series
     * @param slices instances in the series
     */
    static byte[] pixels(Kind kind, String bodyPart, int rows, int columns, int frames, int slice, int slices,
            long seed) {
        return switch (kind) {
            case US -> ultrasound(rows, columns, frames, seed);
            case CT, MR, CR, DX -> grey16(kind, bodyPart, rows, columns, slice, slices, seed);
            case SR -> throw new IllegalArgumentException("SR has no pixel data");
        };
    }

    // ------------------------------------------------------------------ 16-bit greyscale

    private static byte[] grey16(Kind kind, String bodyPart, int rows, int columns, int slice, int slices, long seed) {
        // Body outline grows and shrinks along the series, like a real volume.
        double z = (slice + 0.5) / Math.max(1, slices);
        double scale = 0.85 + 0.15 * Math.sin(Math.PI * z);
        int[] img = new int[rows * columns];
        int background;
        double sigma;
        int offset;
        Ellipse[] shapes;
        switch (kind) {
            case CT -> {
                background = -1000;
                sigma = 12;
                offset = 1024; // stored = HU + 1024, Rescale Intercept -1024
                shapes = ctShapes(bodyPart);
            }
            case MR -> {
                background = 0;
                sigma = 18;
                offset = 0;
                shapes = mrShapes(bodyPart);
            }
            default -> {
                background = 180;
                sigma = 22;
                offset = 0;
                shapes = xrayShapes(bodyPart);
            }
        }
        java.util.Arrays.fill(img, background);
        for (Ellipse e : shapes) paint(img, rows, columns, e, e.scales() ? scale : 1.0);

        int max = (1 << kind.bitsStored) - 1;
        int gain = kind == Kind.DX ? 4 : 1; // 14-bit detector: same picture, four times the range
        boolean xray = kind == Kind.CR || kind == Kind.DX;
        byte[] out = new byte[img.length * 2];
        long s = mix(seed);
        double k = sigma / 147.8;
        int p = 0;
        for (int y = 0; y < rows; y++) {
            // X-ray heel effect: a slow gradient from top to bottom.
            int heel = xray ? (int) (60.0 * y / rows) : 0;
            int row = y * columns;
            for (int x = 0; x < columns; x++) {
                s ^= s << 13;
                s ^= s >>> 7;
                s ^= s << 17;
                int n = (int) (s & 0xFF) + (int) ((s >>> 8) & 0xFF) + (int) ((s >>> 16) & 0xFF)
                        + (int) ((s >>> 24) & 0xFF) - 510;
                double noise = n * k;
                int v;
                if (kind == Kind.MR) {
                    v = (int) Math.abs(img[row + x] + noise); // magnitude images: Rician-like floor
                } else {
                    v = (int) ((img[row + x] + heel + noise) * gain) + offset;
                }
                if (v < 0) v = 0;
                else if (v > max) v = max;
                out[p++] = (byte) v;
                out[p++] = (byte) (v >>> 8);
            }
        }
        return out;
    }

    private static Ellipse[] ctShapes(String bodyPart) {
        return switch (bodyPart) {
            case "HEAD" -> new Ellipse[] {
                Ellipse.of(0.5, 0.5, 0.36, 0.44, 1000), Ellipse.of(0.5, 0.5, 0.33, 0.41, 35),
                Ellipse.of(0.45, 0.46, 0.03, 0.09, 5), Ellipse.of(0.55, 0.46, 0.03, 0.09, 5),
                Ellipse.fixed(0.5, 0.22, 0.12, 0.05, 42)};
            case "CHEST" -> new Ellipse[] {
                Ellipse.of(0.5, 0.52, 0.44, 0.32, -90), Ellipse.of(0.5, 0.52, 0.41, 0.29, 40),
                Ellipse.of(0.32, 0.5, 0.13, 0.22, -850), Ellipse.of(0.68, 0.5, 0.13, 0.22, -850),
                Ellipse.of(0.55, 0.55, 0.11, 0.1, 45), Ellipse.fixed(0.5, 0.78, 0.05, 0.05, 700),
                Ellipse.fixed(0.5, 0.24, 0.03, 0.02, 600)};
            case "CSPINE" -> new Ellipse[] {
                Ellipse.of(0.5, 0.5, 0.22, 0.2, 40), Ellipse.fixed(0.5, 0.6, 0.07, 0.06, 700),
                Ellipse.fixed(0.5, 0.6, 0.03, 0.025, 30), Ellipse.fixed(0.5, 0.38, 0.03, 0.03, -1000)};
            default -> new Ellipse[] { // abdomen and pelvis
                Ellipse.of(0.5, 0.52, 0.42, 0.32, -100), Ellipse.of(0.5, 0.52, 0.38, 0.28, 45),
                Ellipse.of(0.35, 0.45, 0.15, 0.14, 60), Ellipse.of(0.33, 0.65, 0.05, 0.07, 30),
                Ellipse.of(0.67, 0.65, 0.05, 0.07, 30), Ellipse.fixed(0.5, 0.74, 0.05, 0.05, 700),
                Ellipse.fixed(0.53, 0.62, 0.025, 0.025, 180)};
        };
    }

    private static Ellipse[] mrShapes(String bodyPart) {
        return switch (bodyPart) {
            case "HEAD" -> new Ellipse[] {
                Ellipse.of(0.5, 0.5, 0.38, 0.46, 700), Ellipse.of(0.5, 0.5, 0.36, 0.44, 80),
                Ellipse.of(0.5, 0.5, 0.33, 0.41, 1100), Ellipse.of(0.45, 0.46, 0.03, 0.09, 300),
                Ellipse.of(0.55, 0.46, 0.03, 0.09, 300)};
            case "LSPINE" -> {
                Ellipse[] e = new Ellipse[9];
                e[0] = Ellipse.of(0.5, 0.5, 0.32, 0.48, 600);
                e[1] = Ellipse.fixed(0.63, 0.5, 0.025, 0.47, 1400);
                for (int v = 0; v < 7; v++) e[2 + v] = Ellipse.fixed(0.54, 0.12 + v * 0.125, 0.07, 0.045, 900);
                yield e;
            }
            default -> new Ellipse[] { // knee
                Ellipse.of(0.5, 0.5, 0.3, 0.46, 500), Ellipse.fixed(0.5, 0.28, 0.12, 0.2, 950),
                Ellipse.fixed(0.5, 0.74, 0.11, 0.18, 950), Ellipse.fixed(0.5, 0.51, 0.13, 0.03, 1500)};
        };
    }

    private static Ellipse[] xrayShapes(String bodyPart) {
        return switch (bodyPart) {
            case "CHEST" -> new Ellipse[] {
                Ellipse.of(0.5, 0.55, 0.45, 0.42, 1700), Ellipse.of(0.33, 0.45, 0.14, 0.3, 700),
                Ellipse.of(0.67, 0.45, 0.14, 0.3, 700), Ellipse.fixed(0.5, 0.5, 0.06, 0.45, 2300),
                Ellipse.of(0.56, 0.62, 0.12, 0.12, 2000)};
            case "LSPINE" -> {
                Ellipse[] e = new Ellipse[6];
                e[0] = Ellipse.of(0.5, 0.5, 0.35, 0.5, 1600);
                for (int v = 0; v < 5; v++) e[1 + v] = Ellipse.fixed(0.5, 0.16 + v * 0.17, 0.1, 0.07, 2600);
                yield e;
            }
            case "HAND" -> {
                Ellipse[] e = new Ellipse[11];
                e[0] = Ellipse.of(0.5, 0.68, 0.2, 0.26, 1500);
                for (int f = 0; f < 5; f++) {
                    double cx = 0.34 + 0.08 * f;
                    e[1 + 2 * f] = Ellipse.fixed(cx, 0.3, 0.028, 0.17, 1500);
                    e[2 + 2 * f] = Ellipse.fixed(cx, 0.3, 0.012, 0.15, 2600);
                }
                yield e;
            }
            default -> new Ellipse[] { // pelvis
                Ellipse.of(0.5, 0.5, 0.48, 0.42, 1700), Ellipse.fixed(0.3, 0.38, 0.16, 0.15, 2500),
                Ellipse.fixed(0.7, 0.38, 0.16, 0.15, 2500), Ellipse.fixed(0.5, 0.3, 0.07, 0.2, 2600),
                Ellipse.fixed(0.33, 0.7, 0.055, 0.055, 2800), Ellipse.fixed(0.67, 0.7, 0.055, 0.055, 2800)};
        };
    }

    /** Fills an ellipse span by span. */
    private static void paint(int[] img, int rows, int columns, Ellipse e, double scale) {
        double cx = e.cx() * columns;
        double cy = e.cy() * rows;
        double rx = e.rx() * columns * scale;
        double ry = e.ry() * rows * scale;
        int y0 = Math.max(0, (int) Math.ceil(cy - ry));
        int y1 = Math.min(rows - 1, (int) Math.floor(cy + ry));
        for (int y = y0; y <= y1; y++) {
            double t = (y - cy) / ry;
            double dx = rx * Math.sqrt(Math.max(0, 1 - t * t));
            int x0 = Math.max(0, (int) Math.ceil(cx - dx));
            int x1 = Math.min(columns - 1, (int) Math.floor(cx + dx));
            if (x0 <= x1) java.util.Arrays.fill(img, y * columns + x0, y * columns + x1 + 1, e.value());
        }
    }

    // ------------------------------------------------------------------ ultrasound

    /** RGB cine: a sector of speckle fading with depth, a dark cyst drifting from frame to frame. */
    private static byte[] ultrasound(int rows, int columns, int frames, long seed) {
        byte[] out = new byte[rows * columns * 3 * frames];
        long s = mix(seed);
        double ax = columns / 2.0;
        double ay = rows * 0.04;
        double radius = rows * 0.92;
        double tan = Math.tan(Math.toRadians(38));
        int p = 0;
        for (int f = 0; f < frames; f++) {
            double phase = 2 * Math.PI * f / Math.max(1, frames);
            double cystX = columns * (0.5 + 0.06 * Math.sin(phase));
            double cystY = rows * 0.55;
            double cystR = rows * 0.08;
            double wallY = rows * (0.32 + 0.015 * Math.cos(phase));
            for (int y = 0; y < rows; y++) {
                double dy = y - ay;
                double depth = dy / radius;
                double base = 150 * Math.exp(-1.3 * depth) + 25;
                boolean wall = Math.abs(y - wallY) < rows * 0.006;
                for (int x = 0; x < columns; x++) {
                    double dx = x - ax;
                    int v = 0;
                    if (dy > 0 && Math.abs(dx) < dy * tan && dx * dx + dy * dy < radius * radius) {
                        s ^= s << 13;
                        s ^= s >>> 7;
                        s ^= s << 17;
                        double speckle = 0.25 + 1.5 * ((s & 0xFFFF) / 65535.0);
                        double b = wall ? 230 : base;
                        double cx = x - cystX;
                        double cy = y - cystY;
                        if (cx * cx + cy * cy < cystR * cystR) b = 12;
                        v = (int) (b * speckle);
                        if (v > 255) v = 255;
                    }
                    out[p++] = (byte) v;
                    out[p++] = (byte) v;
                    out[p++] = (byte) v;
                }
            }
        }
        return out;
    }

    /** A well-mixed non-zero xorshift state from any seed (SplitMix64 finaliser). */
    private static long mix(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z == 0 ? 0x2545F4914F6CDD1DL : z;
    }
}
