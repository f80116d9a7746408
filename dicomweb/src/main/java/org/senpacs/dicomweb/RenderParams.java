package org.senpacs.dicomweb;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Locale;

/**
 * The query parameters of a rendered request (PS3.18 §8.3.5): {@code window=center,width[,function]},
 * {@code viewport=width,height}, {@code quality=1..100}. Bad values are refused with 400.
 *
 * @param window the VOI window asked for, or null for the object's own (or the frame's range)
 * @param viewportWidth the largest width of the answer in pixels, or 0 for the image's own size
 * @param viewportHeight the largest height, or 0
 * @param quality the JPEG quality, 1..100
 */
record RenderParams(Window window, int viewportWidth, int viewportHeight, int quality) {

    /** The side of a thumbnail when the request does not give a viewport. */
    static final int THUMBNAIL_SIZE = 128;
    /** The largest viewport side accepted. */
    static final int MAX_VIEWPORT = 8192;
    static final int DEFAULT_QUALITY = 90;

    /** The VOI LUT functions of PS3.3 C.11.2.1.3. */
    enum Function { LINEAR, LINEAR_EXACT, SIGMOID }

    /** A window: center and width in modality values, and the function that maps them. */
    record Window(double center, double width, Function function) {}

    static RenderParams parse(MultivaluedMap<String, String> query, boolean thumbnail) {
        Window window = null;
        String w = single(query, "window");
        if (w != null) window = window(w);
        int vw = thumbnail ? THUMBNAIL_SIZE : 0;
        int vh = vw;
        String v = single(query, "viewport");
        if (v != null) {
            String[] f = v.split(",", -1);
            if (f.length != 2) throw DicomWebException.badRequest("viewport must be width,height in pixels: " + v);
            vw = positive(f[0], "viewport width", MAX_VIEWPORT);
            vh = positive(f[1], "viewport height", MAX_VIEWPORT);
        }
        int quality = DEFAULT_QUALITY;
        String q = single(query, "quality");
        if (q != null) quality = positive(q, "quality", 100);
        return new RenderParams(window, vw, vh, quality);
    }

    /**
     * The parameters of a WADO-URI request (PS3.18 §9.1.2.1): windowCenter and windowWidth (both
     * or neither), rows and columns (the largest size; one alone bounds that side), imageQuality.
     * Null arguments are absent parameters.
     */
    static RenderParams ofWadoUri(String windowCenter, String windowWidth, String rows, String columns, String imageQuality) {
        if ((windowCenter == null) != (windowWidth == null)) {
            throw DicomWebException.badRequest("windowCenter and windowWidth go together");
        }
        Window window = windowCenter == null ? null : window(windowCenter + "," + windowWidth);
        int vh = rows == null ? 0 : positive(rows, "rows", MAX_VIEWPORT);
        int vw = columns == null ? 0 : positive(columns, "columns", MAX_VIEWPORT);
        if (vh > 0 || vw > 0) {
            vh = vh > 0 ? vh : MAX_VIEWPORT;
            vw = vw > 0 ? vw : MAX_VIEWPORT;
        }
        int quality = imageQuality == null ? DEFAULT_QUALITY : positive(imageQuality, "imageQuality", 100);
        return new RenderParams(window, vw, vh, quality);
    }

    private static Window window(String text) {
        String[] f = text.split(",", -1);
        if (f.length != 2 && f.length != 3) {
            throw DicomWebException.badRequest("window must be center,width[,function]: " + text);
        }
        double center;
        double width;
        try {
            center = Double.parseDouble(f[0].trim());
            width = Double.parseDouble(f[1].trim());
        } catch (NumberFormatException e) {
            throw DicomWebException.badRequest("window center and width must be numbers: " + text);
        }
        Function function = Function.LINEAR;
        if (f.length == 3) {
            try {
                function = Function.valueOf(f[2].trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw DicomWebException.badRequest("window function must be linear, linear-exact or sigmoid: " + f[2]);
            }
        }
        if (!Double.isFinite(center) || !Double.isFinite(width) || width <= 0 || function == Function.LINEAR && width < 1) {
            throw DicomWebException.badRequest("window width must be at least 1 (above 0 for linear-exact and sigmoid): " + text);
        }
        return new Window(center, width, function);
    }

    private static String single(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) return null;
        if (values.size() > 1) throw DicomWebException.badRequest("the parameter " + name + " is given more than once");
        return values.get(0);
    }

    private static int positive(String text, String what, int max) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= max) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw DicomWebException.badRequest(what + " must be a whole number from 1 to " + max + ": " + text);
    }
}
