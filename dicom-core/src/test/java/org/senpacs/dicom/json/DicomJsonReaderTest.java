package org.senpacs.dicom.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/** Reading DICOM JSON: the examples of PS3.18 Annex F, character sets, member order, bad input. */
class DicomJsonReaderTest {

    private final DicomJsonReader reader = new DicomJsonReader();

    private DataSet parse(String json) throws IOException {
        return reader.readDataSet(new StringReader(json));
    }

    @Test
    void readsTheMultipleResultsExample() throws IOException {
        List<DataSet> all = reader.readDataSets(new ByteArrayInputStream(SampleDataSets.MULTIPLE_RESULTS.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, all.size());
        assertEquals("1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873", all.get(0).getString(Tag.StudyInstanceUID));
        assertEquals("1.2.392.200036.9116.2.2.2.2162893313.1029997326.945876", all.get(1).getString(Tag.StudyInstanceUID));
        assertEquals(VR.UI, all.get(1).vr(Tag.StudyInstanceUID));
    }

    @Test
    void readsTheAnnexF4Example() throws IOException {
        List<DataSet> all = reader.readDataSets(new ByteArrayInputStream(SampleDataSets.ANNEX_F4.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, all.size());
        DataSet ds = all.getFirst();
        assertEquals(20, ds.size());
        assertEquals("ISO_IR 192", ds.getString(Tag.SpecificCharacterSet));
        assertEquals("20130409", ds.getString(Tag.StudyDate));
        assertEquals(VR.TM, ds.vr(Tag.StudyTime));
        assertEquals("131600.0000", ds.getString(Tag.StudyTime));
        assertEquals("11235813", ds.getString(Tag.AccessionNumber));
        assertArrayEquals(new String[] {"CT", "PET"}, ds.getStrings(Tag.ModalitiesInStudy));
        assertEquals("^Bob^^Dr.", ds.getString(Tag.ReferringPhysicianName));
        assertEquals("Bob", ds.getPersonName(Tag.ReferringPhysicianName).alphabetic().given());
        assertEquals("http://wado.nema.org/studies/1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873",
                ds.getString(Tag.RetrieveURL));
        assertEquals("Vendor A", ds.getString(0x00090010));
        assertEquals(VR.UN, ds.vr(0x00091002));
        assertArrayEquals(new byte[] {(byte) 0xCF, 0x4C, 0x7D, 0x73, (byte) 0xCB, (byte) 0xFB}, ds.getBytes(0x00091002));
        assertEquals("Wang^XiaoDong=王^小東", ds.getString(Tag.PatientName));
        assertEquals("王", ds.getPersonName(Tag.PatientName).ideographic().family());
        assertEquals("12345", ds.getString(Tag.PatientID));
        assertEquals("Hospital A", ds.getString(Tag.IssuerOfPatientID));
        assertEquals("19670701", ds.getString(Tag.PatientBirthDate));
        assertEquals("M", ds.getString(Tag.PatientSex));
        Sequence others = ds.getSequence(Tag.OtherPatientIDsSequence);
        assertEquals(2, others.size());
        assertEquals("54321", others.get(0).getString(Tag.PatientID));
        assertEquals("Hospital C", others.get(1).getString(Tag.IssuerOfPatientID));
        assertEquals("11235813", ds.getString(Tag.StudyID));
        assertEquals(VR.IS, ds.vr(Tag.NumberOfStudyRelatedSeries));
        assertEquals(4, ds.getInt(Tag.NumberOfStudyRelatedSeries, -1));
        assertEquals("942", ds.getString(Tag.NumberOfStudyRelatedInstances));
        assertEquals("Hospital B2", all.get(1).getSequence(Tag.OtherPatientIDsSequence).get(0).getString(Tag.IssuerOfPatientID));
        // and it writes back to the same data sets
        assertEquals(ds, parse(DicomJsonWriterTest.json(ds)));
    }

    @Test
    void readsMembersInAnyOrder() throws IOException {
        DataSet ds = parse("""
                {"00100010": {"Value": [{"Phonetic": "P", "Alphabetic": "A"}], "vr": "PN"},
                 "00081115": {"Value": [{"00081160": {"Value": [1, "2"], "vr": "IS"},
                                         "00081199": {"Value": [{"00081155": {"Value": ["1.2"], "vr": "UI"}}], "vr": "SQ"}}],
                              "vr": "SQ"},
                 "00280010": {"Value": [512], "vr": "US"},
                 "00091002": {"InlineBinary": "AQID", "vr": "OB"},
                 "00080005": {"vr": "CS", "Value": ["ISO_IR 100"]}}
                """);
        assertEquals("A==P", ds.getString(Tag.PatientName));
        DataSet item = ds.getItem(Tag.ReferencedSeriesSequence);
        assertArrayEquals(new int[] {1, 2}, item.getInts(Tag.ReferencedFrameNumber));
        assertEquals("1.2", item.getItem(Tag.ReferencedSOPSequence).getString(Tag.ReferencedSOPInstanceUID));
        assertEquals(512, ds.getInt(Tag.Rows, 0));
        assertArrayEquals(new byte[] {1, 2, 3}, ds.getBytes(0x00091002));
        assertEquals("ISO_IR 100", ds.getString(Tag.SpecificCharacterSet));
    }

    @Test
    void numbersAreEncodedPerVr() throws IOException {
        DataSet ds = parse("""
                {"00181063": {"vr": "DS", "Value": [33.30, 1e3, "  4.5 ", null, 0.12345678901234567890]},
                 "00200013": {"vr": "IS", "Value": [5.0, "-7"]},
                 "00280010": {"vr": "US", "Value": [65535, "1"]},
                 "00720083": {"vr": "UV", "Value": [18446744073709551615, "9223372036854775808"]},
                 "00720082": {"vr": "SV", "Value": ["-9223372036854775808"]},
                 "00720076": {"vr": "FL", "Value": [0.1, "NaN", "-Infinity", 3]},
                 "00720074": {"vr": "FD", "Value": [1.0E-300, "INF"]},
                 "00720060": {"vr": "AT", "Value": ["7fe00010", "00100010"]}}
                """);
        assertArrayEquals(new String[] {"33.30", "1e3", "4.5", "", "0.12345678901235"}, ds.getStrings(Tag.FrameTime));
        assertArrayEquals(new String[] {"5", "-7"}, ds.getStrings(Tag.InstanceNumber));
        assertArrayEquals(new long[] {65535, 1}, ds.getLongs(Tag.Rows));
        assertEquals("18446744073709551615\\9223372036854775808", ds.getText(Tag.SelectorUVValue));
        assertEquals(Long.MIN_VALUE, ds.getLong(Tag.SelectorSVValue, 0));
        double[] fl = ds.getDoubles(Tag.SelectorFLValue);
        assertEquals(0.1f, (float) fl[0]);
        assertTrue(Double.isNaN(fl[1]));
        assertEquals(Double.NEGATIVE_INFINITY, fl[2]);
        assertEquals(3.0, fl[3]);
        assertArrayEquals(new double[] {1.0E-300, Double.POSITIVE_INFINITY}, ds.getDoubles(Tag.SelectorFDValue));
        assertArrayEquals(new long[] {0x7FE00010L, 0x00100010L}, ds.getLongs(Tag.SelectorATValue));
    }

    @Test
    void nonAsciiTextWithoutCharacterSetGetsIsoIr192() throws IOException {
        DataSet ds = parse("{\"00100010\": {\"vr\": \"PN\", \"Value\": [{\"Alphabetic\": \"NGUYỄN^VĂN AN\"}]}}");
        assertEquals("ISO_IR 192", ds.getString(Tag.SpecificCharacterSet));
        assertEquals("NGUYỄN^VĂN AN", ds.getString(Tag.PatientName));
        assertEquals("NGUYỄN^VĂN AN", new String(ds.getBytes(Tag.PatientName), StandardCharsets.UTF_8));

        DataSet nested = parse("""
                {"00101002": {"vr": "SQ", "Value": [{"00100021": {"vr": "LO", "Value": ["Bệnh viện"]}}]}}""");
        assertEquals("ISO_IR 192", nested.getString(Tag.SpecificCharacterSet));

        DataSet ascii = parse("{\"00100010\": {\"vr\": \"PN\", \"Value\": [{\"Alphabetic\": \"Doe^John\"}]}}");
        assertFalse(ascii.contains(Tag.SpecificCharacterSet));
    }

    @Test
    void declaredCharacterSetIsKeptWhenItCoversTheText() throws IOException {
        DataSet latin1 = parse("""
                {"00080005": {"vr": "CS", "Value": ["ISO_IR 100"]},
                 "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Müller^Jürgen"}]}}""");
        assertEquals("ISO_IR 100", latin1.getString(Tag.SpecificCharacterSet));
        assertArrayEquals("Müller^Jürgen".getBytes(StandardCharsets.ISO_8859_1), latin1.getBytes(Tag.PatientName));

        DataSet replaced = parse("""
                {"00080005": {"vr": "CS", "Value": ["ISO_IR 100"]},
                 "00100010": {"vr": "PN", "Value": [{"Alphabetic": "NGUYỄN^VĂN AN"}]}}""");
        assertEquals("ISO_IR 192", replaced.getString(Tag.SpecificCharacterSet));

        DataSet jis = parse("""
                {"00080005": {"vr": "CS", "Value": [null, "ISO 2022 IR 87"]},
                 "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎",
                                                      "Phonetic": "やまだ^たろう"}]}}""");
        assertEquals("\\ISO 2022 IR 87", jis.getText(Tag.SpecificCharacterSet));
        assertArrayEquals(SampleDataSets.JIS.encode(SampleDataSets.JAPANESE_NAME, true), jis.getBytes(Tag.PatientName));
    }

    @Test
    void emptyValues() throws IOException {
        DataSet ds = parse("""
                {"00081070": {"vr": "PN"}, "00081032": {"vr": "SQ"}, "00080050": {"vr": "SH", "Value": []},
                 "00080008": {"vr": "CS", "Value": ["A", null, "B", null]},
                 "00080090": {"vr": "PN", "Value": [null, {}, {"Alphabetic": null, "Ideographic": "I"}]},
                 "7FE00010": {"vr": "OB"}}""");
        assertTrue(ds.contains(Tag.OperatorsName));
        assertFalse(ds.hasValue(Tag.OperatorsName));
        assertEquals(0, ds.getSequence(Tag.ProcedureCodeSequence).size());
        assertFalse(ds.hasValue(Tag.AccessionNumber));
        assertEquals("A\\\\B\\", ds.getText(Tag.ImageType));
        assertEquals("\\\\=I", ds.getText(Tag.ReferringPhysicianName));
        assertEquals(0, ds.getBytes(Tag.PixelData).length);
        assertNull(ds.getString(Tag.OperatorsName));
    }

    @Test
    void readsOneDataSetOrAnArrayOfOne() throws IOException {
        assertEquals("CT", parse("[{\"00080060\": {\"vr\": \"CS\", \"Value\": [\"CT\"]}}]").getString(Tag.Modality));
        DicomJsonException e = assertThrows(DicomJsonException.class, () -> parse(SampleDataSets.MULTIPLE_RESULTS));
        assertTrue(e.getMessage().contains("expected one data set, found 2"), e.getMessage());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{\"0010001G\": {\"vr\": \"PN\"}}", "bad attribute key \"0010001G\"", "0010001G"),
                Arguments.of("{\"001000100\": {\"vr\": \"PN\"}}", "bad attribute key", "001000100"),
                Arguments.of("{\"PatientName\": {\"vr\": \"PN\"}}", "bad attribute key", "PatientName"),
                Arguments.of("{\"00100010\": {\"vr\": \"XX\"}}", "unknown VR \"XX\"", "00100010"),
                Arguments.of("{\"00100010\": {\"vr\": \"pn\"}}", "unknown VR \"pn\"", "00100010"),
                Arguments.of("{\"00100010\": {\"vr\": 5}}", "\"vr\" must be a string", "00100010"),
                Arguments.of("{\"00100010\": {\"Value\": []}}", "missing \"vr\"", "00100010"),
                Arguments.of("{\"00100020\": {\"vr\": \"LO\", \"Value\": \"12345\"}}", "\"Value\" must be an array, found a string", "00100020"),
                Arguments.of("{\"00100020\": {\"vr\": \"LO\", \"value\": [\"12345\"]}}", "unexpected member \"value\"", "00100020"),
                Arguments.of("{\"00100020\": [\"12345\"]}", "an attribute must be a JSON object", "00100020"),
                Arguments.of("{\"00100020\": {\"vr\": \"LO\", \"Value\": [12345]}}", "must be a string, found a number", "00100020"),
                Arguments.of("{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"a\\\\b\"]}}", "cannot contain a backslash", "00100020"),
                Arguments.of("{\"00100010\": {\"vr\": \"PN\", \"Value\": [\"Doe^John\"]}}", "a PN value must be an object", "00100010"),
                Arguments.of("{\"00100010\": {\"vr\": \"PN\", \"Value\": [{\"Alphabetical\": \"Doe\"}]}}", "unexpected member \"Alphabetical\"", "00100010"),
                Arguments.of("{\"00100010\": {\"vr\": \"PN\", \"Value\": [{\"Alphabetic\": [\"Doe\"]}]}}", "PN group \"Alphabetic\" must be a string", "00100010"),
                Arguments.of("{\"00100010\": {\"vr\": \"PN\", \"Value\": [{\"Alphabetic\": \"A=B\"}]}}", "cannot contain '='", "00100010"),
                Arguments.of("{\"00280010\": {\"vr\": \"US\", \"Value\": [70000]}}", "out of the range of VR US", "00280010"),
                Arguments.of("{\"00280010\": {\"vr\": \"US\", \"Value\": [-1]}}", "out of the range of VR US", "00280010"),
                Arguments.of("{\"00280010\": {\"vr\": \"US\", \"Value\": [1.5]}}", "is not an integer", "00280010"),
                Arguments.of("{\"00280010\": {\"vr\": \"US\", \"Value\": [\"abc\"]}}", "is not an integer", "00280010"),
                Arguments.of("{\"00280010\": {\"vr\": \"US\", \"Value\": [1, null]}}", "cannot hold an empty value", "00280010"),
                Arguments.of("{\"00280010\": {\"vr\": \"US\", \"Value\": [true]}}", "must be a number, found a boolean", "00280010"),
                Arguments.of("{\"00200013\": {\"vr\": \"IS\", \"Value\": [1.5]}}", "is not an integer (VR IS)", "00200013"),
                Arguments.of("{\"00720076\": {\"vr\": \"FL\", \"Value\": [1e39]}}", "out of the range of VR FL", "00720076"),
                Arguments.of("{\"00720076\": {\"vr\": \"FL\", \"Value\": [\"0x1p3\"]}}", "is not a number", "00720076"),
                Arguments.of("{\"00720060\": {\"vr\": \"AT\", \"Value\": [\"0010,0010\"]}}", "is not a tag of 8 hex digits", "00720060"),
                Arguments.of("{\"00104000\": {\"vr\": \"LT\", \"Value\": [\"a\", \"b\"]}}", "VR LT holds one value", "00104000"),
                Arguments.of("{\"7FE00010\": {\"vr\": \"OB\", \"Value\": [\"AQID\"]}}", "takes \"InlineBinary\" or \"BulkDataURI\"", "7FE00010"),
                Arguments.of("{\"7FE00010\": {\"vr\": \"OB\", \"InlineBinary\": \"A*ID\"}}", "invalid base64", "7FE00010"),
                Arguments.of("{\"7FE00010\": {\"vr\": \"OW\", \"InlineBinary\": \"AQID\"}}", "not a multiple of 2", "7FE00010"),
                Arguments.of("{\"00100020\": {\"vr\": \"LO\", \"InlineBinary\": \"AQID\"}}", "\"InlineBinary\" is for VRs", "00100020"),
                Arguments.of("{\"7FE00010\": {\"vr\": \"OB\", \"InlineBinary\": \"AQID\", \"BulkDataURI\": \"x\"}}", "more than one of", "7FE00010"),
                Arguments.of("{\"00100020\": {\"vr\": \"LO\"}, \"00100020\": {\"vr\": \"LO\"}}", "duplicate attribute", "00100020"),
                Arguments.of("{\"00100020\": {\"vr\": \"LO\", \"vr\": \"SH\"}}", "duplicate \"vr\"", "00100020"),
                Arguments.of("{\"00081115\": {\"vr\": \"SQ\", \"Value\": [{\"00081160\": {\"vr\": \"IS\", \"Value\": [\"x\\\\y\"]}}]}}",
                        "cannot contain a backslash", "00081115[0].00081160"),
                Arguments.of("{\"00081115\": {\"vr\": \"SQ\", \"Value\": [\"item\"]}}", "a sequence item must be a JSON object", "00081115"),
                Arguments.of("{\"00100010\": {\"vr\": \"PN\", \"Value\": [{\"Alphabetic\": \"A\"", "malformed JSON", "00100010"),
                Arguments.of("{\"00100010\": {\"vr\": \"PN\"", "malformed JSON", "00100010"),
                Arguments.of("[{\"00100010\": {\"vr\": \"PN\"}},", "malformed JSON", ""),
                Arguments.of("{\"00100010\": {\"vr\": \"PN\",}}", "malformed JSON", "00100010"),
                Arguments.of("", "no JSON content", ""),
                Arguments.of("42", "expected a data set object or an array of them, found a number", ""),
                Arguments.of("[42]", "expected a data set object in the array, found a number", ""),
                Arguments.of("{} {}", "unexpected content (an object) after the end of the JSON value", ""));
    }

    @ParameterizedTest
    @MethodSource
    void malformed(String json, String message, String path) {
        DicomJsonException e = assertThrows(DicomJsonException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(path, e.path(), e.getMessage());
        if (!json.isEmpty()) assertTrue(e.line() >= 1 && e.getMessage().contains(" at line "), e.getMessage());
    }
}
