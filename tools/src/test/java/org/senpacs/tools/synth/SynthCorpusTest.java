package org.senpacs.tools.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.tools.SenTools;

/** The {@code small} preset at full size, written once through the command line, then checked from every side. */
class SynthCorpusTest {

    @TempDir
    static Path tmp;

    static Path corpus;
    static JsonNode manifest;

    @BeforeAll
    static void writeCorpus() throws IOException {
        corpus = tmp.resolve("small");
        assertEquals(SenTools.OK, SenTools.run("synth", "--preset", "small", "--seed", "7", "--out", corpus.toString(), "-q"));
        manifest = new ObjectMapper().readTree(corpus.resolve("manifest.json").toFile());
    }

    @Test
    void manifestCountsMatchTheFiles() throws IOException {
        JsonNode totals = manifest.get("totals");
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
        }
        assertEquals(totals.get("instances").asInt(), files.size());
        long bytes = 0;
        for (Path f : files) bytes += Files.size(f);
        assertEquals(totals.get("bytes").asLong(), bytes);

        assertEquals(totals.get("patients").asInt(), manifest.get("patients").size());
        assertEquals(totals.get("studies").asInt(), manifest.get("studies").size());
        int series = 0;
        int instances = 0;
        Set<String> uids = new HashSet<>();
        for (JsonNode study : manifest.get("studies")) {
            int inStudy = 0;
            assertTrue(uids.add(study.get("studyInstanceUID").asText()));
            for (JsonNode se : study.get("series")) {
                series++;
                assertTrue(uids.add(se.get("seriesInstanceUID").asText()));
                for (JsonNode i : se.get("instances")) {
                    inStudy++;
                    assertTrue(uids.add(i.get("sopInstanceUID").asText()));
                    Path f = corpus.resolve(i.get("file").asText());
                    assertTrue(Files.isRegularFile(f), f.toString());
                    assertEquals(i.get("bytes").asLong(), Files.size(f));
                    assertTrue(f.startsWith(corpus.resolve(study.get("dir").asText())));
                }
            }
            assertEquals(study.get("instanceCount").asInt(), inStudy);
            assertEquals(study.get("seriesCount").asInt(), study.get("series").size());
        }
        assertEquals(totals.get("series").asInt(), series);
        assertEquals(totals.get("instances").asInt(), instances(manifest));
        int byModality = 0;
        for (JsonNode m : manifest.get("byModality")) byModality += m.get("instances").asInt();
        assertEquals(totals.get("instances").asInt(), byModality);
        // The small preset holds every kind of object.
        for (String m : List.of("CT", "MR", "CR", "DX", "US", "SR")) {
            assertTrue(manifest.get("byModality").has(m), "no " + m + " in the small preset");
        }
        JsonNode retrieve = manifest.get("retrieveStudy");
        assertTrue(retrieve.get("instances").asInt() > 0);
    }

    private static int instances(JsonNode manifest) {
        int n = 0;
        for (JsonNode study : manifest.get("studies")) for (JsonNode se : study.get("series")) n += se.get("instances").size();
        return n;
    }

    @Test
    void everyFileIsReadableByOurReaderAndMatchesTheManifest() throws IOException {
        DataSetReader reader = new DataSetReader();
        for (JsonNode study : manifest.get("studies")) {
            for (JsonNode se : study.get("series")) {
                for (JsonNode i : se.get("instances")) {
                    DicomFile f = reader.read(corpus.resolve(i.get("file").asText()));
                    DataSet ds = f.dataSet();
                    assertEquals(UID.ExplicitVRLittleEndian, f.fileMetaInformation().getString(Tag.TransferSyntaxUID));
                    assertEquals(i.get("sopInstanceUID").asText(), ds.getString(Tag.SOPInstanceUID));
                    assertEquals(i.get("sopInstanceUID").asText(),
                            f.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID));
                    assertEquals(se.get("sopClassUID").asText(), ds.getString(Tag.SOPClassUID));
                    assertEquals(se.get("seriesInstanceUID").asText(), ds.getString(Tag.SeriesInstanceUID));
                    assertEquals(study.get("studyInstanceUID").asText(), ds.getString(Tag.StudyInstanceUID));
                    assertEquals(study.get("accessionNumber").asText(), ds.getString(Tag.AccessionNumber));
                    assertEquals(study.get("studyDate").asText(), ds.getString(Tag.StudyDate));
                    assertEquals(se.get("modality").asText(), ds.getString(Tag.Modality));
                    checkValueLengths(ds, i.get("file").asText());
                    if (!"SR".equals(se.get("modality").asText())) checkPixels(ds, i);
                }
            }
        }
    }

    /** Pixel Data has the size the image attributes say, and is noise, not a constant. */
    private static void checkPixels(DataSet ds, JsonNode instance) {
        byte[] px = ds.getBytes(Tag.PixelData);
        assertNotNull(px);
        int frames = ds.getInt(Tag.NumberOfFrames, 1);
        assertEquals(instance.has("frames") ? instance.get("frames").asInt() : 1, frames);
        long expected = (long) ds.getInt(Tag.Rows, 0) * ds.getInt(Tag.Columns, 0) * ds.getInt(Tag.SamplesPerPixel, 0)
                * (ds.getInt(Tag.BitsAllocated, 0) / 8) * frames;
        assertEquals(expected, px.length);
        int maxStored = (1 << ds.getInt(Tag.BitsStored, 16)) - 1;
        Set<Integer> distinct = new HashSet<>();
        if (ds.getInt(Tag.BitsAllocated, 0) == 16) {
            for (int k = 0; k < px.length; k += 2) {
                int v = (px[k] & 0xFF) | (px[k + 1] & 0xFF) << 8;
                assertTrue(v <= maxStored, "pixel above Bits Stored");
                distinct.add(v);
            }
        } else {
            for (byte b : px) distinct.add(b & 0xFF);
        }
        assertTrue(distinct.size() > 50, "pixel data looks flat: " + distinct.size() + " distinct values");
    }

    /** Text values fit their VR's maximum, counted in bytes (the strict reading of PS3.5 for UTF-8). */
    private static void checkValueLengths(DataSet ds, String file) {
        Map<VR, Integer> max = Map.of(VR.SH, 16, VR.LO, 64, VR.PN, 64, VR.CS, 16, VR.DS, 16, VR.IS, 12, VR.AE, 16);
        for (int k = 0; k < ds.size(); k++) {
            VR vr = ds.vrAt(k);
            Integer limit = max.get(vr);
            if (limit == null) continue;
            for (String v : ds.getStrings(ds.tagAt(k))) {
                int len = v.getBytes(StandardCharsets.UTF_8).length;
                assertTrue(len <= limit, file + ": " + vr + " value too long (" + len + " bytes): " + v);
            }
        }
    }

    @Test
    void vietnameseNamesRoundTripInUtf8() throws IOException {
        Map<String, JsonNode> patients = new HashMap<>();
        for (JsonNode p : manifest.get("patients")) patients.put(p.get("patientID").asText(), p);
        boolean sawDiacritics = false;
        boolean sawD = false;
        boolean sawAscii = false;
        DataSetReader reader = new DataSetReader();
        for (JsonNode study : manifest.get("studies")) {
            JsonNode first = study.get("series").get(0).get("instances").get(0);
            DataSet ds = reader.read(corpus.resolve(first.get("file").asText())).dataSet();
            JsonNode patient = patients.get(study.get("patientID").asText());
            String name = patient.get("patientName").asText();
            assertEquals(name, ds.getString(Tag.PatientName));
            assertEquals(study.get("studyDescription").asText(), ds.getString(Tag.StudyDescription));
            assertEquals(study.get("referringPhysicianName").asText(), ds.getString(Tag.ReferringPhysicianName));
            byte[] raw = ds.getBytes(Tag.PatientName);
            String rawText = new String(raw, StandardCharsets.UTF_8).stripTrailing();
            if (patient.get("asciiName").asBoolean()) {
                sawAscii = true;
                assertNull(ds.getString(Tag.SpecificCharacterSet), "an ASCII object carries no Specific Character Set");
                for (byte b : raw) assertTrue(b > 0, "non-ASCII byte in an ASCII name");
                assertEquals(name, rawText);
            } else {
                assertEquals("ISO_IR 192", ds.getString(Tag.SpecificCharacterSet));
                assertEquals(name, rawText, "Patient's Name is not stored as UTF-8");
                assertEquals(Normalizer.normalize(name, Normalizer.Form.NFC), name, "names are NFC");
                if (!name.equals(Names.fold(name))) sawDiacritics = true;
                if (name.indexOf('Đ') >= 0) sawD = true;
            }
        }
        assertTrue(sawDiacritics && sawD && sawAscii, "the corpus must hold diacritics, Đ and ASCII names");
    }

    @Test
    void queryAnswersMatchWhatTheFilesSay() throws IOException {
        // Re-derive every study's attributes from its files, then evaluate each query independently.
        record StudyAttrs(String name, String date, String accession, String patientId, Set<String> modalities) {}
        Map<String, StudyAttrs> byUid = new HashMap<>();
        DataSetReader reader = new DataSetReader();
        for (JsonNode study : manifest.get("studies")) {
            Set<String> modalities = new LinkedHashSet<>();
            DataSet ds = null;
            for (JsonNode se : study.get("series")) {
                ds = reader.read(corpus.resolve(se.get("instances").get(0).get("file").asText())).dataSet();
                modalities.add(ds.getString(Tag.Modality));
            }
            byUid.put(ds.getString(Tag.StudyInstanceUID), new StudyAttrs(ds.getString(Tag.PatientName),
                    ds.getString(Tag.StudyDate), ds.getString(Tag.AccessionNumber), ds.getString(Tag.PatientID),
                    modalities));
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode q : manifest.get("queries")) {
            ids.add(q.get("id").asText());
            for (boolean folded : new boolean[] {false, true}) {
                List<String> answer = new ArrayList<>();
                for (JsonNode study : manifest.get("studies")) {
                    String uid = study.get("studyInstanceUID").asText();
                    StudyAttrs a = byUid.get(uid);
                    boolean match = true;
                    for (Map.Entry<String, JsonNode> k : q.get("keys").properties()) {
                        String v = k.getValue().asText();
                        match &= switch (k.getKey()) {
                            case "PatientName" -> folded ? nameMatches(fold(v), fold(a.name())) : nameMatches(v, a.name());
                            case "StudyDate" -> a.date().compareTo(v.substring(0, 8)) >= 0 && a.date().compareTo(v.substring(9)) <= 0;
                            case "AccessionNumber" -> v.equals(a.accession());
                            case "PatientID" -> v.equals(a.patientId());
                            case "ModalitiesInStudy" -> a.modalities().contains(v);
                            default -> throw new AssertionError("unexpected key " + k.getKey());
                        };
                    }
                    if (match) answer.add(uid);
                }
                JsonNode expected = folded && q.has("folded") ? q.get("folded") : q.get("expected");
                List<String> want = new ArrayList<>();
                expected.forEach(n -> want.add(n.asText()));
                assertEquals(want, answer, q.get("id").asText() + (folded ? " (folded)" : ""));
            }
            assertEquals(q.get("count").asInt(), q.get("expected").size());
        }
        for (String id : List.of("pn-vi-wildcard", "pn-vi-dd", "pn-ascii-wildcard", "date-range", "accession")) {
            assertTrue(ids.contains(id), "missing query " + id);
        }
        for (JsonNode q : manifest.get("queries")) {
            assertFalse(q.get("expected").isEmpty(), q.get("id").asText() + " matches nothing");
        }
    }

    /** Trailing-* wildcard or exact: the only forms the manifest uses. */
    private static boolean nameMatches(String pattern, String value) {
        assertFalse(pattern.indexOf('?') >= 0 || pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1);
        return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1)) : value.equals(pattern);
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{InCombiningDiacriticalMarks}", "")
                .replace("Đ", "D").replace("đ", "d").toUpperCase(Locale.ROOT);
    }

    @Test
    void dcmdumpReportsNoErrorOrWarning() throws Exception {
        Assumptions.assumeTrue(dcmdumpInstalled(), "dcmdump (dcmtk) is not installed");
        Map<String, List<String>> byModality = new HashMap<>();
        for (JsonNode study : manifest.get("studies")) {
            for (JsonNode se : study.get("series")) {
                List<String> files = byModality.computeIfAbsent(se.get("modality").asText(), m -> new ArrayList<>());
                for (JsonNode i : se.get("instances")) if (files.size() < 3) files.add(i.get("file").asText());
            }
        }
        assertEquals(6, byModality.size());
        for (List<String> files : byModality.values()) {
            for (String file : files) {
                Process p = new ProcessBuilder("dcmdump", "+E", corpus.resolve(file).toString())
                        .redirectErrorStream(true).start();
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), file + ":\n" + out);
                for (String line : out.split("\n")) {
                    assertFalse(line.startsWith("E:") || line.startsWith("W:"), file + ": " + line);
                }
                assertTrue(out.contains("(0010,0010) PN"), file + ": no Patient's Name in the dump");
            }
        }
    }

    static boolean dcmdumpInstalled() {
        try {
            Process p = new ProcessBuilder("dcmdump", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
