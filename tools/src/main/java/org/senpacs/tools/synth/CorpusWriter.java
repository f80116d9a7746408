package org.senpacs.tools.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.tools.synth.CorpusPlan.Instance;
import org.senpacs.tools.synth.CorpusPlan.Series;
import org.senpacs.tools.synth.CorpusPlan.Study;

/**
 * Writes every instance of a plan as a Part 10 file (Explicit VR Little Endian) under a folder,
 * with a few threads: pixel synthesis is the work, and each instance is independent.
 */
final class CorpusWriter {

    /** The transfer syntax of every file. */
    static final String TRANSFER_SYNTAX = UID.ExplicitVRLittleEndian;

    private final int threads;

    CorpusWriter(int threads) {
        this.threads = Math.max(1, threads);
    }

    /**
     * Writes the files and returns the size of each, by {@link Instance#index()}.
     *
     * @param progress told the count of files written so far, now and then, from writer threads
     */
    long[] write(CorpusPlan plan, Path out, IntConsumer progress) throws IOException {
        long[] sizes = new long[plan.instanceCount()];
        Set<Path> dirs = new HashSet<>();
        for (Study study : plan.studies()) {
            for (Series series : study.series()) dirs.add(out.resolve(series.dir()));
        }
        for (Path d : dirs) Files.createDirectories(d);

        AtomicInteger done = new AtomicInteger();
        DataSetWriter writer = new DataSetWriter();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("synth-", 0).factory())) {
            for (Study study : plan.studies()) {
                for (Series series : study.series()) {
                    for (Instance instance : series.instances()) {
                        futures.add(pool.submit(() -> {
                            DataSet ds = InstanceBuilder.build(study, series, instance);
                            Path file = out.resolve(instance.file());
                            try {
                                writer.writeFile(file, DataSetWriter.fileMetaInformation(ds, TRANSFER_SYNTAX), ds);
                                sizes[instance.index()] = Files.size(file);
                            } catch (IOException e) {
                                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
                            }
                            int n = done.incrementAndGet();
                            if (n % 100 == 0) progress.accept(n);
                            return null;
                        }));
                    }
                }
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    Throwable cause = e.getCause();
                    if (cause instanceof UncheckedIOException u) throw u.getCause();
                    if (cause instanceof RuntimeException r) throw r;
                    throw new IOException(cause);
                } catch (InterruptedException e) {
                    pool.shutdownNow();
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        progress.accept(done.get());
        return sizes;
    }
}
