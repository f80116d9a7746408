package org.senpacs.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An archive on H2 in a temp folder holding a few images with Vietnamese names, the viewer launch
 * endpoints on a free port, and a java.net.http client that does not follow redirects.
 */
final class ViewerFixture implements AutoCloseable {

    record Spec(String patientId, String issuer, String patientName, String studyUid, String studyDate, String accession,
                String modality, String seriesUid, String sopUid, int instanceNumber) {}

    static final String WADO = "http://pacs.example/dicom-web/wado";
    static final String DICOMWEB = "http://pacs.example/dicom-web";
    static final byte[] KEY = "sen-viewer-test-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static final List<Spec> CORPUS = List.of(
            new Spec("BN001", "BVBM", "NGUYỄN^VĂN AN", "2.25.2001", "20230115", "ACC2001", "CT", "2.25.2001.1", "2.25.2001.1.1", 1),
            new Spec("BN001", "BVBM", "NGUYỄN^VĂN AN", "2.25.2001", "20230115", "ACC2001", "CT", "2.25.2001.1", "2.25.2001.1.2", 2),
            new Spec("BN001", "BVBM", "NGUYỄN^VĂN AN", "2.25.2001", "20230115", "ACC2001", "CT", "2.25.2001.1", "2.25.2001.1.3", 3),
            new Spec("BN001", "BVBM", "NGUYỄN^VĂN AN", "2.25.2001", "20230115", "ACC2001", "CT", "2.25.2001.2", "2.25.2001.2.1", 1),
            new Spec("BN001", "BVBM", "NGUYỄN^VĂN AN", "2.25.2002", "20240220", "ACC2002", "MR", "2.25.2002.1", "2.25.2002.1.1", 1),
            new Spec("BN001", "BVBM", "NGUYỄN^VĂN AN", "2.25.2002", "20240220", "ACC2002", "MR", "2.25.2002.1", "2.25.2002.1.2", 2),
            new Spec("BN002", "BVBM", "TRẦN^THỊ BÍCH", "2.25.2003", "20240301", "ACC2003", "CT", "2.25.2003.1", "2.25.2003.1.1", 1));

    final Archive archive;
    final ViewerServer server;
    final String base;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    ViewerFixture(Path dir) throws Exception {
        archive = Archive.open(new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false,
                ArchivePolicy.DEFAULT, Map.of()));
        for (Spec s : CORPUS) store(s);
        ViewerOptions options = ViewerOptions.of(WADO, DICOMWEB).withTokenKey(KEY);
        server = new ViewerServer(archive.query(), options, "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
        archive.close();
    }

    static List<String> sopUids(String studyUid) {
        List<String> out = new ArrayList<>();
        for (Spec s : CORPUS) if (s.studyUid().equals(studyUid)) out.add(s.sopUid());
        return out;
    }

    private void store(Spec s) throws Exception {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        ds.setString(Tag.SOPClassUID, VR.UI, s.modality().equals("MR") ? UID.MRImageStorage : UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, s.sopUid());
        ds.setString(Tag.StudyDate, VR.DA, s.studyDate());
        ds.setString(Tag.StudyTime, VR.TM, "101500");
        ds.setString(Tag.AccessionNumber, VR.SH, s.accession());
        ds.setString(Tag.Modality, VR.CS, s.modality());
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "ĐẶNG^VĂN ĐỨC");
        ds.setString(Tag.StudyDescription, VR.LO, "Chụp " + s.modality() + " ngực");
        ds.setString(Tag.SeriesDescription, VR.LO, "Lát cắt " + s.seriesUid().substring(s.seriesUid().lastIndexOf('.') + 1));
        ds.setString(Tag.PatientName, VR.PN, s.patientName());
        ds.setString(Tag.PatientID, VR.LO, s.patientId());
        ds.setString(Tag.IssuerOfPatientID, VR.LO, s.issuer());
        ds.setString(Tag.PatientBirthDate, VR.DA, "19800101");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, s.studyUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, s.seriesUid());
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setString(Tag.SeriesNumber, VR.IS, s.seriesUid().substring(s.seriesUid().lastIndexOf('.') + 1));
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(s.instanceNumber()));
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[32]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(out, ds, TransferSyntax.of(UID.ExplicitVRLittleEndian));
        archive.store().store(RequestOrigin.local("test"), ds.getString(Tag.SOPClassUID), s.sopUid(), UID.ExplicitVRLittleEndian,
                new ByteArrayInputStream(out.toByteArray()));
    }

    // ---- client

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
        return getUrl(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery, headers);
    }

    HttpResponse<byte[]> getUrl(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The Weasis command of a launch answer: 302 to weasis://, the rest percent-decoded. */
    static String weasisCommand(HttpResponse<byte[]> launch) {
        assertEquals(302, launch.statusCode(), () -> new String(launch.body(), StandardCharsets.UTF_8));
        String location = launch.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("weasis://"), location);
        String encoded = location.substring("weasis://".length());
        assertTrue(encoded.matches("[A-Za-z0-9%._~*-]*"), "the whole command is percent-encoded: " + encoded);
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    /** The manifest URL of a {@code $dicom:get -w "…"} command. */
    static String manifestUrl(String command) {
        assertTrue(command.startsWith("$dicom:get -w \"") && command.endsWith("\""), command);
        return command.substring("$dicom:get -w \"".length(), command.length() - 1);
    }

    /** Launches {@code /viewer/weasis?…} (or any launch path), fetches the manifest, validates it and parses it. */
    Document launchAndFetch(String launchPathAndQuery) throws Exception {
        String url = manifestUrl(weasisCommand(get(launchPathAndQuery)));
        HttpResponse<byte[]> r = getUrl(url);
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return parseValid(r.body());
    }

    /**
     * Validates a manifest against the published Weasis 2.5 schema and parses it. The schema
     * does not know arcQuery's "additionalParameters" (the spelling newer Weasis reads): it must
     * equal "additionnalParameters" and is removed from a copy before validating.
     */
    static Document parseValid(byte[] xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        Document copy = (Document) doc.cloneNode(true);
        NodeList arcs = copy.getElementsByTagNameNS(ManifestWriter.NAMESPACE, "arcQuery");
        for (int i = 0; i < arcs.getLength(); i++) {
            Element arc = (Element) arcs.item(i);
            assertEquals(arc.getAttribute("additionnalParameters"), arc.getAttribute("additionalParameters"),
                    "both spellings of the additional parameters carry the same value");
            arc.removeAttribute("additionalParameters");
        }
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        var schema = sf.newSchema(new StreamSource(ViewerFixture.class.getResource("/weasis-manifest-2.5.xsd").toString()));
        schema.newValidator().validate(new javax.xml.transform.dom.DOMSource(copy));
        return doc;
    }

    static List<String> attrs(Document doc, String element, String attribute) {
        NodeList nodes = doc.getElementsByTagNameNS(ManifestWriter.NAMESPACE, element);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add(((Element) nodes.item(i)).getAttribute(attribute));
        return out;
    }
}
