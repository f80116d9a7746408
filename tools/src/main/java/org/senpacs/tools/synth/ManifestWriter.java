package org.senpacs.tools.synth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.senpacs.dicom.DateTimes;
import org.senpacs.tools.synth.CorpusPlan.Instance;
import org.senpacs.tools.synth.CorpusPlan.Patient;
import org.senpacs.tools.synth.CorpusPlan.Series;
import org.senpacs.tools.synth.CorpusPlan.Study;
import org.senpacs.tools.synth.Queries.Query;

/**
 * Writes {@code manifest.json}: what the corpus holds, so tests and benchmarks know the expected
 * answers. Deterministic: the same plan gives the same bytes (no time stamps, no host names).
 *
 * <p>Layout: {@code totals} and {@code byModality} (counts and bytes), {@code patients},
 * {@code studies} (each with its series and their instances and files), {@code queries} (study-level
 * matching keys with the expected Study Instance UIDs) and {@code retrieveStudy} (the study the
 * benchmarks retrieve: the one with the most instances).
 */
final class ManifestWriter {

    static final String FILE_NAME = "manifest.json";
    static final String GENERATOR = "sen synth";
    static final int FORMAT_VERSION = 1;

    private ManifestWriter() {}

    static void write(Path file, CorpusPlan plan, long[] sizes, List<Query> queries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (JsonGenerator g = new JsonFactory().createGenerator(Files.newOutputStream(tmp), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            write(g, plan, sizes, queries);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void write(JsonGenerator g, CorpusPlan plan, long[] sizes, List<Query> queries) throws IOException {
        CorpusSpec spec = plan.spec();
        g.writeStartObject();
        g.writeStringField("generator", GENERATOR);
        g.writeNumberField("formatVersion", FORMAT_VERSION);
        g.writeStringField("preset", spec.preset());
        g.writeNumberField("seed", spec.seed());
        g.writeObjectFieldStart("options");
        g.writeNumberField("patients", spec.patients());
        g.writeStringField("studies", spec.studiesPerPatient().toString());
        g.writeStringField("series", spec.seriesPerStudy().toString());
        g.writeStringField("instances", spec.instancesPerSeries().toString());
        g.writeStringField("frames", spec.framesPerCine().toString());
        g.writeStringField("mix", CorpusSpec.formatMix(spec.mix()));
        g.writeNumberField("reports", spec.reportRate());
        g.writeNumberField("asciiNames", spec.asciiRate());
        g.writeStringField("pixels", spec.smallPixels() ? "small" : "full");
        g.writeStringField("years", spec.fromYear() + "-" + spec.toYear());
        g.writeEndObject();
        g.writeStringField("transferSyntax", CorpusWriter.TRANSFER_SYNTAX);
        g.writeStringField("specificCharacterSet", "ISO_IR 192 (objects of patients with an ASCII name: none)");

        long totalBytes = 0;
        for (long s : sizes) totalBytes += s;
        g.writeObjectFieldStart("totals");
        g.writeNumberField("patients", plan.patients().size());
        g.writeNumberField("studies", plan.studies().size());
        g.writeNumberField("series", plan.seriesCount());
        g.writeNumberField("instances", plan.instanceCount());
        g.writeNumberField("bytes", totalBytes);
        g.writeEndObject();

        writeByModality(g, plan, sizes);
        writePatients(g, plan);
        writeStudies(g, plan, sizes);
        writeQueries(g, queries);

        // The study the benchmarks retrieve: the one with the most instances (a typical CT), ties by bytes.
        Study biggest = null;
        long biggestBytes = -1;
        for (Study s : plan.studies()) {
            long b = studyBytes(s, sizes);
            if (biggest == null || s.instanceCount() > biggest.instanceCount()
                    || s.instanceCount() == biggest.instanceCount() && b > biggestBytes) {
                biggest = s;
                biggestBytes = b;
            }
        }
        g.writeObjectFieldStart("retrieveStudy");
        g.writeStringField("studyInstanceUID", biggest.uid());
        g.writeStringField("patientID", biggest.patient().id());
        g.writeStringField("accessionNumber", biggest.accession());
        g.writeNumberField("instances", biggest.instanceCount());
        g.writeNumberField("bytes", biggestBytes);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeByModality(JsonGenerator g, CorpusPlan plan, long[] sizes) throws IOException {
        Map<Kind, long[]> by = new EnumMap<>(Kind.class); // series, instances, bytes
        Map<Kind, java.util.Set<String>> studies = new EnumMap<>(Kind.class);
        for (Study st : plan.studies()) {
            for (Series se : st.series()) {
                long[] c = by.computeIfAbsent(se.kind(), k -> new long[3]);
                studies.computeIfAbsent(se.kind(), k -> new java.util.HashSet<>()).add(st.uid());
                c[0]++;
                for (Instance i : se.instances()) {
                    c[1]++;
                    c[2] += sizes[i.index()];
                }
            }
        }
        g.writeObjectFieldStart("byModality");
        for (Map.Entry<Kind, long[]> e : by.entrySet()) {
            g.writeObjectFieldStart(e.getKey().modality);
            g.writeNumberField("studies", studies.get(e.getKey()).size());
            g.writeNumberField("series", e.getValue()[0]);
            g.writeNumberField("instances", e.getValue()[1]);
            g.writeNumberField("bytes", e.getValue()[2]);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writePatients(JsonGenerator g, CorpusPlan plan) throws IOException {
        g.writeArrayFieldStart("patients");
        for (Patient p : plan.patients()) {
            g.writeStartObject();
            g.writeStringField("patientID", p.id());
            g.writeStringField("patientName", p.name());
            g.writeBooleanField("asciiName", p.ascii());
            g.writeStringField("birthDate", DateTimes.formatDate(p.birthDate()));
            g.writeStringField("sex", p.sex());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeStudies(JsonGenerator g, CorpusPlan plan, long[] sizes) throws IOException {
        g.writeArrayFieldStart("studies");
        for (Study s : plan.studies()) {
            g.writeStartObject();
            g.writeStringField("studyInstanceUID", s.uid());
            g.writeStringField("patientID", s.patient().id());
            g.writeStringField("patientName", s.patient().name());
            g.writeStringField("studyDate", DateTimes.formatDate(s.date()));
            g.writeStringField("studyTime", InstanceBuilder.tm(s.time()));
            g.writeStringField("accessionNumber", s.accession());
            g.writeStringField("studyID", s.studyId());
            g.writeStringField("studyDescription", s.description());
            g.writeStringField("referringPhysicianName", s.referringPhysician());
            g.writeStringField("bodyPartExamined", s.bodyPart());
            g.writeArrayFieldStart("modalitiesInStudy");
            for (String m : s.modalities()) g.writeString(m);
            g.writeEndArray();
            g.writeStringField("dir", s.dir());
            g.writeNumberField("seriesCount", s.series().size());
            g.writeNumberField("instanceCount", s.instanceCount());
            g.writeNumberField("bytes", studyBytes(s, sizes));
            g.writeArrayFieldStart("series");
            for (Series se : s.series()) {
                g.writeStartObject();
                g.writeStringField("seriesInstanceUID", se.uid());
                g.writeNumberField("seriesNumber", se.number());
                g.writeStringField("modality", se.kind().modality);
                g.writeStringField("sopClassUID", se.kind().sopClassUid);
                g.writeStringField("seriesDescription", se.description());
                g.writeStringField("dir", se.dir());
                g.writeArrayFieldStart("instances");
                for (Instance i : se.instances()) {
                    g.writeStartObject();
                    g.writeStringField("sopInstanceUID", i.uid());
                    g.writeNumberField("instanceNumber", i.number());
                    g.writeStringField("file", i.file());
                    g.writeNumberField("bytes", sizes[i.index()]);
                    if (i.frames() > 1) g.writeNumberField("frames", i.frames());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeQueries(JsonGenerator g, List<Query> queries) throws IOException {
        g.writeArrayFieldStart("queries");
        for (Query q : queries) {
            g.writeStartObject();
            g.writeStringField("id", q.id());
            g.writeStringField("description", q.description());
            g.writeStringField("level", "STUDY");
            g.writeObjectFieldStart("keys");
            for (Map.Entry<String, String> k : new java.util.TreeMap<>(q.keys()).entrySet()) {
                g.writeStringField(k.getKey(), k.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("count", q.expected().size());
            g.writeArrayFieldStart("expected");
            for (String uid : q.expected()) g.writeString(uid);
            g.writeEndArray();
            if (q.folded() != null) {
                g.writeNumberField("foldedCount", q.folded().size());
                g.writeArrayFieldStart("folded");
                for (String uid : q.folded()) g.writeString(uid);
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static long studyBytes(Study s, long[] sizes) {
        long b = 0;
        for (Series se : s.series()) for (Instance i : se.instances()) b += sizes[i.index()];
        return b;
    }
}
