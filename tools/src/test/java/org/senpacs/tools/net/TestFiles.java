package org.senpacs.tools.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomStreamReader;
import org.senpacs.dicom.testing.Samples;

/** Small DICOM files for the tests, and the comparison of what a peer wrote with what was sent. */
final class TestFiles {

    private TestFiles() {}

    /** A CT-like instance with 32×32 16-bit pixels; {@code n} makes the UIDs. */
    static DataSet image(String sopClass, String study, String series, int n, String patientName) {
        DataSet ds = Samples.everyVr();
        ds.setString(Tag.PatientComments, VR.LT, "no trailing spaces"); // dcmtk trims those of LT when it re-encodes
        ds.setString(Tag.SOPClassUID, VR.UI, sopClass);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.7000" + n);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setString(Tag.PatientName, VR.PN, patientName);
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(n));
        ds.setInt(Tag.Rows, VR.US, 32);
        ds.setInt(Tag.Columns, VR.US, 32);
        byte[] pixels = new byte[32 * 32 * 2];
        new Random(n).nextBytes(pixels);
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    static Path write(Path dir, String name, DataSet ds, String transferSyntax) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        new DataSetWriter().writeFile(f, DataSetWriter.fileMetaInformation(ds, transferSyntax), ds);
        return f;
    }

    /** The same image with its pixels as JPEG Baseline fragments (not real JPEG: nobody decodes them here). */
    static Path writeEncapsulated(Path dir, String name, DataSet ds) throws IOException {
        DataSet copy = ds.copy();
        Fragments f = new Fragments();
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9});
        copy.remove(Tag.PixelData);
        copy.setFragments(Tag.PixelData, VR.OB, f);
        return write(dir, name, copy, UID.JPEGBaseline8Bit);
    }

    /**
     * A test corpus under {@code dir}: two studies, CT in Explicit VR LE, MR in Implicit VR LE, one
     * CT in JPEG Baseline, one in a sub-folder, and a text file that is not DICOM.
     */
    static Path corpus(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int i = 1; i <= 3; i++) {
            write(dir, "ct" + i + ".dcm", image(UID.CTImageStorage, "2.25.100", "2.25.101", i, Samples.VIETNAMESE_NAME),
                    UID.ExplicitVRLittleEndian);
        }
        write(dir.resolve("sub"), "mr1.dcm", image(UID.MRImageStorage, "2.25.200", "2.25.201", 4, "TRẦN^THỊ BÌNH"),
                UID.ImplicitVRLittleEndian);
        writeEncapsulated(dir, "ct5.dcm", image(UID.CTImageStorage, "2.25.100", "2.25.102", 5, Samples.VIETNAMESE_NAME));
        Files.writeString(dir.resolve("README.txt"), "not a DICOM file\n");
        return dir;
    }

    /** The File Meta Information's transfer syntax, SOP Instance UID, and the data set bytes after the meta group. */
    record Part10(String transferSyntax, String sopInstance, byte[] dataSet) {}

    static Part10 read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        try (DicomStreamReader r = new DicomStreamReader(new java.io.ByteArrayInputStream(all))) {
            String iuid = r.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID);
            return new Part10(r.transferSyntax().uid(), iuid, Arrays.copyOfRange(all, (int) r.dataSetOffset(), all.length));
        }
    }
}
