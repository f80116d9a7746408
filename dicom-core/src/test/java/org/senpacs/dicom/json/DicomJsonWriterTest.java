package org.senpacs.dicom.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.senpacs.dicom.json.SampleDataSets.assertSameDataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/** DataSet -> DICOM JSON -> DataSet, and the shape of what the writer produces (PS3.18 F.2). */
class DicomJsonWriterTest {

    @TempDir
    Path tmp;

    static String json(DataSet ds, Consumer<DicomJsonWriter> config) throws IOException {
        StringWriter sw = new StringWriter();
        try (DicomJsonWriter w = new DicomJsonWriter(sw)) {
            config.accept(w);
            w.write(ds);
        }
        return sw.toString();
    }

    static String json(DataSet ds) throws IOException {
        return json(ds, w -> {});
    }

    static DataSet parse(String json) throws IOException {
        return new DicomJsonReader().readDataSet(new StringReader(json));
    }

    @Test
    void everyVrRoundTrips() throws IOException {
        DataSet ds = SampleDataSets.everyVr();
        DataSet back = parse(json(ds));
        assertSameDataSet(ds, back);
        assertEquals(SampleDataSets.VIETNAMESE_NAME, back.getString(Tag.PatientName));
        assertEquals(SampleDataSets.JAPANESE_NAME, back.getString(Tag.PerformingPhysicianName));
        assertEquals("ISO_IR 192", back.getString(Tag.SpecificCharacterSet));
        DataSet jis = back.getSequence(Tag.OtherPatientIDsSequence).get(2);
        assertEquals(SampleDataSets.JAPANESE_NAME, jis.getString(Tag.PatientName));
        assertEquals("ISO 2022 IR 87", jis.getString(Tag.SpecificCharacterSet, 1, null));
        assertEquals("SEN TEST", back.getString(0x00090010));
        assertEquals("in an item", back.getItem(0x00091102).getString(0x00291001));
        assertEquals(new BulkData(SampleDataSets.PIXEL_DATA_URI, 0, -1, false), back.getBulkData(Tag.PixelData));
    }

    @Test
    void prettyPrintedOutputRoundTrips() throws IOException {
        DataSet ds = SampleDataSets.everyVr();
        String pretty = json(ds, w -> w.prettyPrint(true));
        assertTrue(pretty.contains("\n"));
        assertSameDataSet(ds, parse(pretty));
    }

    @Test
    void writesTheShapesOfAnnexF() throws IOException {
        String s = json(SampleDataSets.everyVr());
        // keys: 8 upper-case hex digits, ascending; "vr" first
        assertTrue(s.startsWith("{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]},\"00080008\":"), s);
        assertTrue(s.indexOf("\"0020000D\"") < s.indexOf("\"00200013\""));
        assertTrue(s.indexOf("\"00091102\"") < s.indexOf("\"00100010\""));
        // empty values: no Value; an empty value among others: null
        assertTrue(s.contains("\"00081070\":{\"vr\":\"PN\"}"), s);
        assertTrue(s.contains("\"00100030\":{\"vr\":\"DA\"}"));
        assertTrue(s.contains("\"00081032\":{\"vr\":\"SQ\"}"));
        assertTrue(s.contains("\"00720076\":{\"vr\":\"FL\"}"));
        assertTrue(s.contains("\"00091003\":{\"vr\":\"OB\"}"));
        assertTrue(s.contains("\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",\"PRIMARY\",null,\"AXIAL\"]}"));
        // PN objects
        assertTrue(s.contains("\"00080090\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^John\"},null,{\"Alphabetic\":\"Smith^Ann^^Dr.\"}]}"), s);
        assertTrue(s.contains("\"00081050\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\",\"Ideographic\":\"山田^太郎\",\"Phonetic\":\"やまだ^たろう\"}]}"));
        // numbers: IS and DS as JSON numbers, kept as written; unparsable ones as strings
        assertTrue(s.contains("\"00200013\":{\"vr\":\"IS\",\"Value\":[7]}"));
        assertTrue(s.contains("\"00201208\":{\"vr\":\"IS\",\"Value\":[\"12a\"]}"));
        assertTrue(s.contains("\"00720064\":{\"vr\":\"IS\",\"Value\":[1,null,-3]}"));
        assertTrue(s.contains("\"00200032\":{\"vr\":\"DS\",\"Value\":[-120.5,0,1.0e2]}"));
        assertTrue(s.contains("\"00280030\":{\"vr\":\"DS\",\"Value\":[0.50,0.25]}"));
        assertTrue(s.contains("\"00180050\":{\"vr\":\"DS\",\"Value\":[\"unknown\"]}"));
        assertTrue(s.contains("\"00089459\":{\"vr\":\"FL\",\"Value\":[29.97,-0.5,\"NaN\",\"Infinity\"]}"), s);
        assertTrue(s.contains("\"00720074\":{\"vr\":\"FD\",\"Value\":[3.141592653589793,-1.0E300,\"-Infinity\"]}"), s);
        assertTrue(s.contains("\"0072007A\":{\"vr\":\"US\",\"Value\":[0,65535]}"));
        assertTrue(s.contains("\"0072007E\":{\"vr\":\"SS\",\"Value\":[-32768,32767]}"));
        assertTrue(s.contains("\"00720078\":{\"vr\":\"UL\",\"Value\":[0,4294967295]}"));
        assertTrue(s.contains("\"0072007C\":{\"vr\":\"SL\",\"Value\":[-2147483648,2147483647]}"));
        assertTrue(s.contains("\"00720082\":{\"vr\":\"SV\",\"Value\":[-9223372036854775808,42]}"));
        assertTrue(s.contains("\"00720083\":{\"vr\":\"UV\",\"Value\":[18446744073709551615,5]}"));
        // AT as hex strings
        assertTrue(s.contains("\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00181063\",\"00181065\"]}"));
        // bulk data
        assertTrue(s.contains("\"00091002\":{\"vr\":\"UN\",\"InlineBinary\":\"AQIDBAU=\"}"));
        assertTrue(s.contains("\"7FE00010\":{\"vr\":\"OB\",\"BulkDataURI\":\"" + SampleDataSets.PIXEL_DATA_URI + "\"}"));
        // sequences: arrays of objects, empty items as {}
        assertTrue(s.contains("\"00081115\":{\"vr\":\"SQ\",\"Value\":[{\"00081160\":{\"vr\":\"IS\",\"Value\":[1,2,3]},"
                + "\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4.5\"]}},{}]}"), s);
    }

    @Test
    void groupLengthsAreLeftOut() throws IOException {
        DataSet ds = new DataSet();
        ds.setLongs(0x00080000, VR.UL, 42);
        ds.setString(Tag.Modality, VR.CS, "CT");
        assertEquals("{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]}}", json(ds));
    }

    @Test
    void bulkDataUriProviderGetsThePath() throws IOException {
        DataSet ds = SampleDataSets.everyVr();
        DataSet item = ds.getSequence(Tag.OtherPatientIDsSequence).get(1);
        item.setBytes(0x00091002, VR.OB, new byte[] {9, 8});
        List<String> seen = new ArrayList<>();
        String base = "https://pacs.example.org/bulk";
        BulkDataUriProvider under = BulkDataUriProvider.under(base + "/");
        String s = json(ds, w -> w.bulkDataUriProvider((path, tag, vr, value) -> {
            seen.add(org.senpacs.dicom.Tags.toHex(tag));
            return vr == VR.UN ? null : under.uriFor(path, tag, vr, value); // UN stays inline
        }));
        assertTrue(s.contains("\"00091002\":{\"vr\":\"UN\",\"InlineBinary\":\"AQIDBAU=\"}"));
        assertTrue(s.contains("\"00101002\":{\"vr\":\"SQ\",\"Value\":[{\"00100020\""));
        assertTrue(s.contains("{\"vr\":\"OB\",\"BulkDataURI\":\"" + base + "/00101002/1/00091002\"}"), s);
        assertTrue(s.contains("\"00281201\":{\"vr\":\"OW\",\"BulkDataURI\":\"" + base + "/00281201\"}"));
        assertFalse(seen.contains("00091003"), "not asked for empty values");
        DataSet back = parse(s);
        assertEquals(new BulkData(base + "/7FE00010", 0, -1, false), back.getBulkData(Tag.PixelData));
        assertEquals(base + "/00101002/1/00091002",
                back.getSequence(Tag.OtherPatientIDsSequence).get(1).getBulkData(0x00091002).uri());
        assertEquals(base + "/7FE00009", back.getBulkData(Tag.DoubleFloatPixelData).uri());
        assertSameDataSet(SampleDataSets.withoutBulkData(ds), SampleDataSets.withoutBulkData(back));
    }

    @Test
    void bulkDataCanBeLeftOut() throws IOException {
        DataSet ds = SampleDataSets.everyVr();
        String s = json(ds, w -> w.includeBulkData(false));
        assertFalse(s.contains("InlineBinary") || s.contains("BulkDataURI") || s.contains("\"7FE00010\""), s);
        assertSameDataSet(SampleDataSets.withoutBulkData(ds), parse(s));
    }

    @Test
    void localFileReferencesAreInlinedAndBigEndianIsSwapped() throws IOException {
        Path file = tmp.resolve("values.bin");
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 7);
        Files.write(file, content);
        Path text = tmp.resolve("text.bin");
        Files.write(text, "Bình luận dài".getBytes(StandardCharsets.UTF_8));
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setBulkData(Tag.EncapsulatedDocument, VR.OB, BulkData.ofFile(file, 3, 101, false));
        ds.setBulkData(Tag.RedPaletteColorLookupTableData, VR.OW, BulkData.ofFile(file, 10, 200, true));
        ds.setBulkData(Tag.PatientComments, VR.LT, BulkData.ofFile(text, 0, Files.size(text), false));
        String s = json(ds);
        assertTrue(s.contains("\"00104000\":{\"vr\":\"LT\",\"Value\":[\"Bình luận dài\"]}"), s);
        DataSet back = parse(s);
        assertInstanceOf(byte[].class, back.value(Tag.EncapsulatedDocument));
        assertEquals(101, back.getBytes(Tag.EncapsulatedDocument).length);
        byte[] ow = back.getBytes(Tag.RedPaletteColorLookupTableData);
        assertEquals(content[11], ow[0]);
        assertEquals(content[10], ow[1]);
        assertEquals("Bình luận dài", back.getString(Tag.PatientComments));
        ds.remove(Tag.PatientComments); // DataSet.equals does not read text from references
        back.remove(Tag.PatientComments);
        assertEquals(ds, back); // it reads the binary ones, swapping big endian ones
    }

    @Test
    void encapsulatedPixelDataRoundTripsAsFragments() throws IOException {
        Path file = tmp.resolve("frame2.bin");
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, (byte) 0xFF, (byte) 0xD9});
        Fragments f = new Fragments();
        f.setOffsetTable(new byte[] {0, 0, 0, 0, 18, 0, 0, 0});
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 5, 6, 7, 8, 9, 10, (byte) 0xFF, (byte) 0xD9});
        f.add(BulkData.ofFile(file, 0, 6, false));
        DataSet ds = new DataSet();
        ds.setString(Tag.Rows, VR.US, "2");
        ds.setFragments(Tag.PixelData, VR.OB, f);
        DataSet back = parse(json(ds));
        Fragments g = back.getFragments(Tag.PixelData);
        assertNotNull(g);
        assertEquals(2, g.size());
        assertEquals(ds, back);
    }

    @Test
    void manyDataSetsStreamAsOneArray() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<DataSet> all = new ArrayList<>();
        try (DicomJsonWriter w = new DicomJsonWriter(out)) {
            w.writeStartArray();
            for (int i = 0; i < 500; i++) {
                DataSet ds = new DataSet();
                ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3." + i);
                ds.setString(Tag.PatientName, VR.PN, "Nguyễn^Thị " + i);
                w.write(ds);
                all.add(ds);
            }
            w.writeEndArray();
        }
        byte[] bytes = out.toByteArray();
        assertEquals('[', bytes[0]);
        CountingInput in = new CountingInput(bytes);
        List<Long> readWhenHandled = new ArrayList<>();
        List<DataSet> back = new ArrayList<>();
        int n = new DicomJsonReader().readDataSets(in, ds -> {
            readWhenHandled.add(in.count);
            back.add(ds);
        });
        assertEquals(500, n);
        for (int i = 0; i < 500; i++) assertEquals(all.get(i).getString(Tag.PatientName), back.get(i).getString(Tag.PatientName));
        assertEquals("ISO_IR 192", back.get(0).getString(Tag.SpecificCharacterSet));
        assertTrue(readWhenHandled.getFirst() < bytes.length / 2, "the first data set is handed over before the input is read");
    }

    @Test
    void inlineBulkDataIsStreamedNotBuffered() throws IOException {
        Path file = tmp.resolve("big.bin");
        byte[] content = new byte[3_000_000];
        new java.util.Random(7).nextBytes(content);
        Files.write(file, content);
        DataSet ds = new DataSet();
        ds.setBulkData(Tag.PixelData, VR.OB, BulkData.ofFile(file, 0, content.length, false));
        ChunkRecorder out = new ChunkRecorder();
        try (DicomJsonWriter w = new DicomJsonWriter(out)) {
            w.write(ds);
        }
        assertTrue(out.total > 4_000_000, "base64 of 3 MB");
        assertTrue(out.largestWrite < 64 * 1024, "written in small pieces, largest " + out.largestWrite);
        DataSet back = new DicomJsonReader().readDataSet(new ByteArrayInputStream(out.bytes.toByteArray()));
        assertEquals(ds, back);
    }

    private static final class CountingInput extends ByteArrayInputStream {
        long count;

        CountingInput(byte[] b) {
            super(b);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    private static final class ChunkRecorder extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long total;
        int largestWrite;

        @Override
        public void write(int b) {
            bytes.write(b);
            total++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            total += len;
            largestWrite = Math.max(largestWrite, len);
        }
    }
}
