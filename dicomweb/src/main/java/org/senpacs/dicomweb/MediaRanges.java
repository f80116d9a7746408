package org.senpacs.dicomweb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lenient parsing of Accept and Content-Type headers as DICOMweb clients send them: lists,
 * q-values, parameters quoted or not ({@code type=application/dicom}), case-insensitive names.
 */
final class MediaRanges {

    private MediaRanges() {}

    /** One media range: type and subtype in lower case, parameters by lower-case name, unquoted. */
    record Range(String type, String subtype, Map<String, String> params, double q) {

        String param(String name) {
            return params.get(name);
        }

        boolean is(String type, String subtype) {
            return this.type.equals(type) && this.subtype.equals(subtype);
        }

        boolean matches(String type, String subtype) {
            return (this.type.equals("*") || this.type.equals(type)) && (this.subtype.equals("*") || this.subtype.equals(subtype));
        }

        boolean isWildcard() {
            return type.equals("*") && subtype.equals("*");
        }
    }

    /** The ranges of an Accept header by falling preference (q=0 left out); any type when empty. */
    static List<Range> parseAccept(String header) {
        List<Range> out = new ArrayList<>();
        if (header != null) {
            for (String item : split(header, ',')) {
                Range r = parse(item);
                if (r != null && r.q() > 0) out.add(r);
            }
        }
        if (out.isEmpty()) out.add(new Range("*", "*", Map.of(), 1));
        out.sort(Comparator.comparingDouble(Range::q).reversed());
        return out;
    }

    /** One media type (Content-Type), or null when it is not one. */
    static Range parse(String text) {
        List<String> fields = split(text, ';');
        if (fields.isEmpty()) return null;
        String full = fields.get(0).trim().toLowerCase(Locale.ROOT);
        int slash = full.indexOf('/');
        if (slash <= 0 || slash == full.length() - 1) {
            if (full.equals("*")) return new Range("*", "*", Map.of(), 1);
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        double q = 1;
        for (int i = 1; i < fields.size(); i++) {
            String f = fields.get(i).trim();
            int eq = f.indexOf('=');
            if (eq <= 0) continue;
            String name = f.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = unquote(f.substring(eq + 1).trim());
            if (name.equals("q")) {
                try {
                    q = Math.max(0, Math.min(1, Double.parseDouble(value)));
                } catch (NumberFormatException e) {
                    q = 1;
                }
            } else {
                params.put(name, value);
            }
        }
        return new Range(full.substring(0, slash).trim(), full.substring(slash + 1).trim(), params, q);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    /** Splits on {@code sep} outside double quotes. */
    static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            if (c == sep && !quoted) {
                if (!cur.toString().isBlank()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString());
        return out;
    }

    /** True when one of the ranges accepts a JSON answer (DICOM JSON or plain JSON). */
    static boolean acceptsJson(List<Range> ranges) {
        for (Range r : ranges) {
            if (r.matches("application", "dicom+json") || r.matches("application", "json")) return true;
        }
        return false;
    }
}
