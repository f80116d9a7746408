package org.senpacs.dicomweb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.cache.StorageType;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.manager.DefaultCacheManager;
import org.senpacs.archive.events.ArchiveListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The series {@code /metadata} answers (DICOM JSON, as bytes) in an embedded Infinispan cache,
 * local mode, bounded by memory size; entries are built on first request and dropped when an
 * instance of the series is stored or its study changes (the archive's events).
 *
 * <p>A build that overlaps an invalidation of its series is answered but not kept: each series
 * maps to one of a fixed set of stripes, each with a generation counter and a lock; an
 * invalidation bumps the generation and removes the entry under the lock, and a build keeps its
 * result only if the generation it started with is still current (checked and put under the lock).
 */
final class SeriesMetadataCache implements ArchiveListener, AutoCloseable {

    /** Builds the JSON of a series on a miss. */
    @FunctionalInterface
    interface Builder {
        byte[] build() throws Exception;
    }

    /** The JSON of a series: {@code length} bytes of {@code data} from {@code offset}. */
    record Json(byte[] data, int offset, int length) {}

    private static final Logger LOG = LoggerFactory.getLogger(SeriesMetadataCache.class);
    private static final int STRIPES = 64;

    private final DefaultCacheManager manager;
    private final Cache<String, byte[]> cache;
    private final AtomicLong[] generations = new AtomicLong[STRIPES];
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final AtomicLong studyGeneration = new AtomicLong();
    /**
     * Keys put since their last invalidation: a store into a series nobody asked for (nearly every
     * store during ingest) then costs a set lookup, not a trip through Infinispan's interceptors.
     * Changed under the key's stripe lock, like the cache entry itself.
     */
    private final java.util.Set<String> cached = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A cache of at most {@code maxBytes} (0 disables it: every request builds). */
    SeriesMetadataCache(long maxBytes) {
        for (int i = 0; i < STRIPES; i++) {
            generations[i] = new AtomicLong();
            locks[i] = new ReentrantLock();
        }
        if (maxBytes <= 0) {
            manager = null;
            cache = null;
            LOG.info("SEN-W110 series metadata cache off");
            return;
        }
        GlobalConfigurationBuilder global = new GlobalConfigurationBuilder().nonClusteredDefault();
        global.cacheManagerName("sen-dicomweb").jmx().enabled(false);
        global.metrics().gauges(false).histograms(false).jvm(false);
        ConfigurationBuilder config = new ConfigurationBuilder();
        config.clustering().cacheMode(CacheMode.LOCAL)
                .statistics().enabled(false)
                .encoding().mediaType("application/x-protostream")
                .memory().storage(StorageType.HEAP).maxSize(Long.toString(maxBytes)).whenFull(EvictionStrategy.REMOVE);
        manager = new DefaultCacheManager(global.build(), true);
        manager.defineConfiguration("series-metadata", config.build());
        cache = manager.getCache("series-metadata");
        LOG.info("SEN-W110 series metadata cache: Infinispan, local, at most {} MB", maxBytes >> 20);
    }

    /**
     * The JSON of a series for a base URL (the BulkDataURIs carry it): from the cache when there
     * for that base, else built and kept.
     */
    Json get(String study, String series, String base, Builder builder) throws Exception {
        String key = key(study, series);
        byte[] prefix = base.getBytes(StandardCharsets.UTF_8);
        if (cache != null) {
            byte[] value = cache.get(key);
            if (value != null && hasPrefix(value, prefix)) return new Json(value, 4 + prefix.length, value.length - 4 - prefix.length);
        }
        int stripe = stripe(key);
        long generation = generations[stripe].get();
        long studies = studyGeneration.get();
        byte[] json = builder.build();
        if (cache == null) return new Json(json, 0, json.length);
        byte[] value = new byte[4 + prefix.length + json.length];
        java.nio.ByteBuffer.wrap(value).putInt(prefix.length).put(prefix).put(json);
        locks[stripe].lock();
        try {
            if (generations[stripe].get() == generation && studyGeneration.get() == studies) {
                cached.add(key);
                cache.put(key, value);
            }
        } finally {
            locks[stripe].unlock();
        }
        return new Json(value, 4 + prefix.length, json.length);
    }

    @Override
    public void instanceStored(String study, String series, String sopInstanceUid) {
        invalidate(key(study, series));
    }

    @Override
    public void studyChanged(String study) {
        studyGeneration.incrementAndGet();
        if (cache == null) return;
        for (ReentrantLock lock : locks) { // builds that checked before the increment have put by now
            lock.lock();
            lock.unlock();
        }
        String prefix = study + "|";
        List<String> keys = cache.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        for (String k : keys) invalidate(k);
    }

    private void invalidate(String key) {
        int stripe = stripe(key);
        locks[stripe].lock();
        try {
            generations[stripe].incrementAndGet();
            if (cache != null && cached.remove(key)) cache.remove(key);
        } finally {
            locks[stripe].unlock();
        }
    }

    private static String key(String study, String series) {
        return study + "|" + series;
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }

    private static boolean hasPrefix(byte[] value, byte[] prefix) {
        if (value.length < 4 + prefix.length) return false;
        if (java.nio.ByteBuffer.wrap(value).getInt() != prefix.length) return false;
        return java.util.Arrays.equals(value, 4, 4 + prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        if (manager != null) manager.stop();
    }
}
