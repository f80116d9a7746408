package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.AbstractGroup;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The segments of a parsed message in message order, each with its occurrence number (the n-th
 * PID, the n-th OBR), which the ERR location needs. Also checks the segment order: HAPI parses a
 * segment that does not fit its message structure as "non-standard"; for a standard segment
 * (not Z...) that means it came where the structure does not allow it.
 */
final class MessageSegments {

    private final Map<Segment, Integer> occurrences = new IdentityHashMap<>();
    private final List<Segment> inOrder = new ArrayList<>();

    MessageSegments(Message message) throws HL7Exception {
        Map<String, Integer> counts = new HashMap<>();
        walk(message, counts);
    }

    private void walk(Group g, Map<String, Integer> counts) throws HL7Exception {
        for (String name : g.getNames()) {
            for (Structure s : g.getAll(name)) {
                if (s instanceof Group child) {
                    walk(child, counts);
                } else if (s instanceof Segment seg && !seg.isEmpty()) {
                    occurrences.put(seg, counts.merge(seg.getName(), 1, Integer::sum));
                    inOrder.add(seg);
                    if (g instanceof AbstractGroup ag && ag.getNonStandardNames().contains(name)
                            && !seg.getName().startsWith("Z")) {
                        throw Hl7Failure.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR,
                                Hl7Failure.segment(seg.getName(), occurrences.get(seg)),
                                seg.getName() + " segment where the " + messageStructure(g) + " structure does not allow it");
                    }
                }
            }
        }
    }

    private static String messageStructure(Group g) {
        Structure root = g;
        while (root.getParent() != null && root.getParent() != root) root = root.getParent();
        return root.getName();
    }

    /** Fields of a segment of this message. */
    SegmentFields fields(Segment s) {
        return new SegmentFields(s, occurrences.getOrDefault(s, 1));
    }

    /** True when the segment is in the message with some content. */
    boolean present(Segment s) {
        return occurrences.containsKey(s);
    }

    /** The segments of a name, in message order. */
    List<Segment> named(String name) {
        return inOrder.stream().filter(s -> s.getName().equals(name)).toList();
    }

    /** The first segment of a name within a group (searching its sub-groups), or null. */
    static Segment firstIn(Group g, String name) throws HL7Exception {
        for (String n : g.getNames()) {
            for (Structure s : g.getAll(n)) {
                if (s instanceof Group child) {
                    Segment found = firstIn(child, name);
                    if (found != null) return found;
                } else if (s instanceof Segment seg && seg.getName().equals(name) && !seg.isEmpty()) {
                    return seg;
                }
            }
        }
        return null;
    }
}
