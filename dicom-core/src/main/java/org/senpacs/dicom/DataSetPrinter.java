package org.senpacs.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Prints a data set one element a line, in the spirit of dcmdump: tag, VR, value, length, keyword. */
public final class DataSetPrinter {

    private final Appendable out;
    private final int maxValueChars;
    private final int maxLines;
    private int lines;

    private DataSetPrinter(Appendable out, int maxValueChars, int maxLines) {
        this.out = out;
        this.maxValueChars = maxValueChars;
        this.maxLines = maxLines;
    }

    /** Prints to {@code out}; values are cut at {@code maxValueChars}. */
    public static void print(DataSet ds, Appendable out, int maxValueChars) {
        new DataSetPrinter(out, maxValueChars, Integer.MAX_VALUE).items(ds, "");
    }

    static String toString(DataSet ds, int maxValueChars, int maxLines) {
        StringBuilder sb = new StringBuilder();
        new DataSetPrinter(sb, maxValueChars, maxLines).items(ds, "");
        return sb.toString();
    }

    private void items(DataSet ds, String indent) {
        ElementDictionary dict = ElementDictionary.standard();
        for (int i = 0; i < ds.size(); i++) {
            if (++lines > maxLines) {
                line(indent + "...");
                return;
            }
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Object v = ds.valueAt(i);
            String keyword = dict.keywordOf(tag);
            String name = keyword == null ? (Tags.isPrivate(tag) ? "PrivateTag" : "UnknownTag") : keyword;
            StringBuilder sb = new StringBuilder(indent).append(Tags.toString(tag)).append(' ').append(vr).append(' ');
            if (v instanceof Sequence seq) {
                line(sb.append("(Sequence with ").append(seq.size()).append(" items) # ").append(name).toString());
                for (int k = 0; k < seq.size(); k++) {
                    line(indent + "  (FFFE,E000) na (Item #" + (k + 1) + ")");
                    items(seq.get(k), indent + "    ");
                }
            } else if (v instanceof Fragments f) {
                line(sb.append("(PixelSequence with ").append(f.size()).append(" fragments) # ").append(name).toString());
            } else if (v instanceof BulkData ref) {
                line(sb.append("(BulkData ").append(ref.length()).append(" bytes at ").append(ref.offset())
                        .append(") # ").append(name).toString());
            } else {
                String text;
                int length;
                if (vr.isBulk()) {
                    byte[] b = v instanceof byte[] bytes ? bytes : new byte[0];
                    length = b.length;
                    StringBuilder hex = new StringBuilder();
                    for (int k = 0; k < b.length && hex.length() < maxValueChars; k++) {
                        if (k > 0) hex.append('\\');
                        hex.append(String.format("%02x", b[k] & 0xFF));
                    }
                    text = hex.toString();
                } else {
                    byte[] b = ds.getBytes(tag);
                    length = b == null ? 0 : b.length;
                    text = "[" + String.join("\\", ds.getStrings(tag)) + "]";
                    if (text.equals("[]")) text = "(no value available)";
                }
                if (text.length() > maxValueChars) text = text.substring(0, maxValueChars) + "...";
                line(sb.append(text).append(" # ").append(length).append(", ").append(name).toString());
            }
        }
    }

    private void line(String s) {
        try {
            out.append(s).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
