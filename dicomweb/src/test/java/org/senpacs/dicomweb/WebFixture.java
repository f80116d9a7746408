package org.senpacs.dicomweb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetWriter;

/**
 * An archive on H2 in a temp folder with a DICOMweb server on a free port, a small corpus of CT
 * and MR images with Vietnamese names, and two independent clients: curl and java.net.http.
 */
final class WebFixture implements AutoCloseable {

    /** One test image. */
    record Spec(String patientId, String patientName, String studyUid, String studyDate, String modality, String seriesUid,
                String sopUid, int instanceNumber, int frames, String transferSyntax) {}

    static final List<Spec> CORPUS = List.of(
            new Spec("BN001", "NGUYỄN^VĂN AN", "2.25.1001", "20230115", "CT", "2.25.1001.1", "2.25.1001.1.1", 1, 1, UID.ExplicitVRLittleEndian),
            new Spec("BN001", "NGUYỄN^VĂN AN", "2.25.1001", "20230115", "CT", "2.25.1001.1", "2.25.1001.1.2", 2, 1, UID.ExplicitVRLittleEndian),
            new Spec("BN001", "NGUYỄN^VĂN AN", "2.25.1001", "20230115", "CT", "2.25.1001.1", "2.25.1001.1.3", 3, 1, UID.ExplicitVRLittleEndian),
            new Spec("BN001", "NGUYỄN^VĂN AN", "2.25.1001", "20230115", "CT", "2.25.1001.2", "2.25.1001.2.1", 1, 3, UID.ExplicitVRLittleEndian),
            new Spec("BN002", "NGUYỄN^THỊ BÍCH", "2.25.1002", "20240220", "MR", "2.25.1002.1", "2.25.1002.1.1", 1, 1, UID.ImplicitVRLittleEndian),
            new Spec("BN002", "NGUYỄN^THỊ BÍCH", "2.25.1002", "20240220", "MR", "2.25.1002.1", "2.25.1002.1.2", 2, 1, UID.ImplicitVRLittleEndian),
            new Spec("BN003", "NGUYEN^VAN BINH", "2.25.1003", "20220610", "CT", "2.25.1003.1", "2.25.1003.1.1", 1, 1, UID.ExplicitVRLittleEndian),
            new Spec("BN004", "TRẦN^VĂN CƯỜNG", "2.25.1004", "20240301", "CT", "2.25.1004.1", "2.25.1004.1.1", 1, 1, UID.DeflatedExplicitVRLittleEndian));

    final Path dir;
    final Archive archive;
    final DicomWebServer server;
    final String base;
    final HttpClient http = HttpClient.newHttpClient();

    WebFixture(Path dir) throws Exception {
        this(dir, ArchivePolicy.DEFAULT);
    }

    WebFixture(Path dir, ArchivePolicy policy) throws Exception {
        this.dir = dir;
        archive = Archive.open(new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false,
                policy, Map.of()));
        server = new DicomWebServer(archive, DicomWebOptions.DEFAULT.withBind("127.0.0.1", 0).withMaxPartSize(1 << 20)
                .withTempDir(dir.resolve("tmp")));
        base = "http://127.0.0.1:" + server.port() + DicomWebServer.BASE_PATH;
        for (Spec s : CORPUS) store(s);
    }

    @Override
    public void close() throws Exception {
        server.close();
        archive.close();
    }

    static DataSet image(Spec s) {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        ds.setString(Tag.SOPClassUID, VR.UI, s.modality().equals("MR") ? UID.MRImageStorage : UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, s.sopUid());
        ds.setString(Tag.StudyDate, VR.DA, s.studyDate());
        ds.setString(Tag.StudyTime, VR.TM, "101500");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC" + s.patientId());
        ds.setString(Tag.Modality, VR.CS, s.modality());
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "ĐẶNG^VĂN ĐỨC");
        ds.setString(Tag.StudyDescription, VR.LO, "Chụp " + s.modality() + " ngực");
        ds.setString(Tag.PatientName, VR.PN, s.patientName());
        ds.setString(Tag.PatientID, VR.LO, s.patientId());
        ds.setString(Tag.PatientBirthDate, VR.DA, "19800101");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, s.studyUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, s.seriesUid());
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setString(Tag.SeriesNumber, VR.IS, s.seriesUid().substring(s.seriesUid().lastIndexOf('.') + 1));
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(s.instanceNumber()));
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        if (s.frames() > 1) ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(s.frames()));
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setBytes(Tag.PixelData, VR.OW, pixels(s));
        return ds;
    }

    static byte[] pixels(Spec s) {
        byte[] px = new byte[4 * 4 * 2 * s.frames()];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 7 + s.instanceNumber() + s.sopUid().hashCode());
        return px;
    }

    void store(Spec s) throws Exception {
        DataSet ds = image(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(out, ds, TransferSyntax.of(s.transferSyntax()));
        archive.store().store(RequestOrigin.local("test"), ds.getString(Tag.SOPClassUID), s.sopUid(), s.transferSyntax(),
                new java.io.ByteArrayInputStream(out.toByteArray()));
    }

    /** Stores a data set (its SOP Class and Instance UIDs from the data set) in a transfer syntax. */
    void store(DataSet ds, String transferSyntax) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(out, ds, TransferSyntax.of(transferSyntax));
        archive.store().store(RequestOrigin.local("test"), ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID),
                transferSyntax, new java.io.ByteArrayInputStream(out.toByteArray()));
    }

    /** A Part 10 file of a spec, as bytes. */
    static byte[] part10(Spec s) throws IOException {
        DataSet ds = image(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeFile(out, DataSetWriter.fileMetaInformation(ds, s.transferSyntax()), ds);
        return out.toByteArray();
    }

    /** The stored Part 10 file of an instance, as the archive holds it. */
    byte[] storedFile(String studyUid, String sopUid) throws Exception {
        DataSet keys = new DataSet();
        keys.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        keys.setString(Tag.SOPInstanceUID, VR.UI, sopUid);
        Item item = archive.retrieve().locate(Level.IMAGE, keys).get(0);
        try (InputStream in = archive.retrieve().openFile(item)) {
            return in.readAllBytes();
        }
    }

    /** How many instances the archive holds. */
    int instanceCount() throws Exception {
        DataSet keys = new DataSet();
        keys.setEmpty(Tag.SOPInstanceUID, VR.UI);
        return archive.query().query(new org.senpacs.archive.query.QueryService.Query(RequestOrigin.local("test"), Level.IMAGE,
                keys, false, 0, 0), m -> true).matches();
    }

    // ---- clients

    /** An answer: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Runs /usr/bin/curl with the arguments (the URL among them) and returns what it got. */
    Answer curl(String... args) throws Exception {
        Path headers = Files.createTempFile(dir, "h", ".txt");
        Path body = Files.createTempFile(dir, "b", ".bin");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-g", "-D", headers.toString(), "-o", body.toString(),
                "-w", "%{http_code}"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("curl failed: " + err + " " + cmd);
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (String line : Files.readAllLines(headers, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("HTTP/")) h.clear();
            int colon = line.indexOf(':');
            if (colon > 0) h.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(code), h, Files.readAllBytes(body));
    }

    Answer get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), lower(r.headers().map()), r.body());
    }

    Answer post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest rq = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> r = http.send(rq, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), lower(r.headers().map()), r.body());
    }

    private static Map<String, List<String>> lower(Map<String, List<String>> m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    // ---- multipart, parsed independently of the server's reader

    record Part(Map<String, String> headers, byte[] body) {}

    static List<Part> parseMultipart(String contentType, byte[] body) {
        String boundary = null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) boundary = t.substring(9).replace("\"", "");
        }
        if (boundary == null) throw new AssertionError("no boundary in " + contentType);
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i + delim.length <= body.length; i++) {
            if (Arrays.equals(body, i, i + delim.length, delim, 0, delim.length)) at.add(i);
        }
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k + 1 < at.size(); k++) {
            int start = at.get(k) + delim.length + 2; // CRLF after the boundary
            int end = at.get(k + 1) - 2; // CRLF before the next
            int headerEnd = start;
            while (!(body[headerEnd] == '\r' && body[headerEnd + 1] == '\n' && body[headerEnd + 2] == '\r' && body[headerEnd + 3] == '\n')) headerEnd++;
            Map<String, String> h = new LinkedHashMap<>();
            for (String line : new String(body, start, headerEnd - start, StandardCharsets.ISO_8859_1).split("\r\n")) {
                int c = line.indexOf(':');
                h.put(line.substring(0, c).trim().toLowerCase(Locale.ROOT), line.substring(c + 1).trim());
            }
            parts.add(new Part(h, Arrays.copyOfRange(body, headerEnd + 4, end)));
        }
        return parts;
    }

    /** A multipart/related body of application/dicom parts. */
    static byte[] multipart(String boundary, byte[]... files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : files) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(f);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
