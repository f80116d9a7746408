package org.senpacs.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A quick write-throughput measurement, not a test:
 * {@code java -cp <test class path> org.senpacs.storage.FileSystemStorageThroughput DIR [COUNT] [SIZE] [THREADS] [ROUNDS]}
 * stores COUNT objects of SIZE bytes, written in 16 KB pieces as C-STORE PDVs arrive, in rounds
 * alternating three ways: plain files (what storescp does: write, close, no fsync), this storage
 * with fsync off, and with fsync on. Prints each round (with the process's CPU time, which a busy
 * machine disturbs less than the wall clock) and the median MB/s of each way.
 */
public final class FileSystemStorageThroughput {

    private static final int PDV = 16_372;

    private FileSystemStorageThroughput() {
    }

    private interface Writer {
        void write(int i) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 512 * 1024;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        byte[] content = TestObjects.bytes(size, 42);
        String[] ways = {"plain files", "storage, fsync off", "storage, fsync on"};
        double[][] mbps = new double[ways.length][rounds];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < rounds; round++) {
            for (int way = 0; way < ways.length; way++) {
                Path root = Files.createTempDirectory(dir, "throughput-");
                try (FileSystemStorage storage = new FileSystemStorage(root, way == 2)) {
                    Writer writer = way == 0 ? i -> plainFile(root.resolve(key(i)), content) : i -> stored(storage, key(i), content);
                    long cpuBefore = os.getProcessCpuTime();
                    double seconds = run(writer, count, threads);
                    double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
                    mbps[way][round] = (double) count * size / seconds / 1e6;
                    System.out.printf("round %d, %-18s: %d x %d KB, %d threads, %.2f s = %.0f MB/s, %.0f objects/s, CPU %.2f s%n",
                            round + 1, ways[way], count, size / 1024, threads, seconds, mbps[way][round], count / seconds, cpu);
                } finally {
                    deleteTree(root);
                }
            }
        }
        for (int way = 0; way < ways.length; way++) {
            double[] sorted = mbps[way].clone();
            Arrays.sort(sorted);
            System.out.printf("median %-18s: %.0f MB/s%n", ways[way], sorted[rounds / 2]);
        }
    }

    private static String key(int i) {
        return ObjectKeys.forInstance("1.2.3." + (i / 500), "1.2.3." + (i / 500) + "." + (i / 100), "1.2.3.4." + i);
    }

    private static double run(Writer writer, int count, int threads) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) writer.write(i);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static void stored(StorageBackend storage, String key, byte[] content) throws IOException {
        try (PendingObject o = storage.create(key)) {
            writePdvs(o.output(), content);
            o.commit(false);
        }
    }

    private static void plainFile(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            writePdvs(out, content);
        }
    }

    private static void writePdvs(OutputStream out, byte[] content) throws IOException {
        for (int off = 0; off < content.length; off += PDV) out.write(content, off, Math.min(PDV, content.length - off));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
