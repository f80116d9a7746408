package org.senpacs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    private static final String STUDY = "1.2.840.113619.2.55.3.604688119.969.1268071029.320";
    private static final String SERIES = STUDY + ".1";

    @Test
    void layoutIsTwoHashLevelsThenStudyAndSeriesHashesThenTheInstance() {
        String key = ObjectKeys.forInstance(STUDY, SERIES, "1.2.3.4");
        assertTrue(key.matches("[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{16}/[0-9a-f]{16}/1\\.2\\.3\\.4\\.dcm"), key);
        String[] parts = key.split("/");
        assertEquals(parts[0] + parts[1], parts[2].substring(0, 4));
        assertEquals(key, ObjectKeys.forInstance(STUDY, SERIES, "1.2.3.4"), "stable");
        assertEquals(key, ObjectKeys.requireValidKey(key));
        // one series shares one directory; another series of the study a sibling directory
        String sibling = ObjectKeys.forInstance(STUDY, SERIES, "1.2.3.5");
        String otherSeries = ObjectKeys.forInstance(STUDY, STUDY + ".2", "1.2.3.6");
        assertEquals(parent(key), parent(sibling));
        assertEquals(parent(parent(key)), parent(parent(otherSeries)));
        assertFalse(parent(key).equals(parent(otherSeries)));
    }

    @Test
    void keysSpreadOverManyDirectories() {
        int studies = 10_000;
        Set<String> first = new HashSet<>();
        Set<String> second = new HashSet<>();
        Map<String, Integer> perDirectory = new HashMap<>();
        for (int i = 0; i < studies; i++) {
            String study = "1.2.826.0.1.3680043.8.498." + (1_000_000 + i); // sequential UIDs, as devices make them
            String key = ObjectKeys.forInstance(study, study + ".1", study + ".1.1");
            first.add(key.substring(0, 2));
            second.add(key.substring(0, 5));
            perDirectory.merge(key.substring(0, 5), 1, Integer::sum);
        }
        assertEquals(256, first.size());
        // 10,000 studies into 65,536 directories: ~9,300 distinct expected, never more than a few per directory
        assertTrue(second.size() > 9000, "distinct second-level directories: " + second.size());
        assertTrue(perDirectory.values().stream().allMatch(n -> n <= 6), perDirectory.toString());
    }

    @Test
    void maliciousOrMalformedUidsAreRejected() {
        List<String> bad = new ArrayList<>(List.of("../../etc/passwd", "1.2/3", "", "..", ".1.2", "1.2\\3", "1.2.3 ",
                " 1.2.3", "1.2.3\u0000", "1.2.a", "1,2,3", "/1.2.3"));
        bad.add("1." + "2".repeat(63)); // 65 characters
        for (String uid : bad) {
            assertFalse(ObjectKeys.isValidUid(uid), uid);
            assertThrows(IllegalArgumentException.class, () -> ObjectKeys.forInstance(uid, SERIES, "1.2.3"), uid);
            assertThrows(IllegalArgumentException.class, () -> ObjectKeys.forInstance(STUDY, uid, "1.2.3"), uid);
            assertThrows(IllegalArgumentException.class, () -> ObjectKeys.forInstance(STUDY, SERIES, uid), uid);
        }
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.forInstance(null, SERIES, "1.2.3"));
        String longest = "1." + "2".repeat(62);
        assertEquals(64, longest.length());
        assertTrue(ObjectKeys.forInstance(longest, longest, longest).endsWith("/" + longest + ".dcm"));
    }

    @Test
    void keyRules() {
        for (String good : List.of("a", "a/b", "A-Z_0.9/x.dcm", "3f/a2/0123456789abcdef/obj")) {
            assertEquals(good, ObjectKeys.requireValidKey(good));
        }
        for (String bad : List.of("", "/a", "a/", "a//b", "../a", "a/..", "./a", ".a", "a\\b", "a:b", "a b", "a\nb")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectKeys.requireValidKey(bad), bad);
            assertFalse(e.getMessage().contains("\n"), "control characters are escaped in messages");
        }
    }

    private static String parent(String key) {
        return key.substring(0, key.lastIndexOf('/'));
    }
}
