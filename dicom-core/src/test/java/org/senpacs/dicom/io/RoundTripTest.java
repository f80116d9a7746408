package org.senpacs.dicom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Implementation;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.testing.Samples;

class RoundTripTest {

    @TempDir
    Path dir;

    static List<String> uncompressed() {
        return List.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian, UID.ExplicitVRBigEndian,
                UID.DeflatedExplicitVRLittleEndian);
    }

    static List<Object[]> uncompressedWithLengths() {
        return uncompressed().stream().flatMap(ts -> List.of(new Object[] {ts, false}, new Object[] {ts, true}).stream()).toList();
    }

    @ParameterizedTest(name = "{0} defined lengths={1}")
    @MethodSource("uncompressedWithLengths")
    void fileRoundTripGivesEqualDataSet(String tsuid, boolean definedLengths) throws IOException {
        DataSet ds = Samples.everyVr();
        Path file = dir.resolve("rt.dcm");
        new DataSetWriter(new DataSetWriter.WriteOptions(definedLengths))
                .writeFile(file, DataSetWriter.fileMetaInformation(ds, tsuid), ds);
        DicomFile back = new DataSetReader().read(file);
        assertEquals(tsuid, back.transferSyntax().uid());
        assertEquals(Implementation.CLASS_UID, back.fileMetaInformation().getString(Tag.ImplementationClassUID));
        DataSet expected = expectedAfter(TransferSyntax.of(tsuid), ds);
        assertEquals(expected, back.dataSet(), () -> "expected\n" + expected + "\nread\n" + back.dataSet());
        assertEquals(Samples.VIETNAMESE_NAME, back.dataSet().getString(Tag.PatientName));
        assertEquals("Chụp CLVT sọ não", back.dataSet().getItem(Tag.RequestAttributesSequence)
                .getItem(Tag.ScheduledProtocolCodeSequence).getString(Tag.CodeMeaning));
        assertEquals(-1024, back.dataSet().getInt(Tag.SmallestImagePixelValue, 0));
        assertEquals(Tag.FrameTime, back.dataSet().getInt(Tag.FrameIncrementPointer, 0));
        assertEquals(5_000_000_000L, back.dataSet().getLong(Tag.SelectorUVValue, 0));
        assertEquals("private value", new String(back.dataSet().getBytes(
                back.dataSet().privateTag("SEN PACS TEST", 0x00291000)), java.nio.charset.StandardCharsets.UTF_8).trim());
        // and a second trip gives the same bytes
        Path again = dir.resolve("again.dcm");
        new DataSetWriter(new DataSetWriter.WriteOptions(definedLengths))
                .writeFile(again, back.fileMetaInformation(), back.dataSet());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
    }

    @ParameterizedTest
    @MethodSource("uncompressed")
    void bareDataSetRoundTrip(String tsuid) throws IOException {
        DataSet ds = Samples.everyVr();
        TransferSyntax ts = TransferSyntax.of(tsuid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(out, ds, ts);
        DataSet back = new DataSetReader().read(new ByteArrayInputStream(out.toByteArray()), ts);
        assertEquals(expectedAfter(ts, ds), back);
    }

    @ParameterizedTest
    @MethodSource("uncompressed")
    void theSmallestReadBufferReadsTheSame(String tsuid) throws IOException {
        DataSet ds = Samples.everyVr();
        ds.setBytes(Tag.OverlayData, VR.OW, new byte[3000]); // a value longer than the buffer
        TransferSyntax ts = TransferSyntax.of(tsuid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(out, ds, ts);
        // not a ByteArrayInputStream, which would size the buffer to the input
        java.io.InputStream in = new java.io.BufferedInputStream(new ByteArrayInputStream(out.toByteArray()), 100);
        DataSet back = new DataSetReader().read(new DicomStreamReader(in, ts, 256), null);
        assertEquals(expectedAfter(ts, ds), back);
    }

    /**
     * What a data set reads back as: the same, except that Implicit VR cannot carry the VR of
     * private elements, which come back as UN with the same bytes.
     */
    static DataSet expectedAfter(TransferSyntax ts, DataSet ds) {
        if (ts.explicitVR()) return ds;
        DataSet e = ds.copy();
        for (int i = 0; i < e.size(); i++) {
            int tag = e.tagAt(i);
            if (org.senpacs.dicom.Tags.isPrivate(tag) && !org.senpacs.dicom.Tags.isPrivateCreator(tag)) {
                byte[] b = e.getBytes(tag);
                if ((b.length & 1) == 1) b = java.util.Arrays.copyOf(b, b.length + 1);
                if (e.vrAt(i).isText() && b.length > 0 && b[b.length - 1] == 0) b[b.length - 1] = ' ';
                e.setBytes(tag, VR.UN, b);
            }
        }
        return e;
    }

    @ParameterizedTest
    @MethodSource("uncompressed")
    void bareDataSetWithoutMetaIsGuessed(String tsuid) throws IOException {
        if (tsuid.equals(UID.DeflatedExplicitVRLittleEndian)) return; // deflate cannot be guessed
        DataSet ds = Samples.everyVr();
        ds.remove(0x00080005); // the guess looks at the first element; start at (0008,0008)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(out, ds, TransferSyntax.of(tsuid));
        DicomFile back = new DataSetReader().read(new ByteArrayInputStream(out.toByteArray()));
        assertNull(back.fileMetaInformation());
        assertEquals(tsuid, back.transferSyntax().uid());
        assertEquals(ds.getString(Tag.SOPInstanceUID), back.dataSet().getString(Tag.SOPInstanceUID));
    }

    @Test
    void encapsulatedPixelDataKeepsFragments() throws IOException {
        DataSet ds = Samples.everyVr();
        Fragments f = new Fragments();
        f.setOffsetTable(new byte[] {0, 0, 0, 0});
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}); // odd length: padded on writing
        f.add(new byte[] {4, 5, 6, (byte) 0xFF, (byte) 0xD9, 0});
        ds.setFragments(Tag.PixelData, VR.OB, f);
        Path file = dir.resolve("jpeg.dcm");
        new DataSetWriter().writeFile(file, DataSetWriter.fileMetaInformation(ds, UID.JPEGBaseline8Bit), ds);
        DicomFile back = new DataSetReader().read(file);
        Fragments g = back.dataSet().getFragments(Tag.PixelData);
        assertNotNull(g);
        assertEquals(2, g.size());
        assertArrayEquals(new byte[] {0, 0, 0, 0}, g.offsetTable());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 0}, (byte[]) g.fragments().get(0));
        assertTrue(back.transferSyntax().encapsulated());
    }

    @Test
    void bulkDataReferencesAreStreamedBackOut() throws IOException {
        DataSet ds = Samples.everyVr();
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        ds.setBytes(Tag.PixelData, VR.OW, big);
        Path file = dir.resolve("big.dcm");
        new DataSetWriter().writeFile(file, DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRBigEndian), ds);

        ReadOptions refs = ReadOptions.DEFAULT.withBulkData(ReadOptions.BulkDataPolicy.REFERENCE, 1024);
        DicomFile read = new DataSetReader(refs).read(file);
        BulkData ref = read.dataSet().getBulkData(Tag.PixelData);
        assertNotNull(ref);
        assertTrue(ref.bigEndian());
        assertEquals(big.length, ref.length());
        // Written again little endian from the big-endian reference: bytes swapped while streaming.
        Path copy = dir.resolve("copy.dcm");
        new DataSetWriter().writeFile(copy, DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), read.dataSet());
        DicomFile back = new DataSetReader().read(copy);
        assertArrayEquals(big, back.dataSet().getBytes(Tag.PixelData));
        assertEquals(ds, back.dataSet());
    }

    @Test
    void stopBeforePixelDataLeavesTheRestUnread() throws IOException {
        DataSet ds = Samples.everyVr();
        Path file = dir.resolve("h.dcm");
        new DataSetWriter().writeFile(file, DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        DataSet head = new DataSetReader(ReadOptions.DEFAULT.withStopBefore(Tag.PixelData)).read(file).dataSet();
        assertTrue(head.contains(Tag.PixelRepresentation));
        assertTrue(!head.contains(Tag.PixelData));
        assertEquals(ds.size() - 1, head.size());
    }

    @Test
    void skipPolicyDropsBulkValues() throws IOException {
        DataSet ds = Samples.everyVr();
        Path file = dir.resolve("s.dcm");
        new DataSetWriter().writeFile(file, DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        DataSet read = new DataSetReader(ReadOptions.DEFAULT.withBulkData(ReadOptions.BulkDataPolicy.SKIP, 16)).read(file).dataSet();
        assertTrue(!read.contains(Tag.PixelData)); // 32 bytes
        assertTrue(read.contains(Tag.EncapsulatedDocument)); // 4 bytes (padded): below the threshold
    }
}
