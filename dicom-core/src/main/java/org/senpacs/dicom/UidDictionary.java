package org.senpacs.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names and kinds of the well-known UIDs, generated at build time into {@code uids.tsv}. */
public final class UidDictionary {

    /** What a well-known UID identifies. */
    public enum Type {
        TRANSFER_SYNTAX, SOP_CLASS, STORAGE_SOP_CLASS, SOP_INSTANCE, APPLICATION_CONTEXT
    }

    /** {@code flags} are the transfer syntax properties (explicit, big, deflate, encap, refonly), comma-separated. */
    public record Entry(String uid, String keyword, Type type, String name, boolean retired, String flags) {}

    private static final class Holder {
        static final UidDictionary INSTANCE = load();
    }

    private final Map<String, Entry> byUid;
    private final Map<String, Entry> byKeyword;

    private UidDictionary(Map<String, Entry> byUid) {
        this.byUid = byUid;
        this.byKeyword = new HashMap<>();
        for (Entry e : byUid.values()) byKeyword.put(e.keyword, e);
    }

    public static UidDictionary standard() {
        return Holder.INSTANCE;
    }

    private static UidDictionary load() {
        Map<String, Entry> byUid = new LinkedHashMap<>();
        try (InputStream in = UidDictionary.class.getResourceAsStream("uids.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                Type type = switch (f[2]) {
                    case "TS" -> Type.TRANSFER_SYNTAX;
                    case "SOP" -> Type.SOP_CLASS;
                    case "STORAGE" -> Type.STORAGE_SOP_CLASS;
                    case "INST" -> Type.SOP_INSTANCE;
                    case "AC" -> Type.APPLICATION_CONTEXT;
                    default -> throw new IllegalStateException("uids.tsv: unknown type " + f[2]);
                };
                boolean retired = "Y".equals(f[4]);
                byUid.put(f[0], new Entry(f[0], f[1], type, f[5], retired, f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the UID dictionary", e);
        }
        return new UidDictionary(byUid);
    }

    public Entry entry(String uid) {
        return byUid.get(uid);
    }

    /** The standard name of a UID, or the UID itself when unknown. */
    public String nameOf(String uid) {
        Entry e = byUid.get(uid);
        return e == null ? uid : e.name;
    }

    /** The UID of a keyword such as "CTImageStorage", or null. */
    public String uidOf(String keyword) {
        Entry e = byKeyword.get(keyword);
        return e == null ? null : e.uid;
    }

    /** True when the UID is known with this type. */
    public boolean is(String uid, Type type) {
        Entry e = byUid.get(uid);
        return e != null && e.type == type;
    }

    public boolean isStorageSopClass(String uid) {
        Entry e = byUid.get(uid);
        return e != null && e.type == Type.STORAGE_SOP_CLASS;
    }

    /** Every storage SOP class of the standard, in the standard's order. */
    public List<String> storageSopClasses() {
        return byUid.values().stream().filter(e -> e.type == Type.STORAGE_SOP_CLASS).map(Entry::uid).toList();
    }

    /** Every entry of a type, in the standard's order. */
    public List<Entry> entries(Type type) {
        return byUid.values().stream().filter(e -> e.type == type).toList();
    }
}
