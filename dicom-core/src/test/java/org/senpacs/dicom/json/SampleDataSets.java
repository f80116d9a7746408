package org.senpacs.dicom.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/** Data sets for the JSON and XML codec tests, and a comparison that copes with remote bulk data. */
public final class SampleDataSets {

    private SampleDataSets() {}

    public static final String VIETNAMESE_NAME = "NGUYỄN^VĂN AN";
    public static final String JAPANESE_NAME = "Yamada^Tarou=山田^太郎=やまだ^たろう";
    public static final String PIXEL_DATA_URI = "https://pacs.example.org/dicomweb/studies/1.2.3/bulk/7FE00010";
    /** Japanese with ISO 2022 code extensions, as in PS3.5 Annex H. */
    public static final SpecificCharacterSet JIS = SpecificCharacterSet.of("", "ISO 2022 IR 87");

    /** PS3.18 F.2.1.1.2: multiple results are one top-level array. */
    public static final String MULTIPLE_RESULTS = """
            [
              {
                 "0020000D": {
                  "vr": "UI",
                  "Value": [ "1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873" ]
                }
              },
              {
                "0020000D" : {
                  "vr": "UI",
                  "Value": [ "1.2.392.200036.9116.2.2.2.2162893313.1029997326.945876" ]
                }
              }
            ]
            """;

    /** The first result is the example of PS3.18 F.4; the second is modeled on it. */
    public static final String ANNEX_F4 = """
            [
              {
                "00080005": { "vr": "CS", "Value": [ "ISO_IR 192" ] },
                "00080020": { "vr": "DA", "Value": [ "20130409" ] },
                "00080030": { "vr": "TM", "Value": [ "131600.0000" ] },
                "00080050": { "vr": "SH", "Value": [ "11235813" ] },
                "00080056": { "vr": "CS", "Value": [ "ONLINE" ] },
                "00080061": { "vr": "CS", "Value": [ "CT", "PET" ] },
                "00080090": { "vr": "PN", "Value": [ { "Alphabetic": "^Bob^^Dr." } ] },
                "00081190": { "vr": "UR",
                  "Value": [ "http://wado.nema.org/studies/1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873" ] },
                "00090010": { "vr": "LO", "Value": [ "Vendor A" ] },
                "00091002": { "vr": "UN", "InlineBinary": "z0x9c8v7" },
                "00100010": { "vr": "PN", "Value": [ { "Alphabetic": "Wang^XiaoDong", "Ideographic": "王^小東" } ] },
                "00100020": { "vr": "LO", "Value": [ "12345" ] },
                "00100021": { "vr": "LO", "Value": [ "Hospital A" ] },
                "00100030": { "vr": "DA", "Value": [ "19670701" ] },
                "00100040": { "vr": "CS", "Value": [ "M" ] },
                "00101002": { "vr": "SQ", "Value": [
                    { "00100020": { "vr": "LO", "Value": [ "54321" ] },
                      "00100021": { "vr": "LO", "Value": [ "Hospital B" ] } },
                    { "00100020": { "vr": "LO", "Value": [ "24680" ] },
                      "00100021": { "vr": "LO", "Value": [ "Hospital C" ] } } ] },
                "0020000D": { "vr": "UI", "Value": [ "1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873" ] },
                "00200010": { "vr": "SH", "Value": [ "11235813" ] },
                "00201206": { "vr": "IS", "Value": [ 4 ] },
                "00201208": { "vr": "IS", "Value": [ 942 ] }
              },
              {
                "00080005": { "vr": "CS", "Value": [ "ISO_IR 192" ] },
                "00100010": { "vr": "PN", "Value": [ { "Alphabetic": "Wang^XiaoDong", "Ideographic": "王^小東" } ] },
                "00101002": { "vr": "SQ", "Value": [
                    { "00100020": { "vr": "LO", "Value": [ "54321" ] },
                      "00100021": { "vr": "LO", "Value": [ "Hospital B2" ] } },
                    { "00100020": { "vr": "LO", "Value": [ "24680" ] },
                      "00100021": { "vr": "LO", "Value": [ "Hospital C2" ] } } ] },
                "0020000D": { "vr": "UI", "Value": [ "1.2.392.200036.9116.2.2.2.2162893313.1029997326.945876" ] }
              }
            ]
            """;

    /**
     * Every VR, multi-valued strings and numbers, empty values (alone and among others), sequences
     * nested three levels deep with an empty item, private elements in two blocks, Vietnamese and
     * Japanese names (one in an item with its own ISO 2022 character set, held as bytes), binary
     * values, unparsable IS and DS values, and Pixel Data as a remote bulk data reference.
     */
    public static DataSet everyVr() {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.1.1");
        ds.setString(Tag.StudyDate, VR.DA, "20240131");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240131103000.123456+0700");
        ds.setString(Tag.StudyTime, VR.TM, "103000.5");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-1");
        ds.setString(Tag.RetrieveAETitle, VR.AE, "SEN_PACS", "ARCHIVE2");
        ds.setString(Tag.ModalitiesInStudy, VR.CS, "CT", "PET");
        ds.setString(Tag.InstitutionAddress, VR.ST, "Số 1 Tôn Thất Tùng\\Hà Nội");
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "Doe^John", "", "Smith^Ann^^Dr.");
        ds.setString(Tag.LongCodeValue, VR.UC, "A-VERY-LONG-CODE-VALUE-0123456789-0123456789-0123456789-0123456789-XYZ");
        ds.newSequence(Tag.ProcedureCodeSequence, 0);
        ds.setString(Tag.PerformingPhysicianName, VR.PN, JAPANESE_NAME);
        ds.setEmpty(Tag.OperatorsName, VR.PN);
        ds.setString(Tag.RetrieveURL, VR.UR, "https://pacs.example.org/dicomweb/studies/1.2.3");
        ds.setDouble(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 29.97, -0.5, Double.NaN, Double.POSITIVE_INFINITY);

        ds.setString(0x00090010, VR.LO, "SEN TEST");
        ds.setString(0x00090011, VR.LO, "ACME 1.0");
        ds.setBytes(0x00091002, VR.UN, new byte[] {1, 2, 3, 4, 5});
        ds.setEmpty(0x00091003, VR.OB);
        ds.setString(0x00091010, VR.LO, "private text");
        ds.setString(0x00091101, VR.DS, "1.5");
        DataSet privateItem = ds.newSequence(0x00091102, 1).addItem();
        privateItem.setString(0x00290010, VR.LO, "SEN TEST");
        privateItem.setString(0x00291001, VR.SH, "in an item");

        ds.setString(Tag.PatientName, VR.PN, VIETNAMESE_NAME);
        ds.setString(Tag.PatientID, VR.LO, "12345");
        ds.setEmpty(Tag.PatientBirthDate, VR.DA);
        ds.setString(Tag.OtherPatientIDs, VR.LO, "A1", "B2");
        ds.setString(Tag.PatientAge, VR.AS, "045Y");
        ds.setString(Tag.PatientComments, VR.LT, "  indented first line\r\nsecond line, with a back\\slash");
        Sequence others = ds.newSequence(Tag.OtherPatientIDsSequence, 4);
        DataSet b = others.addItem();
        b.setString(Tag.PatientID, VR.LO, "54321");
        b.setString(Tag.IssuerOfPatientID, VR.LO, "Bệnh viện B");
        DataSet c = others.addItem();
        c.setString(Tag.PatientID, VR.LO, "24680");
        DataSet level2 = c.newSequence(Tag.ReferencedStudySequence, 1).addItem();
        level2.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4");
        DataSet level3 = level2.newSequence(Tag.ReferencedSeriesSequence, 2).addItem();
        level3.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.4.5");
        level3.setInt(Tag.ReferencedFrameNumber, VR.IS, 1, 2, 3);
        level2.getSequence(Tag.ReferencedSeriesSequence).addItem(); // an empty item
        DataSet japanese = others.addItem();
        japanese.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 87");
        japanese.setBytes(Tag.PatientName, VR.PN, JIS.encode(JAPANESE_NAME, true));

        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        ds.setString(Tag.SliceThickness, VR.DS, "unknown");
        ds.setString(Tag.InstanceNumber, VR.IS, "7");
        ds.setString(Tag.ImagePositionPatient, VR.DS, "-120.5", "0", "1.0e2");
        ds.setString(Tag.NumberOfStudyRelatedInstances, VR.IS, "12a");
        ds.setString(Tag.PixelSpacing, VR.DS, "0.50", "0.25");
        ds.setLongs(Tag.FrameIncrementPointer, VR.AT, 0x00181063, 0x00181065);
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setBytes(Tag.RedPaletteColorLookupTableData, VR.OW, new byte[] {0, 0, 1, 0, (byte) 0xFF, (byte) 0xFF, 2, 0});

        ds.setString(Tag.TextValue, VR.UT, "Unlimited text: Đây là văn bản.");
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {'%', 'P', 'D', 'F', '-'});
        ds.setBytes(Tag.LongPrimitivePointIndexList, VR.OL, new byte[] {1, 0, 0, 0, 2, 0, 0, 0});
        ds.setString(Tag.SelectorISValue, VR.IS, "1", "", "-3");
        ds.setDouble(Tag.SelectorFDValue, VR.FD, Math.PI, -1e300, Double.NEGATIVE_INFINITY);
        ds.setEmpty(Tag.SelectorFLValue, VR.FL);
        ds.setLongs(Tag.SelectorULValue, VR.UL, 0, 4294967295L);
        ds.setLongs(Tag.SelectorUSValue, VR.US, 0, 65535);
        ds.setLongs(Tag.SelectorSLValue, VR.SL, Integer.MIN_VALUE, Integer.MAX_VALUE);
        ds.setLongs(Tag.SelectorSSValue, VR.SS, -32768, 32767);
        ds.setLongs(Tag.SelectorSVValue, VR.SV, Long.MIN_VALUE, 42);
        ds.setLongs(Tag.SelectorUVValue, VR.UV, -1L, 5); // -1 is 2^64 - 1
        ds.setLongs(Tag.SimpleFrameList, VR.UL, 1, 2, 3);
        ds.setBytes(Tag.ExtendedOffsetTable, VR.OV, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0});
        ds.setBytes(Tag.FloatPixelData, VR.OF, new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0});
        ds.setBytes(Tag.DoubleFloatPixelData, VR.OD, new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0});
        ds.setBulkData(Tag.PixelData, VR.OB, new BulkData(PIXEL_DATA_URI, 0, -1, false));
        return ds;
    }

    /**
     * A copy where references to remote bulk data (which {@link DataSet#equals} cannot read) are
     * replaced by bytes naming their URI, so that two data sets can be compared.
     */
    public static DataSet comparable(DataSet ds) {
        DataSet copy = ds.copy();
        replaceRemote(copy);
        return copy;
    }

    private static void replaceRemote(DataSet ds) {
        for (int i = 0; i < ds.size(); i++) {
            Object v = ds.valueAt(i);
            if (v instanceof BulkData ref && !ref.isFile()) {
                String marker = "bulk:" + ref.uri() + "@" + ref.offset() + "+" + ref.length();
                ds.put(ds.tagAt(i), ds.vrAt(i), marker.getBytes(StandardCharsets.US_ASCII));
            } else if (v instanceof Sequence seq) {
                for (DataSet item : seq) replaceRemote(item);
            }
        }
    }

    /** Asserts equal data sets per {@link DataSet#equals}, remote bulk data compared by reference. */
    public static void assertSameDataSet(DataSet expected, DataSet actual) {
        assertEquals(comparable(expected), comparable(actual));
    }

    /** A copy without the elements a writer counts as bulk data (see {@link BulkDataUriProvider}). */
    public static DataSet withoutBulkData(DataSet ds) {
        DataSet copy = ds.copy();
        stripBulk(copy);
        return copy;
    }

    private static void stripBulk(DataSet ds) {
        for (int i = ds.size() - 1; i >= 0; i--) {
            Object v = ds.valueAt(i);
            if (ds.vrAt(i).isBulk() || v instanceof BulkData || v instanceof org.senpacs.dicom.Fragments) {
                ds.remove(ds.tagAt(i));
            } else if (v instanceof Sequence seq) {
                for (DataSet item : seq) stripBulk(item);
            }
        }
    }
}
