package org.senpacs.dicom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;

/** Reading the headers of a 1 GB multi-frame file with bulk data references stays well under 64 MB. */
class LargeFileHeadersTest {

    @TempDir
    Path dir;

    @Test
    void oneGigabyteMultiFrameHeadersInUnder64MegabytesOfHeap() throws IOException {
        int rows = 512;
        int cols = 512;
        int frames = 2048; // 512 x 512 x 2 bytes x 2048 frames = 1 GiB
        long pixelBytes = (long) rows * cols * 2 * frames;
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.EnhancedCTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1234567");
        ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames));
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, cols);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        Path file = dir.resolve("big.dcm");
        try (OutputStream out = Files.newOutputStream(file)) {
            new DataSetWriter().writeFile(out, DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
            // Pixel Data header by hand; the value itself is left sparse on disk.
            byte[] h = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
                (byte) pixelBytes, (byte) (pixelBytes >> 8), (byte) (pixelBytes >> 16), (byte) (pixelBytes >> 24)};
            out.write(h);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() + pixelBytes);
        }
        assertTrue(Files.size(file) > 1_000_000_000L);

        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        DicomFile read = new DataSetReader(ReadOptions.DEFAULT.withBulkData(ReadOptions.BulkDataPolicy.REFERENCE, 1024))
                .read(file);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;

        BulkData ref = read.dataSet().getBulkData(Tag.PixelData);
        assertNotNull(ref);
        assertEquals(pixelBytes, ref.length());
        assertEquals(frames, read.dataSet().getInt(Tag.NumberOfFrames, 0));
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes");
    }
}
