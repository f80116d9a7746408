package org.senpacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache on its own: what is kept, for which base, and that a build overlapping a change is not kept. */
class SeriesMetadataCacheTest {

    static String text(SeriesMetadataCache.Json j) {
        return new String(j.data(), j.offset(), j.length(), StandardCharsets.UTF_8);
    }

    @Test
    void keptPerSeriesAndBaseUntilInvalidated() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        try (SeriesMetadataCache cache = new SeriesMetadataCache(1 << 20)) {
            SeriesMetadataCache.Builder build = () -> ("[" + builds.incrementAndGet() + "]").getBytes(StandardCharsets.UTF_8);
            assertEquals("[1]", text(cache.get("1.2", "1.2.3", "http://a", build)));
            assertEquals("[1]", text(cache.get("1.2", "1.2.3", "http://a", build)));
            assertEquals("[2]", text(cache.get("1.2", "1.2.3", "http://b", build))); // another base: rebuilt
            cache.instanceStored("1.2", "1.2.4", "1.2.4.1"); // another series: kept
            assertEquals("[2]", text(cache.get("1.2", "1.2.3", "http://b", build)));
            cache.instanceStored("1.2", "1.2.3", "1.2.3.9");
            assertEquals("[3]", text(cache.get("1.2", "1.2.3", "http://b", build)));
            cache.studyChanged("1.2");
            assertEquals("[4]", text(cache.get("1.2", "1.2.3", "http://b", build)));
            assertEquals(4, builds.get());
        }
    }

    @Test
    void aBuildOverlappingAChangeIsAnsweredButNotKept() throws Exception {
        try (SeriesMetadataCache cache = new SeriesMetadataCache(1 << 20)) {
            SeriesMetadataCache.Builder racing = () -> {
                cache.instanceStored("1.2", "1.2.3", "1.2.3.9"); // stored while the answer was built
                return "[old]".getBytes(StandardCharsets.UTF_8);
            };
            assertEquals("[old]", text(cache.get("1.2", "1.2.3", "http://a", racing)));
            assertEquals("[new]", text(cache.get("1.2", "1.2.3", "http://a", () -> "[new]".getBytes(StandardCharsets.UTF_8))));

            SeriesMetadataCache.Builder studyRacing = () -> {
                cache.studyChanged("1.9");
                return "[old]".getBytes(StandardCharsets.UTF_8);
            };
            assertEquals("[old]", text(cache.get("1.9", "1.9.1", "http://a", studyRacing)));
            assertEquals("[new]", text(cache.get("1.9", "1.9.1", "http://a", () -> "[new]".getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void offBuildsEveryTime() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        try (SeriesMetadataCache cache = new SeriesMetadataCache(0)) {
            SeriesMetadataCache.Builder build = () -> ("[" + builds.incrementAndGet() + "]").getBytes(StandardCharsets.UTF_8);
            cache.get("1.2", "1.2.3", "http://a", build);
            assertEquals("[2]", text(cache.get("1.2", "1.2.3", "http://a", build)));
        }
    }
}
