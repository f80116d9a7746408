package org.senpacs.dicom.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.senpacs.dicom.json.SampleDataSets.assertSameDataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.json.BulkDataUriProvider;
import org.senpacs.dicom.json.DicomJsonReader;
import org.senpacs.dicom.json.SampleDataSets;

/** DataSet -> Native DICOM Model XML (PS3.19 Annex A) -> DataSet, the document's shape, bad input. */
class DicomXmlTest {

    @TempDir
    Path tmp;

    private static String xml(DataSet ds, DicomXmlWriter writer) throws IOException {
        StringWriter sw = new StringWriter();
        writer.write(ds, sw);
        return sw.toString();
    }

    private static DataSet parse(String xml) throws IOException {
        return new DicomXmlReader().readDataSet(new StringReader(xml));
    }

    @Test
    void everyVrRoundTrips() throws IOException {
        DataSet ds = SampleDataSets.everyVr();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomXmlWriter().write(ds, out);
        DataSet back = new DicomXmlReader().readDataSet(new ByteArrayInputStream(out.toByteArray()));
        assertSameDataSet(ds, back);
        assertEquals(SampleDataSets.VIETNAMESE_NAME, back.getString(Tag.PatientName));
        assertEquals("  indented first line\r\nsecond line, with a back\\slash", back.getString(Tag.PatientComments));
        assertEquals(SampleDataSets.JAPANESE_NAME, back.getSequence(Tag.OtherPatientIDsSequence).get(2).getString(Tag.PatientName));
    }

    @Test
    void indentedDocumentRoundTrips() throws IOException {
        DataSet ds = SampleDataSets.everyVr();
        String s = xml(ds, new DicomXmlWriter().indent(true));
        assertTrue(s.contains("\n  <DicomAttribute tag=\"00080005\" vr=\"CS\" keyword=\"SpecificCharacterSet\">\n"
                + "    <Value number=\"1\">ISO_IR 192</Value>\n  </DicomAttribute>"), s);
        assertSameDataSet(ds, parse(s));
    }

    @Test
    void writesTheShapesOfPs319() throws IOException {
        String s = xml(SampleDataSets.everyVr(), new DicomXmlWriter());
        assertTrue(s.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><NativeDicomModel xmlns=\""
                + DicomXmlWriter.NAMESPACE + "\" xml:space=\"preserve\">"), s);
        assertTrue(s.contains("<DicomAttribute tag=\"00100010\" vr=\"PN\" keyword=\"PatientName\"><PersonName number=\"1\">"
                + "<Alphabetic><FamilyName>NGUYỄN</FamilyName><GivenName>VĂN AN</GivenName></Alphabetic></PersonName></DicomAttribute>"));
        assertTrue(s.contains("<PersonName number=\"1\"><Alphabetic><FamilyName>Yamada</FamilyName><GivenName>Tarou</GivenName></Alphabetic>"
                + "<Ideographic><FamilyName>山田</FamilyName><GivenName>太郎</GivenName></Ideographic>"
                + "<Phonetic><FamilyName>やまだ</FamilyName><GivenName>たろう</GivenName></Phonetic></PersonName>"));
        assertTrue(s.contains("<PersonName number=\"2\"/><PersonName number=\"3\"><Alphabetic><FamilyName>Smith</FamilyName>"
                + "<GivenName>Ann</GivenName><NamePrefix>Dr.</NamePrefix></Alphabetic></PersonName>"), s);
        assertTrue(s.contains("<Value number=\"2\">PRIMARY</Value><Value number=\"3\"/><Value number=\"4\">AXIAL</Value>"));
        assertTrue(s.contains("<DicomAttribute tag=\"00090010\" vr=\"LO\"><Value number=\"1\">SEN TEST</Value></DicomAttribute>"));
        assertTrue(s.contains("<DicomAttribute tag=\"00091010\" vr=\"LO\" privateCreator=\"SEN TEST\">"));
        assertTrue(s.contains("<DicomAttribute tag=\"00091101\" vr=\"DS\" privateCreator=\"ACME 1.0\">"));
        assertTrue(s.contains("<DicomAttribute tag=\"00291001\" vr=\"SH\" privateCreator=\"SEN TEST\">"));
        assertTrue(s.contains("<DicomAttribute tag=\"00091002\" vr=\"UN\" privateCreator=\"SEN TEST\"><InlineBinary>AQIDBAU=</InlineBinary>"));
        assertTrue(s.contains("<DicomAttribute tag=\"7FE00010\" vr=\"OB\" keyword=\"PixelData\"><BulkData uri=\""
                + SampleDataSets.PIXEL_DATA_URI + "\"/></DicomAttribute>"));
        assertTrue(s.contains("<DicomAttribute tag=\"00081070\" vr=\"PN\" keyword=\"OperatorsName\"></DicomAttribute>"));
        assertTrue(s.contains("<Item number=\"1\"><DicomAttribute tag=\"00081160\""));
        assertTrue(s.contains("<Item number=\"2\"></Item>"));
        assertTrue(s.contains("&#13;"), "CR as a character reference");
        assertTrue(s.contains("<Value number=\"1\">00181063</Value><Value number=\"2\">00181065</Value>"));
        assertTrue(s.contains("<Value number=\"1\">29.97</Value><Value number=\"2\">-0.5</Value><Value number=\"3\">NaN</Value>"
                + "<Value number=\"4\">INF</Value>"));
        assertTrue(s.contains("<Value number=\"1\">18446744073709551615</Value>"));
        assertFalse(s.contains("keyword=\"PrivateCreator\""));
    }

    @Test
    void jsonAndXmlAgree() throws IOException {
        for (DataSet fromJson : new DicomJsonReader().readDataSets(
                new ByteArrayInputStream(SampleDataSets.ANNEX_F4.getBytes(StandardCharsets.UTF_8)))) {
            assertSameDataSet(fromJson, parse(xml(fromJson, new DicomXmlWriter())));
        }
    }

    @Test
    void readsPs319StyleDocumentsWithoutNamespace() throws IOException {
        DataSet ds = parse("""
                <?xml version="1.0" encoding="UTF-8" ?>
                <NativeDicomModel xml:space="preserve">
                  <DicomAttribute tag="0020000D" vr="UI" keyword="StudyInstanceUID">
                    <Value number="1">1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873</Value>
                  </DicomAttribute>
                  <!-- numbers may come in any order; a missing one is an empty value -->
                  <DicomAttribute tag="00080008" vr="CS" keyword="ImageType">
                    <Value number="3">AXIAL</Value>
                    <Value number="1">ORIGINAL</Value>
                  </DicomAttribute>
                  <DicomAttribute tag="00091001" vr="LO" privateCreator="NEW CREATOR"><Value number="1">x</Value></DicomAttribute>
                  <DicomAttribute tag="00100010" vr="PN" keyword="PatientName">
                    <PersonName number="1">
                      <Phonetic><GivenName>たろう</GivenName></Phonetic>
                      <Alphabetic><NameSuffix>Jr</NameSuffix><FamilyName>Yamada</FamilyName></Alphabetic>
                    </PersonName>
                  </DicomAttribute>
                  <DicomAttribute tag="00081115" vr="SQ">
                    <Item number="2"><DicomAttribute tag="0020000E" vr="UI"><Value number="1">1.2.2</Value></DicomAttribute></Item>
                    <Item number="1"></Item>
                  </DicomAttribute>
                  <DicomAttribute tag="7FE00010" vr="OB"><BulkData uuid="5d3c1b0e-3f4a-4d8e-9c1a-2b3c4d5e6f70"/></DicomAttribute>
                </NativeDicomModel>
                """);
        assertEquals("1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873", ds.getString(Tag.StudyInstanceUID));
        assertEquals("ORIGINAL\\\\AXIAL", ds.getText(Tag.ImageType));
        assertEquals("NEW CREATOR", ds.getString(0x00090010), "creator element added");
        assertEquals("Yamada^^^^Jr==^たろう", ds.getString(Tag.PatientName));
        assertEquals("ISO_IR 192", ds.getString(Tag.SpecificCharacterSet));
        assertEquals(0, ds.getSequence(Tag.ReferencedSeriesSequence).get(0).size());
        assertEquals("1.2.2", ds.getSequence(Tag.ReferencedSeriesSequence).get(1).getString(Tag.SeriesInstanceUID));
        assertEquals(new BulkData("urn:uuid:5d3c1b0e-3f4a-4d8e-9c1a-2b3c4d5e6f70", 0, -1, false), ds.getBulkData(Tag.PixelData));
    }

    @Test
    void bulkDataUrisAndLeavingBulkDataOut() throws IOException {
        DataSet ds = SampleDataSets.everyVr();
        String base = "https://pacs.example.org/bulk";
        String s = xml(ds, new DicomXmlWriter().bulkDataUriProvider(BulkDataUriProvider.under(base)));
        assertTrue(s.contains("<BulkData uri=\"" + base + "/00091002\"/>"), s);
        DataSet back = parse(s);
        assertEquals(new BulkData(base + "/7FE00008", 0, -1, false), back.getBulkData(Tag.FloatPixelData));
        assertSameDataSet(SampleDataSets.withoutBulkData(ds), SampleDataSets.withoutBulkData(back));

        String without = xml(ds, new DicomXmlWriter().includeBulkData(false));
        assertFalse(without.contains("InlineBinary") || without.contains("<BulkData"), without);
        assertSameDataSet(SampleDataSets.withoutBulkData(ds), parse(without));
    }

    @Test
    void fileReferencesAndFragmentsAreInlined() throws IOException {
        Path file = tmp.resolve("bulk.bin");
        byte[] content = new byte[40_000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 31);
        Files.write(file, content);
        Fragments f = new Fragments();
        f.add(new byte[] {1, 2, 3, 4});
        f.add(BulkData.ofFile(file, 100, 1000, false));
        DataSet ds = new DataSet();
        ds.setBulkData(Tag.EncapsulatedDocument, VR.OB, BulkData.ofFile(file, 0, content.length, false));
        ds.setBulkData(Tag.RedPaletteColorLookupTableData, VR.OW, BulkData.ofFile(file, 2, 30_000, true));
        ds.setFragments(Tag.PixelData, VR.OB, f);
        DataSet back = parse(xml(ds, new DicomXmlWriter()));
        assertEquals(2, back.getFragments(Tag.PixelData).size());
        assertEquals(content.length, back.getBytes(Tag.EncapsulatedDocument).length);
        assertEquals(ds, back);
    }

    @Test
    void characterThatXmlCannotCarryFailsTheWrite() {
        DataSet ds = new DataSet();
        ds.setString(Tag.PatientComments, VR.LT, "page 1\fpage 2");
        DicomXmlException e = assertThrows(DicomXmlException.class, () -> xml(ds, new DicomXmlWriter()));
        assertTrue(e.getMessage().contains("U+000C") && e.getMessage().contains("00104000"), e.getMessage());
    }

    private static final String OPEN = "<NativeDicomModel xmlns=\"" + DicomXmlWriter.NAMESPACE + "\">";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(OPEN + "<DicomAttribute tag=\"0010001G\" vr=\"PN\"/></NativeDicomModel>", "bad tag \"0010001G\"", "0010001G"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"(0010,0010)\" vr=\"PN\"/></NativeDicomModel>", "bad tag", "(0010,0010)"),
                Arguments.of(OPEN + "<DicomAttribute vr=\"PN\"/></NativeDicomModel>", "DicomAttribute without tag", "?"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100010\" vr=\"XX\"/></NativeDicomModel>", "unknown VR \"XX\"", "00100010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100010\"/></NativeDicomModel>", "without vr", "00100010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100010\" vr=\"PN\"><PersonName number=\"1\"><Alphabetic>"
                        + "<Family>Doe</Family></Alphabetic></PersonName></DicomAttribute></NativeDicomModel>",
                        "unexpected element <Family> in <Alphabetic>", "00100010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100010\" vr=\"PN\"><PersonName number=\"1\"><Latin/></PersonName>"
                        + "</DicomAttribute></NativeDicomModel>", "unexpected element <Latin> in <PersonName>", "00100010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100010\" vr=\"PN\"><PersonName number=\"1\">Doe^John</PersonName>"
                        + "</DicomAttribute></NativeDicomModel>", "malformed XML", "00100010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100010\" vr=\"PN\"><Value number=\"1\">Doe^John</Value>"
                        + "</DicomAttribute></NativeDicomModel>", "PN values are <PersonName> elements", "00100010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100020\" vr=\"LO\"><Value number=\"1\"><b>x</b></Value>"
                        + "</DicomAttribute></NativeDicomModel>", "malformed XML", "00100020"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100020\" vr=\"LO\">12345</DicomAttribute></NativeDicomModel>",
                        "malformed XML", "00100020"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100020\" vr=\"LO\"><Value number=\"one\">x</Value></DicomAttribute>"
                        + "</NativeDicomModel>", "bad number=\"one\"", "00100020"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100020\" vr=\"LO\"><Value>x</Value></DicomAttribute></NativeDicomModel>",
                        "<Value> without number", "00100020"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100020\" vr=\"LO\"><Value number=\"1\">a\\b</Value></DicomAttribute>"
                        + "</NativeDicomModel>", "cannot contain a backslash", "00100020"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00280010\" vr=\"US\"><Value number=\"1\">abc</Value></DicomAttribute>"
                        + "</NativeDicomModel>", "is not an integer", "00280010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00280010\" vr=\"US\"><Value number=\"2\">1</Value></DicomAttribute>"
                        + "</NativeDicomModel>", "cannot hold an empty value", "00280010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00081115\" vr=\"SQ\"><Item number=\"2\"/></DicomAttribute>"
                        + "</NativeDicomModel>", "1 is missing", "00081115"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00081115\" vr=\"SQ\"><Item number=\"1\"><DicomAttribute tag=\"00081160\" "
                        + "vr=\"IS\"><Value number=\"1\">1.5.2</Value><Value number=\"1\">2</Value></DicomAttribute></Item>"
                        + "</DicomAttribute></NativeDicomModel>", "duplicate <Value number=\"1\">", "00081115[0].00081160"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100020\" vr=\"LO\"><InlineBinary>AQID</InlineBinary></DicomAttribute>"
                        + "</NativeDicomModel>", "<InlineBinary> is for VRs", "00100020"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100020\" vr=\"LO\"><Value number=\"1\">x</Value><BulkData uri=\"u\"/>"
                        + "</DicomAttribute></NativeDicomModel>", "holds both", "00100020"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00090010\" vr=\"LO\"><Value number=\"1\">A</Value></DicomAttribute>"
                        + "<DicomAttribute tag=\"00091001\" vr=\"LO\" privateCreator=\"B\"/></NativeDicomModel>",
                        "privateCreator \"B\" of (0009,1001) differs from (0009,0010) \"A\"", ""),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100010\" vr=\"PN\"><PersonName number=\"1\">", "malformed XML", "00100010"),
                Arguments.of(OPEN + "<DicomAttribute tag=\"00100010\" vr=\"PN\">", "malformed XML", "00100010"),
                Arguments.of("<NativeDicomModel xmlns=\"urn:other\"/>", "is in namespace urn:other", ""),
                Arguments.of("<DicomModel/>", "unexpected element <DicomModel>", ""),
                Arguments.of("", "malformed XML", ""),
                Arguments.of("<?xml version=\"1.0\"?><!DOCTYPE NativeDicomModel [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + OPEN + "<DicomAttribute tag=\"00100020\" vr=\"LO\"><Value number=\"1\">&x;</Value></DicomAttribute>"
                        + "</NativeDicomModel>", "malformed XML", ""));
    }

    @ParameterizedTest
    @MethodSource
    void malformed(String xml, String message, String path) {
        DicomXmlException e = assertThrows(DicomXmlException.class, () -> parse(xml));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        if (!path.isEmpty()) assertEquals(path, e.path(), e.getMessage());
        if (!xml.isEmpty()) assertTrue(e.line() >= 1 && e.getMessage().contains(" at line "), e.getMessage());
    }

    @Test
    void numbersReadBackExactly() throws IOException {
        DataSet ds = new DataSet();
        ds.setDouble(Tag.SelectorFLValue, VR.FL, 0.1, 1.0e-40, -3.4028235e38);
        ds.setDouble(Tag.SelectorFDValue, VR.FD, 0.1, Double.MIN_VALUE, Double.MAX_VALUE);
        ds.setLongs(Tag.SelectorUVValue, VR.UV, Long.MIN_VALUE);
        DataSet back = parse(xml(ds, new DicomXmlWriter()));
        assertEquals(ds, back);
        assertArrayEquals(ds.getBytes(Tag.SelectorFLValue), back.getBytes(Tag.SelectorFLValue));
        assertEquals("9223372036854775808", back.getText(Tag.SelectorUVValue));
        assertArrayEquals(ds.getBytes(Tag.SelectorFDValue), back.getBytes(Tag.SelectorFDValue));
    }
}
