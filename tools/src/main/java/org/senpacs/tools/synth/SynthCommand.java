package org.senpacs.tools.synth;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.senpacs.tools.SenTools;
import org.senpacs.tools.synth.CorpusPlan.Instance;
import org.senpacs.tools.synth.CorpusPlan.Series;
import org.senpacs.tools.synth.CorpusPlan.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sen synth}: writes a synthetic, reproducible DICOM corpus and its manifest. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Write a synthetic DICOM corpus into a folder: patients × studies × series × instances of CT, MR, "
                + "CR, DX, ultrasound cine and SR reports, with realistic Vietnamese (UTF-8, ISO_IR 192) and "
                + "ASCII patient data and noise-shaped pixel data, plus manifest.json listing what it made and "
                + "the expected answers of study-level queries.",
            "The same seed and options always give the same files, byte for byte.",
            "",
            "Presets: small (~200 instances, every kind), default (~2,000 instances, ~1 GB, mostly CT), "
                + "large (100,000+ instances with 64×64 pixels, for query scale). Options below override "
                + "the preset.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:corpus written", "1:writing failed", "2:usage error"})
public final class SynthCommand implements Callable<Integer> {

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "folder to write into (created; must be empty, or an earlier corpus with --force)")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "default",
            description = "small, default or large (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of every choice, UID and pixel (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--patients", paramLabel = "N", description = "number of patients")
    Integer patients;

    @Option(names = "--studies", paramLabel = "N|MIN-MAX", description = "studies per patient")
    String studies;

    @Option(names = "--series", paramLabel = "N|MIN-MAX", description = "series per CT or MR study")
    String series;

    @Option(names = "--instances", paramLabel = "N|MIN-MAX", description = "instances per CT or MR series")
    String instances;

    @Option(names = "--frames", paramLabel = "N|MIN-MAX", description = "frames per ultrasound cine loop")
    String frames;

    @Option(names = "--mix", paramLabel = "KIND=W,...",
            description = "weights of study kinds among CT, MR, CR, DX, US, SR, e.g. CT=60,MR=20,US=20 "
                    + "(kinds left out get none)")
    String mix;

    @Option(names = "--reports", paramLabel = "SHARE", description = "share of image studies with an SR report (0-1)")
    Double reports;

    @Option(names = "--ascii-names", paramLabel = "SHARE", defaultValue = "0.25",
            description = "share of patients registered with a plain ASCII name (default: ${DEFAULT-VALUE})")
    double asciiNames;

    @Option(names = "--pixels", paramLabel = "full|small",
            description = "full: each modality's real matrix; small: 64×64 everywhere")
    String pixels;

    @Option(names = "--years", paramLabel = "FROM-TO", defaultValue = "2015-2024",
            description = "years the study dates spread over (default: ${DEFAULT-VALUE})")
    String years;

    @Option(names = "--threads", paramLabel = "N", description = "writer threads (default: cores, at most 4)")
    Integer threads;

    @Option(names = "--dry-run", description = "print what would be written, write nothing")
    boolean dryRun;

    @Option(names = "--force", description = "replace an earlier corpus (a folder holding a synth manifest.json)")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "print only the summary line")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        PrintWriter outText = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        CorpusSpec spec;
        try {
            spec = spec();
        } catch (IllegalArgumentException e) {
            err.println("sen synth: " + e.getMessage());
            return SenTools.USAGE;
        }
        CorpusPlan plan = CorpusPlan.of(spec);
        if (dryRun) {
            outText.println(describe(plan, estimatedBytes(plan)) + " (dry run: nothing written)");
            return SenTools.OK;
        }
        try {
            prepare(out);
        } catch (IllegalArgumentException e) {
            err.println("sen synth: " + e.getMessage());
            return SenTools.USAGE;
        } catch (IOException e) {
            err.println("sen synth: " + out + ": " + e.getMessage());
            return SenTools.FAILED;
        }
        long start = System.nanoTime();
        int total = plan.instanceCount();
        try {
            long[] sizes = new CorpusWriter(threadCount()).write(plan, out, n -> {
                if (!quiet && n < total) err.printf(Locale.ROOT, "  %d/%d files%n", n, total);
            });
            ManifestWriter.write(out.resolve(ManifestWriter.FILE_NAME), plan, sizes, Queries.of(plan));
            long bytes = 0;
            for (long s : sizes) bytes += s;
            double secs = (System.nanoTime() - start) / 1e9;
            outText.printf(Locale.ROOT, "%s in %.1f s%nmanifest: %s%n", describe(plan, bytes), secs,
                    out.resolve(ManifestWriter.FILE_NAME));
            return SenTools.OK;
        } catch (IOException | RuntimeException e) {
            err.println("sen synth: writing failed: " + e.getMessage());
            return SenTools.FAILED;
        }
    }

    /** The spec: the preset's values, overridden by the options given. */
    CorpusSpec spec() {
        Preset p = Preset.of(preset);
        int[] y = yearRange(years);
        boolean small = switch (pixels == null ? (p.smallPixels ? "small" : "full") : pixels.trim().toLowerCase(Locale.ROOT)) {
            case "small" -> true;
            case "full" -> false;
            default -> throw new IllegalArgumentException("--pixels is full or small, not " + pixels);
        };
        return new CorpusSpec(p.id(), seed, patients != null ? patients : p.patients,
                CorpusSpec.Range.parse(studies != null ? studies : p.studies),
                CorpusSpec.Range.parse(series != null ? series : p.series),
                CorpusSpec.Range.parse(instances != null ? instances : p.instances),
                CorpusSpec.Range.parse(frames != null ? frames : p.frames),
                CorpusSpec.parseMix(mix != null ? mix : p.mix),
                reports != null ? reports : p.reportRate, asciiNames, small, y[0], y[1]);
    }

    private static int[] yearRange(String s) {
        CorpusSpec.Range r;
        try {
            r = CorpusSpec.Range.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--years must be FROM-TO, e.g. 2015-2024");
        }
        return new int[] {r.min(), r.max()};
    }

    private int threadCount() {
        if (threads != null) return Math.max(1, threads);
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Creates the folder, or empties an earlier corpus when --force; refuses anything else. */
    private void prepare(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a folder");
        boolean empty;
        try (Stream<Path> s = Files.list(dir)) {
            empty = s.findAny().isEmpty();
        }
        if (empty) return;
        Path manifest = dir.resolve(ManifestWriter.FILE_NAME);
        if (!force) {
            throw new IllegalArgumentException(dir + " is not empty (use --force to replace an earlier corpus)");
        }
        if (!Files.isRegularFile(manifest)
                || !Files.readString(manifest, StandardCharsets.UTF_8).contains("\"generator\" : \"" + ManifestWriter.GENERATOR + "\"")) {
            throw new IllegalArgumentException(dir + " is not empty and holds no synth manifest.json: not replacing it");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                if (!p.equals(dir)) Files.delete(p);
            }
        }
    }

    private static long estimatedBytes(CorpusPlan plan) {
        long b = 0;
        for (Study st : plan.studies()) {
            for (Series se : st.series()) {
                for (Instance i : se.instances()) b += 2048 + CorpusPlan.pixelBytes(se, i);
            }
        }
        return b;
    }

    static String describe(CorpusPlan plan, long bytes) {
        StringBuilder kinds = new StringBuilder();
        java.util.Map<String, Integer> byModality = new java.util.TreeMap<>();
        for (Study st : plan.studies()) {
            for (Series se : st.series()) byModality.merge(se.kind().modality, se.instances().size(), Integer::sum);
        }
        byModality.forEach((m, n) -> kinds.append(kinds.isEmpty() ? "" : ", ").append(m).append(' ').append(n));
        return String.format(Locale.ROOT, "%d instances (%s) in %d series, %d studies, %d patients, %.2f GB",
                plan.instanceCount(), kinds, plan.seriesCount(), plan.studies().size(), plan.patients().size(),
                bytes / 1e9);
    }
}
