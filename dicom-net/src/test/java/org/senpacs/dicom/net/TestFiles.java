package org.senpacs.dicom.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.testing.Samples;

/**
 * The objects the network tests send: two patients with Vietnamese names (ISO_IR 192), two
 * studies, three series, written as Part 10 files in every uncompressed transfer syntax, Deflate,
 * and an encapsulated JPEG Baseline one with several fragments.
 */
final class TestFiles {

    private TestFiles() {}

    static final String PATIENT_1 = Samples.VIETNAMESE_NAME;
    static final String PATIENT_2 = "TRẦN^THỊ BÍCH";
    static final String STUDY_1 = "2.25.700001";
    static final String STUDY_2 = "2.25.700002";

    /** One object to send: its data set and the transfer syntax of its file. */
    record TestObject(DataSet dataSet, String transferSyntax) {
        String sopInstanceUid() {
            return dataSet.getString(Tag.SOPInstanceUID);
        }
    }

    /** The five objects: implicit, explicit LE, explicit BE, deflated, JPEG Baseline. */
    static List<TestObject> objects() {
        List<TestObject> list = new ArrayList<>();
        list.add(new TestObject(instance(1, PATIENT_1, "BN-1", STUDY_1, "2.25.710001"), UID.ImplicitVRLittleEndian));
        list.add(new TestObject(instance(2, PATIENT_1, "BN-1", STUDY_1, "2.25.710001"), UID.ExplicitVRLittleEndian));
        list.add(new TestObject(instance(3, PATIENT_1, "BN-1", STUDY_1, "2.25.710002"), UID.ExplicitVRBigEndian));
        list.add(new TestObject(instance(4, PATIENT_2, "BN-2", STUDY_2, "2.25.710003"), UID.DeflatedExplicitVRLittleEndian));
        list.add(new TestObject(jpegBaseline(instance(5, PATIENT_2, "BN-2", STUDY_2, "2.25.710003")), UID.JPEGBaseline8Bit));
        return list;
    }

    static DataSet instance(int n, String patientName, String patientId, String study, String series) {
        DataSet ds = Samples.everyVr();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.72000" + n);
        ds.setString(Tag.PatientName, VR.PN, patientName);
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setString(Tag.StudyID, VR.SH, "S" + study.substring(study.length() - 1));
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(n));
        return ds;
    }

    /** The same object with 8-bit encapsulated pixel data: an empty offset table and three fragments. */
    static DataSet jpegBaseline(DataSet ds) {
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "YBR_FULL_422");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 3);
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.remove(Tag.SmallestImagePixelValue);
        ds.setString(Tag.LossyImageCompression, VR.CS, "01");
        Fragments f = new Fragments();
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'});
        byte[] middle = new byte[5000];
        for (int i = 0; i < middle.length; i++) middle[i] = (byte) (i * 31);
        f.add(middle);
        f.add(new byte[] {1, 2, 3, (byte) 0xFF, (byte) 0xD9, 0});
        ds.setFragments(Tag.PixelData, VR.OB, f);
        return ds;
    }

    /** Writes each object as a Part 10 file in its transfer syntax; returns the files in order. */
    static List<Path> write(Path dir, List<TestObject> objects) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (TestObject o : objects) {
            Path f = dir.resolve(o.sopInstanceUid() + ".dcm");
            new DataSetWriter().writeFile(f, DataSetWriter.fileMetaInformation(o.dataSet(), o.transferSyntax()), o.dataSet());
            files.add(f);
        }
        return files;
    }

    static DicomFile read(Path file) throws IOException {
        return new DataSetReader().read(file);
    }

    /** Every DICOM file under {@code dir} (recursively), by SOP Instance UID. */
    static Map<String, DicomFile> readAll(Path dir) throws IOException {
        Map<String, DicomFile> map = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().startsWith(".")) continue;
                DicomFile f = read(p);
                map.put(f.dataSet().getString(Tag.SOPInstanceUID), f);
            }
        }
        return map;
    }

    /**
     * What a data set reads back as after a trip through {@code tsuid}: the same, except that
     * Implicit VR cannot carry the VR of private elements, which come back as UN with the same
     * (even length) bytes.
     */
    static DataSet expectedAfter(String tsuid, DataSet ds) {
        if (TransferSyntax.of(tsuid).explicitVR()) return ds;
        DataSet e = ds.copy();
        for (int i = 0; i < e.size(); i++) {
            int tag = e.tagAt(i);
            if (Tags.isPrivate(tag) && !Tags.isPrivateCreator(tag) && e.vrAt(i) != VR.UN) {
                byte[] b = e.getBytes(tag);
                if ((b.length & 1) == 1) b = Arrays.copyOf(b, b.length + 1);
                if (e.vrAt(i).isText() && b.length > 0 && b[b.length - 1] == 0) b[b.length - 1] = ' ';
                e.setBytes(tag, VR.UN, b);
            }
        }
        return e;
    }

    /** The data set an object's file reads back as, after it went through {@code tsuid} too. */
    static DataSet expected(TestObject o, String tsuid) {
        DataSet ds = expectedAfter(o.transferSyntax(), o.dataSet());
        return expectedAfter(tsuid, ds);
    }
}
