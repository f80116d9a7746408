import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Build-time generator of the DICOM dictionary (run by Maven with the JDK's source launcher).
 *
 * <p>Inputs (src/main/dicom-standard): attributes.json (PS3.6 data elements), dcmtk-dicom.dic
 * (command group 0000 of PS3.7), sops.json (storage SOP classes), well-known-uids.tsv (transfer
 * syntaxes and other UIDs of PS3.6 Annex A). Outputs: Tag.java and UID.java constants, and the
 * tables dictionary.tsv and uids.tsv read lazily at run time (a static initializer with 5,000
 * entries would pass the JVM's 64 KB method limit).
 *
 * <p>Usage: java GenerateDictionary.java INPUT_DIR SOURCES_OUT RESOURCES_OUT
 */
public final class GenerateDictionary {

    private static final String PACKAGE = "org.senpacs.dicom";

    record Attribute(String tag, String vr, String vm, String keyword, boolean retired, String name) {}

    record Uid(String uid, String keyword, String type, String flags, boolean retired, String name) {}

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path sources = Path.of(args[1]).resolve(PACKAGE.replace('.', '/'));
        Path resources = Path.of(args[2]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(sources);
        Files.createDirectories(resources);

        List<Attribute> attributes = readAttributes(in);
        List<Uid> uids = readUids(in);

        writeIfChanged(sources.resolve("Tag.java"), tagSource(attributes));
        writeIfChanged(sources.resolve("UID.java"), uidSource(uids));
        writeIfChanged(resources.resolve("dictionary.tsv"), dictionaryTable(attributes));
        writeIfChanged(resources.resolve("uids.tsv"), uidTable(uids));
        System.out.printf("GenerateDictionary: %d attributes, %d UIDs%n", attributes.size(), uids.size());
    }

    // ---- attributes

    static List<Attribute> readAttributes(Path in) throws IOException {
        Map<String, Attribute> byTag = new TreeMap<>();
        // PS3.7 command group elements are not in attributes.json: take them from dcmtk's table.
        for (String line : Files.readAllLines(in.resolve("dcmtk-dicom.dic"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            if (!f[0].startsWith("(0000,") || !f[4].startsWith("DICOM")) continue;
            String tag = f[0].substring(1, 10).replace(",", "").toUpperCase(Locale.ROOT);
            byTag.put(tag, new Attribute(tag, f[1], f[3], f[2], f[4].endsWith("retired"), spaced(f[2])));
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) new Json(Files.readString(in.resolve("attributes.json"))).value();
        for (Object o : list) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            String keyword = (String) m.get("keyword");
            String vr = (String) m.get("valueRepresentation");
            if (keyword == null || keyword.isEmpty() || vr == null || vr.isEmpty()) continue;
            String tag = ((String) m.get("tag")).substring(1, 10).replace(",", "").toUpperCase(Locale.ROOT);
            if (vr.startsWith("See Note")) vr = "NONE"; // item and delimitation tags: no VR
            byTag.put(tag, new Attribute(tag, vr, (String) m.get("valueMultiplicity"), keyword,
                    "Y".equals(m.get("retired")), (String) m.get("name")));
        }
        return new ArrayList<>(byTag.values());
    }

    static String spaced(String keyword) {
        return keyword.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ");
    }

    static String tagSource(List<Attribute> attributes) {
        StringBuilder sb = header("Tag", "Data element tags of PS3.6 and the command elements of PS3.7, by keyword.\n"
                + " * Repeating-group elements (50xx, 60xx, ...) carry the value of their first group.");
        for (Attribute a : attributes) {
            sb.append("\n    /** (").append(a.tag, 0, 4).append(',').append(a.tag, 4, 8).append(") ")
                    .append(a.vr).append(' ').append(a.vm).append(' ').append(escapeJavadoc(a.name))
                    .append(a.retired ? " (retired)" : "").append(" */\n");
            sb.append("    public static final int ").append(a.keyword).append(" = 0x")
                    .append(a.tag.replace('X', '0')).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    static String dictionaryTable(List<Attribute> attributes) {
        StringBuilder sb = new StringBuilder("# tag\tVR\tVM\tkeyword\tretired\tname (generated)\n");
        for (Attribute a : attributes) {
            sb.append(a.tag).append('\t').append(a.vr).append('\t').append(a.vm).append('\t').append(a.keyword)
                    .append('\t').append(a.retired ? 'Y' : 'N').append('\t').append(a.name).append('\n');
        }
        return sb.toString();
    }

    // ---- UIDs

    static List<Uid> readUids(Path in) throws IOException {
        Map<String, Uid> byUid = new LinkedHashMap<>();
        for (String line : Files.readAllLines(in.resolve("well-known-uids.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            byUid.put(f[0], new Uid(f[0], f[1], f[2], f[3], "Y".equals(f[4]), f[5]));
        }
        @SuppressWarnings("unchecked")
        List<Object> sops = (List<Object>) new Json(Files.readString(in.resolve("sops.json"))).value();
        for (Object o : sops) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            String uid = (String) m.get("id");
            String name = (String) m.get("name");
            byUid.putIfAbsent(uid, new Uid(uid, keywordOf(name), "STORAGE", "", false, name));
        }
        Map<String, String> seen = new TreeMap<>();
        for (Uid u : byUid.values()) {
            String other = seen.put(u.keyword, u.uid);
            if (other != null) throw new IllegalStateException("duplicate UID keyword " + u.keyword);
        }
        return new ArrayList<>(byUid.values());
    }

    private static final String[] SMALL_NUMBERS = {"Zero", "One", "Two", "Three", "Four", "Five", "Six",
        "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"};

    /** "Digital X-Ray Image Storage - For Presentation" becomes DigitalXRayImageStorageForPresentation. */
    static String keywordOf(String name) {
        StringBuilder sb = new StringBuilder();
        for (String word : name.replaceAll("[^A-Za-z0-9]+", " ").trim().split(" ")) {
            if (sb.isEmpty() && Character.isDigit(word.charAt(0))) {
                int end = 0;
                while (end < word.length() && Character.isDigit(word.charAt(end))) end++;
                int n = Integer.parseInt(word.substring(0, end));
                sb.append(n < SMALL_NUMBERS.length ? SMALL_NUMBERS[n] : "N" + n);
                word = word.substring(end);
                if (word.isEmpty()) continue;
            }
            sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return sb.toString();
    }

    static String uidSource(List<Uid> uids) {
        StringBuilder sb = header("UID", "Well-known UIDs of PS3.6 Annex A and every storage SOP class, by keyword.");
        for (Uid u : uids) {
            sb.append("\n    /** ").append(escapeJavadoc(u.name)).append(u.retired ? " (retired)" : "").append(" */\n");
            sb.append("    public static final String ").append(u.keyword).append(" = \"").append(u.uid).append("\";\n");
        }
        return sb.append("}\n").toString();
    }

    static String uidTable(List<Uid> uids) {
        StringBuilder sb = new StringBuilder("# UID\tkeyword\ttype\tflags\tretired\tname (generated)\n");
        for (Uid u : uids) {
            sb.append(u.uid).append('\t').append(u.keyword).append('\t').append(u.type).append('\t').append(u.flags)
                    .append('\t').append(u.retired ? 'Y' : 'N').append('\t').append(u.name).append('\n');
        }
        return sb.toString();
    }

    // ---- output helpers

    static StringBuilder header(String className, String doc) {
        return new StringBuilder()
                .append("// Generated by dicom-core/src/build/java/GenerateDictionary.java from src/main/dicom-standard. Do not edit.\n")
                .append("package ").append(PACKAGE).append(";\n\n")
                .append("/**\n * ").append(doc).append("\n */\n")
                .append("@SuppressWarnings(\"unused\")\n")
                .append("public final class ").append(className).append(" {\n\n")
                .append("    private ").append(className).append("() {}\n");
    }

    static String escapeJavadoc(String s) {
        return s.replace("*/", "*&#47;").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("@", "&#64;").replace("\\", "&#92;");
    }

    static void writeIfChanged(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) return;
        Files.write(file, bytes);
    }

    /** Just enough JSON for the standard's data files: objects, arrays, strings, numbers, literals. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    skip();
                    if (s.charAt(i) == '}') { i++; return m; }
                    while (true) {
                        skip();
                        String k = string();
                        skip();
                        expect(':');
                        m.put(k, value());
                        skip();
                        if (s.charAt(i) == ',') { i++; continue; }
                        expect('}');
                        return m;
                    }
                }
                case '[' -> {
                    List<Object> l = new ArrayList<>();
                    i++;
                    skip();
                    if (s.charAt(i) == ']') { i++; return l; }
                    while (true) {
                        l.add(value());
                        skip();
                        if (s.charAt(i) == ',') { i++; continue; }
                        expect(']');
                        return l;
                    }
                }
                case '"' -> { return string(); }
                default -> {
                    int start = i;
                    while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) i++;
                    String lit = s.substring(start, i);
                    return switch (lit) {
                        case "null" -> null;
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> Double.valueOf(lit);
                    };
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c != '\\') { sb.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> { sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                    default -> sb.append(e);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private void expect(char c) {
            if (s.charAt(i) != c) throw new UncheckedIOException(new IOException("JSON: expected " + c + " at " + i));
            i++;
        }
    }
}
