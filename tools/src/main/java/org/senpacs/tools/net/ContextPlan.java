package org.senpacs.tools.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;

/**
 * The presentation contexts to propose for a set of files, in batches of at most 128 (the most an
 * association can carry).
 *
 * <p>First choice, exact: one context per (SOP class, transfer syntax) found, so every file can go
 * as it is stored. A context for Explicit VR Little Endian also offers Implicit; a SOP class with
 * other uncompressed files gets an extra [Explicit, Implicit] context, so they can be converted if
 * their own syntax is refused. When that needs more than 128 contexts, one context per SOP class
 * offers every syntax found plus Explicit and Implicit VR Little Endian (the peer picks one; files
 * in another uncompressed syntax are converted, compressed ones fail). Past 128 SOP classes, the
 * files are split into several associations.
 */
final class ContextPlan {

    static final int MAX_CONTEXTS = 128;

    private ContextPlan() {}

    record Context(String sopClass, List<String> transferSyntaxes) {}

    record Batch(List<InstanceScan.Instance> instances, List<Context> contexts) {}

    static List<Batch> of(List<InstanceScan.Instance> instances) {
        return of(instances, MAX_CONTEXTS);
    }

    static List<Batch> of(List<InstanceScan.Instance> instances, int maxContexts) {
        if (instances.isEmpty()) return List.of();
        Map<String, Map<String, Integer>> found = syntaxesBySopClass(instances);
        List<Context> exact = exact(found);
        if (exact.size() <= maxContexts) return List.of(new Batch(instances, exact));
        List<String> sopClasses = new ArrayList<>(found.keySet());
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < sopClasses.size(); from += maxContexts) {
            Set<String> part = new LinkedHashSet<>(sopClasses.subList(from, Math.min(sopClasses.size(), from + maxContexts)));
            List<Context> merged = new ArrayList<>();
            for (String sc : part) merged.add(merged(sc, found.get(sc)));
            List<InstanceScan.Instance> mine = instances.stream().filter(i -> part.contains(i.sopClass())).toList();
            batches.add(new Batch(mine, merged));
        }
        return batches;
    }

    /** SOP class → transfer syntax → number of files, in order of first appearance. */
    private static Map<String, Map<String, Integer>> syntaxesBySopClass(List<InstanceScan.Instance> instances) {
        Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
        for (InstanceScan.Instance i : instances) {
            m.computeIfAbsent(i.sopClass(), k -> new LinkedHashMap<>()).merge(i.transferSyntax(), 1, Integer::sum);
        }
        return m;
    }

    private static List<Context> exact(Map<String, Map<String, Integer>> found) {
        List<Context> contexts = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> e : found.entrySet()) {
            String sc = e.getKey();
            Set<String> syntaxes = e.getValue().keySet();
            boolean needsFallback = false;
            for (String ts : syntaxes) {
                if (ts.equals(UID.ExplicitVRLittleEndian)) {
                    contexts.add(new Context(sc, List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)));
                } else {
                    contexts.add(new Context(sc, List.of(ts)));
                    if (!TransferSyntax.of(ts).encapsulated()) needsFallback = true;
                }
            }
            if (needsFallback && !syntaxes.contains(UID.ExplicitVRLittleEndian)) {
                contexts.add(new Context(sc, List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)));
            }
        }
        return contexts;
    }

    /** One context for a SOP class: its syntaxes, most files first, then Explicit and Implicit VR Little Endian. */
    private static Context merged(String sopClass, Map<String, Integer> syntaxes) {
        List<String> byCount = new ArrayList<>(syntaxes.keySet());
        byCount.sort(Comparator.comparing(ts -> -syntaxes.get(ts)));
        LinkedHashSet<String> ts = new LinkedHashSet<>(byCount);
        ts.add(UID.ExplicitVRLittleEndian);
        ts.add(UID.ImplicitVRLittleEndian);
        return new Context(sopClass, List.copyOf(ts));
    }
}
