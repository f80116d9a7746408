package org.senpacs.dicomweb;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;

/**
 * Turns one frame of native pixel data into an 8-bit image for display (PS3.18 §8.3.5, rendered
 * media types): grayscale through the Modality LUT (Rescale Slope and Intercept) and a VOI window
 * (PS3.3 C.11.2.1.2), MONOCHROME1 inverted; RGB and YBR_FULL colour, either planar configuration.
 * Then scaled to fit the viewport with its aspect ratio kept.
 */
final class PixelRenderer {

    /** The image attributes that rendering needs, read from the instance's header. */
    record Layout(int rows, int columns, int samples, int bitsAllocated, int bitsStored, int highBit, boolean signed,
                  String photometric, boolean planar) {

        static Layout of(DataSet h) {
            return new Layout(h.getInt(Tag.Rows, 0), h.getInt(Tag.Columns, 0), h.getInt(Tag.SamplesPerPixel, 1),
                    h.getInt(Tag.BitsAllocated, 0), h.getInt(Tag.BitsStored, h.getInt(Tag.BitsAllocated, 0)),
                    h.getInt(Tag.HighBit, h.getInt(Tag.BitsStored, h.getInt(Tag.BitsAllocated, 0)) - 1),
                    h.getInt(Tag.PixelRepresentation, 0) == 1,
                    h.getString(Tag.PhotometricInterpretation, "MONOCHROME2").trim().toUpperCase(Locale.ROOT),
                    h.getInt(Tag.PlanarConfiguration, 0) == 1);
        }

        /** Bytes of one frame. */
        long frameLength() {
            return (long) rows * columns * samples * (bitsAllocated / 8);
        }

        /** Null when this layout can be rendered, else why not (answered as 406). */
        String unsupported() {
            if (rows <= 0 || columns <= 0) return "the image has no rows or columns";
            if ((long) rows * columns > 1L << 26) return "images over 64 megapixels are not rendered";
            if (bitsAllocated != 8 && bitsAllocated != 16) return "rendering of " + bitsAllocated + "-bit pixel data is not supported";
            if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
                return "inconsistent Bits Stored / High Bit";
            }
            boolean mono = photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2");
            if (mono && samples == 1) return null;
            if ((photometric.equals("RGB") || photometric.equals("YBR_FULL")) && samples == 3 && bitsAllocated == 8) return null;
            return "rendering of " + photometric + " with " + samples + " samples of " + bitsAllocated + " bits is not supported yet";
        }
    }

    private PixelRenderer() {}

    /**
     * The frame as a displayable image.
     *
     * @param frame the frame's bytes as stored
     * @param bigEndian the byte order of 16-bit samples
     */
    static BufferedImage render(DataSet header, Layout layout, byte[] frame, boolean bigEndian, RenderParams params) {
        BufferedImage image = layout.samples == 1 ? gray(header, layout, frame, bigEndian, params.window())
                : color(layout, frame);
        return fit(image, params.viewportWidth(), params.viewportHeight());
    }

    // ---- grayscale

    private static BufferedImage gray(DataSet h, Layout l, byte[] frame, boolean bigEndian, RenderParams.Window asked) {
        int n = l.rows * l.columns;
        double slope = h.getDouble(Tag.RescaleSlope, 1);
        double intercept = h.getDouble(Tag.RescaleIntercept, 0);
        if (slope == 0 || !Double.isFinite(slope)) slope = 1;
        double[] values = new double[n];
        int shift = l.highBit + 1 - l.bitsStored;
        int mask = (1 << l.bitsStored) - 1;
        int sign = 1 << (l.bitsStored - 1);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int raw;
            if (l.bitsAllocated == 8) {
                raw = frame[i] & 0xFF;
            } else {
                int a = frame[2 * i] & 0xFF;
                int b = frame[2 * i + 1] & 0xFF;
                raw = bigEndian ? a << 8 | b : b << 8 | a;
            }
            int stored = (raw >> shift) & mask;
            if (l.signed && (stored & sign) != 0) stored -= 1 << l.bitsStored;
            double v = stored * slope + intercept;
            values[i] = v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        RenderParams.Window w = asked != null ? asked : objectWindow(h);
        if (w == null) { // none given: the frame's range
            w = new RenderParams.Window((min + max) / 2, Math.max(max - min, 1), RenderParams.Function.LINEAR_EXACT);
        }
        boolean invert = l.photometric.equals("MONOCHROME1");
        BufferedImage img = new BufferedImage(l.columns, l.rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < n; i++) {
            int y = voi(values[i], w);
            out[i] = (byte) (invert ? 255 - y : y);
        }
        return img;
    }

    /** The first window of the object (Window Center, Window Width, VOI LUT Function), or null. */
    private static RenderParams.Window objectWindow(DataSet h) {
        double[] c = h.getDoubles(Tag.WindowCenter);
        double[] w = h.getDoubles(Tag.WindowWidth);
        if (c.length == 0 || w.length == 0 || !(w[0] > 0) || !Double.isFinite(c[0])) return null;
        RenderParams.Function f = switch (h.getString(Tag.VOILUTFunction, "LINEAR").trim().toUpperCase(Locale.ROOT)) {
            case "LINEAR_EXACT" -> RenderParams.Function.LINEAR_EXACT;
            case "SIGMOID" -> RenderParams.Function.SIGMOID;
            default -> RenderParams.Function.LINEAR;
        };
        if (f == RenderParams.Function.LINEAR && w[0] < 1) return null;
        return new RenderParams.Window(c[0], w[0], f);
    }

    /** A modality value through the VOI function (PS3.3 C.11.2.1.2 and C.11.2.1.3), to 0..255. */
    static int voi(double x, RenderParams.Window w) {
        double c = w.center();
        double width = w.width();
        double y = switch (w.function()) {
            case LINEAR -> {
                if (x <= c - 0.5 - (width - 1) / 2) yield 0;
                if (x > c - 0.5 + (width - 1) / 2) yield 255;
                yield ((x - (c - 0.5)) / (width - 1) + 0.5) * 255;
            }
            case LINEAR_EXACT -> {
                if (x <= c - width / 2) yield 0;
                if (x > c + width / 2) yield 255;
                yield ((x - c) / width + 0.5) * 255;
            }
            case SIGMOID -> 255 / (1 + Math.exp(-4 * (x - c) / width));
        };
        return (int) Math.max(0, Math.min(255, Math.round(y)));
    }

    // ---- colour

    private static BufferedImage color(Layout l, byte[] frame) {
        int n = l.rows * l.columns;
        boolean ybr = l.photometric.equals("YBR_FULL");
        BufferedImage img = new BufferedImage(l.columns, l.rows, BufferedImage.TYPE_INT_RGB);
        int[] out = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < n; i++) {
            int a;
            int b;
            int c;
            if (l.planar) {
                a = frame[i] & 0xFF;
                b = frame[n + i] & 0xFF;
                c = frame[2 * n + i] & 0xFF;
            } else {
                a = frame[3 * i] & 0xFF;
                b = frame[3 * i + 1] & 0xFF;
                c = frame[3 * i + 2] & 0xFF;
            }
            if (ybr) { // full-range YCbCr to RGB (the inverse of PS3.3 C.7.6.3.1.2)
                double cb = b - 128.0;
                double cr = c - 128.0;
                int r = clamp(a + 1.402 * cr);
                int g = clamp(a - 0.344136 * cb - 0.714136 * cr);
                int bl = clamp(a + 1.772 * cb);
                a = r;
                b = g;
                c = bl;
            }
            out[i] = a << 16 | b << 8 | c;
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    // ---- viewport

    /** Scaled to the largest size within the viewport that keeps the aspect ratio; as is without one. */
    static BufferedImage fit(BufferedImage img, int viewportWidth, int viewportHeight) {
        if (viewportWidth <= 0 || viewportHeight <= 0) return img;
        double scale = Math.min((double) viewportWidth / img.getWidth(), (double) viewportHeight / img.getHeight());
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        if (w == img.getWidth() && h == img.getHeight()) return img;
        BufferedImage out = new BufferedImage(w, h, img.getType());
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(img, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
