package org.senpacs.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data dictionary of PS3.6 (and PS3.7's command elements), generated at build time into
 * {@code dictionary.tsv} and loaded on first use.
 *
 * <p>Lookups by tag handle repeating groups (50xx, 60xx, ...), group lengths (gggg,0000), private
 * creators (gggg,0010-00FF with odd gggg) and private elements, which have no standard entry.
 */
public final class ElementDictionary {

    /** One data element definition. {@code vrText} is as in PS3.6, e.g. "US or SS". */
    public record Entry(int tag, VR vr, String vrText, String vm, String keyword, String name, boolean retired) {
        /** True when the VR depends on context (US or SS, OB or OW, ...). */
        public boolean ambiguousVR() {
            return vrText.length() > 2;
        }
    }

    private static final Entry GROUP_LENGTH = new Entry(0, VR.UL, "UL", "1", "GroupLength", "Group Length", false);
    private static final Entry PRIVATE_CREATOR = new Entry(0, VR.LO, "LO", "1", "PrivateCreator", "Private Creator", false);

    private static final class Holder {
        static final ElementDictionary INSTANCE = load();
    }

    private final int[] tags;
    private final Entry[] entries;
    private final int[] maskedMasks;
    private final Entry[] maskedEntries;
    private final Map<String, Entry> byKeyword;

    private ElementDictionary(List<Entry> exact, List<int[]> masks, List<Entry> masked) {
        exact.sort((a, b) -> Integer.compare(a.tag, b.tag)); // signed order, for Arrays.binarySearch
        this.tags = new int[exact.size()];
        this.entries = exact.toArray(new Entry[0]);
        for (int i = 0; i < tags.length; i++) tags[i] = entries[i].tag;
        this.maskedMasks = new int[masks.size()];
        for (int i = 0; i < maskedMasks.length; i++) maskedMasks[i] = masks.get(i)[0];
        this.maskedEntries = masked.toArray(new Entry[0]);
        this.byKeyword = new HashMap<>(exact.size() * 2);
        for (Entry e : entries) byKeyword.put(e.keyword, e);
        for (Entry e : maskedEntries) byKeyword.put(e.keyword, e);
    }

    public static ElementDictionary standard() {
        return Holder.INSTANCE;
    }

    private static ElementDictionary load() {
        List<Entry> exact = new ArrayList<>(5200);
        List<int[]> masks = new ArrayList<>();
        List<Entry> masked = new ArrayList<>();
        try (InputStream in = ElementDictionary.class.getResourceAsStream("dictionary.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                String tagText = f[0];
                int mask = 0;
                for (int i = 0; i < 8; i++) {
                    mask = (mask << 4) | (tagText.charAt(i) == 'X' ? 0 : 0xF);
                }
                int tag = Integer.parseUnsignedInt(tagText.replace('X', '0'), 16);
                String vrText = f[1];
                VR vr = "NONE".equals(vrText) ? null : VR.ofName(vrText.substring(0, 2));
                Entry e = new Entry(tag, vr, vrText, f[2], f[3], f[5], "Y".equals(f[4]));
                if (mask == -1) {
                    exact.add(e);
                } else {
                    masks.add(new int[] {mask});
                    masked.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DICOM dictionary", e);
        }
        return new ElementDictionary(exact, masks, masked);
    }

    /** The entry for a tag, or null for private and unknown elements. */
    public Entry entry(int tag) {
        int i = Arrays.binarySearch(tags, tag);
        if (i >= 0) return entries[i];
        for (int j = 0; j < maskedMasks.length; j++) {
            if ((tag & maskedMasks[j]) == maskedEntries[j].tag) return maskedEntries[j];
        }
        if ((tag & 0xFFFF) == 0) return GROUP_LENGTH;
        if (Tags.isPrivateCreator(tag)) return PRIVATE_CREATOR;
        return null;
    }

    /** The VR of a tag for implicit-VR decoding: UN when unknown, the first choice when ambiguous. */
    public VR vrOf(int tag) {
        Entry e = entry(tag);
        return e == null || e.vr == null ? VR.UN : e.vr;
    }

    public String keywordOf(int tag) {
        Entry e = entry(tag);
        return e == null ? null : e.keyword;
    }

    /** The tag of a keyword (e.g. "PatientName"), or -1 when it is not a standard keyword. */
    public int tagOf(String keyword) {
        Entry e = byKeyword.get(keyword);
        return e == null ? -1 : e.tag;
    }

    public int size() {
        return entries.length + maskedEntries.length;
    }
}
