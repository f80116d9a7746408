package org.senpacs.dicomweb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Frames of encapsulated (compressed) Pixel Data as stored: the media type of each compressed
 * transfer syntax (PS3.18 §8.7.3, single-frame image media types), and which fragments make up a
 * frame (PS3.5 §A.4).
 */
final class CompressedFrames {

    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.50", "image/jpeg"), // JPEG Baseline
            Map.entry("1.2.840.10008.1.2.4.51", "image/jpeg"), // JPEG Extended
            Map.entry("1.2.840.10008.1.2.4.57", "image/jpeg"), // JPEG Lossless
            Map.entry("1.2.840.10008.1.2.4.70", "image/jpeg"), // JPEG Lossless, first-order prediction
            Map.entry("1.2.840.10008.1.2.4.80", "image/jls"), // JPEG-LS lossless
            Map.entry("1.2.840.10008.1.2.4.81", "image/jls"), // JPEG-LS near-lossless
            Map.entry("1.2.840.10008.1.2.4.90", "image/jp2"), // JPEG 2000 lossless
            Map.entry("1.2.840.10008.1.2.4.91", "image/jp2"), // JPEG 2000
            Map.entry("1.2.840.10008.1.2.4.92", "image/jpx"), // JPEG 2000 Part 2 multi-component lossless
            Map.entry("1.2.840.10008.1.2.4.93", "image/jpx"), // JPEG 2000 Part 2 multi-component
            Map.entry("1.2.840.10008.1.2.4.201", "image/jphc"), // HTJ2K lossless
            Map.entry("1.2.840.10008.1.2.4.202", "image/jphc"), // HTJ2K lossless RPCL
            Map.entry("1.2.840.10008.1.2.4.203", "image/jphc"), // HTJ2K
            Map.entry("1.2.840.10008.1.2.4.110", "image/jxl"), // JPEG XL lossless
            Map.entry("1.2.840.10008.1.2.4.111", "image/jxl"), // JPEG XL JPEG recompression
            Map.entry("1.2.840.10008.1.2.4.112", "image/jxl"), // JPEG XL
            Map.entry("1.2.840.10008.1.2.5", "image/dicom-rle")); // RLE Lossless

    private CompressedFrames() {}

    /** The media type of frames in a compressed transfer syntax, or null when frames are not served for it (video). */
    static String mediaType(String transferSyntax) {
        return MEDIA_TYPES.get(transferSyntax);
    }

    /**
     * The fragments of each frame, or null when they cannot be told apart: one frame takes every
     * fragment; as many fragments as frames is one each; otherwise the Basic Offset Table says
     * where each frame starts.
     */
    static List<List<InstanceFiles.Fragment>> split(InstanceFiles.Encapsulated px, int frames) {
        List<InstanceFiles.Fragment> all = px.fragments();
        List<List<InstanceFiles.Fragment>> out = new ArrayList<>();
        if (all.isEmpty()) return null;
        if (frames == 1) {
            out.add(all);
            return out;
        }
        if (all.size() == frames) {
            for (InstanceFiles.Fragment f : all) out.add(List.of(f));
            return out;
        }
        if (px.offsetTable().length != 4L * frames) return null;
        ByteBuffer table = ByteBuffer.wrap(px.offsetTable()).order(ByteOrder.LITTLE_ENDIAN);
        long first = all.get(0).offset() - 8; // offsets count from the first fragment's item tag
        int k = 0;
        for (int f = 0; f < frames; f++) {
            long start = first + Integer.toUnsignedLong(table.getInt(4 * f));
            long end = f + 1 < frames ? first + Integer.toUnsignedLong(table.getInt(4 * (f + 1))) : Long.MAX_VALUE;
            if (k >= all.size() || all.get(k).offset() - 8 != start) return null;
            List<InstanceFiles.Fragment> frame = new ArrayList<>();
            while (k < all.size() && all.get(k).offset() - 8 < end) frame.add(all.get(k++));
            out.add(frame);
        }
        return k == all.size() ? out : null;
    }
}
