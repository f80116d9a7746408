package org.senpacs.viewer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of a query string, decoded as UTF-8; a name may repeat. Names are case-sensitive. */
final class QueryParams {

    private static final int MAX_PARAMS = 1000;
    private final Map<String, List<String>> params = new LinkedHashMap<>();

    static QueryParams parse(String query) throws ViewerException {
        QueryParams p = new QueryParams();
        if (query == null || query.isEmpty()) return p;
        int n = 0;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            if (++n > MAX_PARAMS) throw new ViewerException(400, "too many query parameters");
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                p.params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw new ViewerException(400, "malformed query string: " + e.getMessage());
            }
        }
        return p;
    }

    /** Every non-empty value of {@code name}, each also split at {@code separator} when it is not 0. */
    List<String> all(String name, char separator) {
        List<String> out = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : separator == 0 ? new String[] {v} : v.split(java.util.regex.Pattern.quote(String.valueOf(separator)))) {
                String t = part.trim();
                if (!t.isEmpty() && !out.contains(t)) out.add(t);
            }
        }
        return out;
    }

    List<String> all(String name) {
        return all(name, (char) 0);
    }

    /** The first non-empty value, or null. */
    String first(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? null : v.get(0);
    }
}
