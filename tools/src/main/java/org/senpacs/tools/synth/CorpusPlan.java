package org.senpacs.tools.synth;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Every patient, study, series and instance of a corpus, decided up front from the seed, before
 * any file is written. Writing then only turns each instance into bytes, in any order, on any
 * thread, and always gives the same bytes.
 */
record CorpusPlan(CorpusSpec spec, List<Patient> patients, List<Study> studies) {

    static final String INSTITUTION_VI = "BỆNH VIỆN ĐA KHOA SEN";
    static final String INSTITUTION_ASCII = "SEN GENERAL HOSPITAL";

    /** A patient. {@code ascii}: registered without diacritics, its objects carry no Specific Character Set. */
    record Patient(int index, String id, String name, boolean ascii, LocalDate birthDate, String sex) {}

    record Study(int index, Patient patient, Kind kind, String uid, LocalDate date, LocalTime time, String accession,
            String studyId, String description, String bodyPart, String referringPhysician, String institution,
            String frameOfReferenceUid, String dir, List<Series> series) {

        /** Modalities in Study: each series' modality once, in series order. */
        List<String> modalities() {
            Set<String> m = new LinkedHashSet<>();
            for (Series s : series) m.add(s.kind().modality);
            return List.copyOf(m);
        }

        int instanceCount() {
            int n = 0;
            for (Series s : series) n += s.instances().size();
            return n;
        }

        boolean ascii() {
            return patient.ascii();
        }
    }

    record Series(String uid, int number, Kind kind, String description, String dir, int rows, int columns,
            LocalTime time, List<Instance> instances) {}

    /**
     * One object. {@code index} counts instances over the whole corpus; {@code pixelSeed} seeds its
     * pixel noise; {@code file} is its path under the corpus folder, with '/' separators.
     */
    record Instance(int index, String uid, int number, String file, int frames, long pixelSeed) {}

    int instanceCount() {
        int n = 0;
        for (Study s : studies) n += s.instanceCount();
        return n;
    }

    int seriesCount() {
        int n = 0;
        for (Study s : studies) n += s.series().size();
        return n;
    }

    /** Bytes of pixel data of one instance of a series. */
    static long pixelBytes(Series s, Instance i) {
        Kind k = s.kind();
        return (long) s.rows() * s.columns() * k.samplesPerPixel * (k.bitsAllocated / 8) * i.frames();
    }

    // ------------------------------------------------------------------ planning

    static CorpusPlan of(CorpusSpec spec) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        List<Patient> patients = planPatients(spec, rnd);

        int[] studyCounts = new int[patients.size()];
        int totalStudies = 0;
        for (int p = 0; p < patients.size(); p++) {
            studyCounts[p] = spec.studiesPerPatient().pick(rnd);
            totalStudies += studyCounts[p];
        }
        List<Kind> kinds = apportion(spec.mix(), totalStudies, rnd);

        List<String> physicians = new ArrayList<>();
        for (int i = 0; i < 12; i++) physicians.add(Names.physician(rnd, false));

        List<Study> studies = new ArrayList<>(totalStudies);
        int[] instanceIndex = {0};
        for (Patient patient : patients) {
            for (int s = 0; s < studyCounts[patient.index()]; s++) {
                int index = studies.size();
                studies.add(planStudy(spec, rnd, index, patient, kinds.get(index), physicians, instanceIndex));
            }
        }
        return new CorpusPlan(spec, List.copyOf(patients), List.copyOf(studies));
    }

    private static List<Patient> planPatients(CorpusSpec spec, SplittableRandom rnd) {
        List<Patient> patients = new ArrayList<>(spec.patients());
        Set<String> ids = new java.util.HashSet<>();
        LocalDate oldest = LocalDate.of(1930, 1, 1);
        LocalDate youngest = LocalDate.of(spec.fromYear() - 1, 12, 31);
        int span = (int) (youngest.toEpochDay() - oldest.toEpochDay());
        for (int i = 0; i < spec.patients(); i++) {
            int r = rnd.nextInt(1000);
            String sex = r < 495 ? "M" : r < 990 ? "F" : "O";
            String nameSex = "O".equals(sex) ? "F" : sex;
            // A few fixed roles keep every corpus of three patients or more useful to the query tests:
            // patient 0 has diacritics, patient 1 an ASCII name, patient 2 a family name with Đ.
            boolean ascii = switch (i) {
                case 0 -> spec.asciiRate() >= 1.0;
                case 1 -> spec.asciiRate() > 0;
                case 2 -> spec.asciiRate() >= 1.0;
                default -> rnd.nextDouble() < spec.asciiRate();
            };
            String name;
            if (ascii) {
                name = i == 1 ? Names.fold(Names.vietnamese(rnd, nameSex)) : Names.ascii(rnd, nameSex);
            } else if (i == 2) {
                name = Names.vietnamese(rnd, nameSex, Names.familyWithD(rnd));
            } else {
                name = Names.vietnamese(rnd, nameSex);
            }
            String id;
            do {
                id = "BN" + (10_000_000 + rnd.nextInt(90_000_000));
            } while (!ids.add(id));
            LocalDate birth = oldest.plusDays(rnd.nextInt(span + 1));
            patients.add(new Patient(i, id, name, ascii, birth, sex));
        }
        return patients;
    }

    /** The kind of each study: counts in proportion to the weights (largest remainder), then shuffled. */
    static List<Kind> apportion(Map<Kind, Integer> mix, int total, SplittableRandom rnd) {
        int weightSum = 0;
        for (int w : mix.values()) weightSum += w;
        List<Kind> kinds = new ArrayList<>(total);
        List<Kind> order = new ArrayList<>(mix.keySet());
        double[] remainder = new double[order.size()];
        for (int i = 0; i < order.size(); i++) {
            double exact = (double) total * mix.get(order.get(i)) / weightSum;
            int n = (int) Math.floor(exact);
            remainder[i] = exact - n;
            for (int k = 0; k < n; k++) kinds.add(order.get(i));
        }
        while (kinds.size() < total) {
            int best = 0;
            for (int i = 1; i < remainder.length; i++) if (remainder[i] > remainder[best]) best = i;
            kinds.add(order.get(best));
            remainder[best] = -1;
        }
        // Fisher-Yates with the seeded source.
        for (int i = kinds.size() - 1; i > 0; i--) Collections.swap(kinds, i, rnd.nextInt(i + 1));
        return kinds;
    }

    private static Study planStudy(CorpusSpec spec, SplittableRandom rnd, int index, Patient patient, Kind kind,
            List<String> physicians, int[] instanceIndex) {
        LocalDate first = LocalDate.of(spec.fromYear(), 1, 1);
        LocalDate last = LocalDate.of(spec.toYear(), 12, 31);
        LocalDate date = first.plusDays(rnd.nextInt((int) (last.toEpochDay() - first.toEpochDay()) + 1));
        LocalTime time = LocalTime.of(7 + rnd.nextInt(12), rnd.nextInt(60), rnd.nextInt(60));
        Kind.Procedure procedure = Names.pick(rnd, kind.procedures());
        String accession = String.format(Locale.ROOT, "%s%02d%02d%02d%04d", kind.modality, date.getYear() % 100,
                date.getMonthValue(), date.getDayOfMonth(), index + 1);
        String physician = Names.pick(rnd, physicians);
        boolean ascii = patient.ascii();
        String dir = patient.id() + "/" + accession;

        List<Series> series = new ArrayList<>();
        int seriesCount;
        int[] perSeries;
        switch (kind) {
            case CT, MR -> {
                seriesCount = Math.min(spec.seriesPerStudy().pick(rnd), kind.seriesDescriptions().size());
                perSeries = new int[seriesCount];
                for (int s = 0; s < seriesCount; s++) perSeries[s] = spec.instancesPerSeries().pick(rnd);
            }
            case CR, DX -> {
                seriesCount = 1 + rnd.nextInt(2);
                perSeries = new int[seriesCount];
                for (int s = 0; s < seriesCount; s++) perSeries[s] = 1 + rnd.nextInt(2);
            }
            case US -> perSeries = new int[] {1 + rnd.nextInt(4)};
            case SR -> perSeries = new int[] {1};
            default -> throw new IllegalStateException();
        }
        LocalTime seriesTime = time;
        for (int s = 0; s < perSeries.length; s++) {
            seriesTime = seriesTime.plusSeconds(30 + rnd.nextInt(240));
            String description = kind.seriesDescriptions().get(s);
            series.add(planSeries(spec, rnd, kind, s + 1, ascii ? Names.fold(description) : description, dir,
                    seriesTime, perSeries[s], instanceIndex));
        }
        if (kind != Kind.SR && rnd.nextDouble() < spec.reportRate()) {
            seriesTime = seriesTime.plusSeconds(600 + rnd.nextInt(3600));
            String description = Kind.SR.seriesDescriptions().get(0);
            series.add(planSeries(spec, rnd, Kind.SR, series.size() + 1, ascii ? Names.fold(description) : description,
                    dir, seriesTime, 1, instanceIndex));
        }
        return new Study(index, patient, kind, Uids.next(rnd), date, time, accession, Integer.toString(1000 + index),
                ascii ? procedure.english() : procedure.vietnamese(), procedure.bodyPart(),
                ascii ? Names.fold(physician) : physician, ascii ? INSTITUTION_ASCII : INSTITUTION_VI,
                Uids.next(rnd), dir, List.copyOf(series));
    }

    private static Series planSeries(CorpusSpec spec, SplittableRandom rnd, Kind kind, int number, String description,
            String studyDir, LocalTime time, int count, int[] instanceIndex) {
        String dir = studyDir + "/" + String.format(Locale.ROOT, "S%02d_%s", number, kind.modality);
        String uid = Uids.next(rnd);
        List<Instance> instances = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int frames = kind == Kind.US ? spec.framesPerCine().pick(rnd) : kind.hasPixels() ? 1 : 0;
            String file = dir + "/" + String.format(Locale.ROOT, "I%04d.dcm", i);
            instances.add(new Instance(instanceIndex[0]++, Uids.next(rnd), i, file, frames, rnd.nextLong()));
        }
        return new Series(uid, number, kind, description, dir, spec.rows(kind), spec.columns(kind), time,
                List.copyOf(instances));
    }
}
