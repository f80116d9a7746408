package org.senpacs.dicom.testing;

import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/** Data sets for tests: every VR, nested sequences, private elements, Vietnamese text. */
public final class Samples {

    private Samples() {}

    public static final String VIETNAMESE_NAME = "NGUYỄN^VĂN AN";

    /** A small CT-like image with every VR, nested sequences and a private block, in ISO_IR 192. */
    public static DataSet everyVr() {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.1.1");
        ds.setString(Tag.StudyDate, VR.DA, "20240315");
        ds.setString(Tag.StudyTime, VR.TM, "101530.123456");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240315101530.5+0700");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-0001");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.RetrieveAETitle, VR.AE, "SEN");
        ds.setString(Tag.InstitutionName, VR.LO, "Bệnh viện Bạch Mai");
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "ĐẶNG^VĂN ĐỨC");
        ds.setString(Tag.StudyDescription, VR.LO, "CT sọ não không tiêm thuốc");
        ds.setString(Tag.PatientName, VR.PN, VIETNAMESE_NAME);
        ds.setString(Tag.PatientID, VR.LO, "BN-123456");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19800101");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setString(Tag.PatientAge, VR.AS, "044Y");
        ds.setString(Tag.AdditionalPatientHistory, VR.LT, "Đau đầu 3 ngày.\r\nKhông sốt.");
        ds.setString(Tag.PatientComments, VR.LT, "leading spaces kept   ");
        ds.setString(Tag.SliceThickness, VR.DS, "1.25");
        ds.setString(Tag.PixelSpacing, VR.DS, "0.488281", "0.488281");
        ds.setString(Tag.SeriesNumber, VR.IS, "3");
        ds.setString(Tag.ImageComments, VR.LT, "back\\slash in LT");
        ds.setString(Tag.TextValue, VR.UT, "unlimited text ".repeat(10));
        ds.setString(Tag.RetrieveURL, VR.UR, "http://example.org/pixels");
        ds.setString(Tag.LongCodeValue, VR.UC, "UC value");
        ds.setString(Tag.InstitutionAddress, VR.ST, "78 Giải Phóng, Đống Đa, Hà Nội");
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setInt(Tag.SmallestImagePixelValue, VR.SS, -1024);
        ds.setInt(Tag.ReferencePixelX0, VR.SL, -70000);
        ds.setLongs(Tag.SimpleFrameList, VR.UL, 1, 2, 4000000000L);
        ds.setDouble(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 12.5);
        ds.setDouble(Tag.ExposureInmAs, VR.FD, 3.14159265358979);
        ds.setLongs(Tag.SelectorSVValue, VR.SV, -5_000_000_000L);
        ds.setLongs(Tag.SelectorUVValue, VR.UV, 5_000_000_000L);
        ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {1, 2, 3, 4});
        ds.setDouble(Tag.VectorGridData, VR.OF, 1.5, -2.5);
        ds.setDouble(Tag.SelectorODValue, VR.OD, 1e300);
        ds.setLongs(Tag.LongPrimitivePointIndexList, VR.OL, 7, 8);
        ds.setLongs(Tag.SelectorOVValue, VR.OV, 0, 123456789012L);
        ds.setEmpty(Tag.ReferringPhysicianTelephoneNumbers, VR.SH);
        ds.setBytes(ds.reservePrivateTag("SEN UN TEST", 0x00091010), VR.UN, new byte[] {9, 8, 7, 6});
        Sequence seq = ds.newSequence(Tag.RequestAttributesSequence, 2);
        DataSet item = seq.addItem();
        item.setString(Tag.RequestedProcedureID, VR.SH, "RP1");
        item.setString(Tag.ScheduledProcedureStepDescription, VR.LO, "Chụp CT sọ não");
        Sequence code = item.newSequence(Tag.ScheduledProtocolCodeSequence, 1);
        DataSet codeItem = code.addItem();
        codeItem.setString(Tag.CodeValue, VR.SH, "18.0119.0028");
        codeItem.setString(Tag.CodingSchemeDesignator, VR.SH, "BYT");
        codeItem.setString(Tag.CodeMeaning, VR.LO, "Chụp CLVT sọ não");
        seq.addItem(); // an empty item
        ds.setEmpty(Tag.ReferencedStudySequence, VR.SQ);
        int creator = ds.reservePrivateTag("SEN PACS TEST", 0x00291000);
        ds.setString(creator, VR.LO, "private value");
        short[] pixels = {-1024, 0, 1, 2, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 2000, 3000};
        byte[] pixelBytes = new byte[pixels.length * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixelBytes[2 * i] = (byte) pixels[i];
            pixelBytes[2 * i + 1] = (byte) (pixels[i] >> 8);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixelBytes);
        return ds;
    }
}
