package org.senpacs.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.testing.Samples;

class DataSetTest {

    @Test
    void elementsStaySortedInUnsignedTagOrder() {
        DataSet ds = new DataSet(2);
        ds.setString(Tag.PatientName, VR.PN, "A");
        ds.setBytes(0xFFFAFFFA, VR.UN, new byte[0]);
        ds.setBytes(Tag.PixelData, VR.OW, new byte[2]);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(0x00090010, VR.LO, "X");
        assertEquals(Tag.Modality, ds.tagAt(0));
        assertEquals(0x00090010, ds.tagAt(1));
        assertEquals(Tag.PatientName, ds.tagAt(2));
        assertEquals(Tag.PixelData, ds.tagAt(3));
        assertEquals(0xFFFAFFFA, ds.tagAt(4));
        assertTrue(ds.remove(Tag.PatientName));
        assertFalse(ds.contains(Tag.PatientName));
        assertEquals(4, ds.size());
    }

    @Test
    void typedAccessors() {
        DataSet ds = Samples.everyVr();
        assertEquals("CT", ds.getString(Tag.Modality));
        assertArrayEquals(new String[] {"ORIGINAL", "PRIMARY", "AXIAL"}, ds.getStrings(Tag.ImageType));
        assertEquals("PRIMARY", ds.getString(Tag.ImageType, 1, null));
        assertEquals(LocalDate.of(2024, 3, 15), ds.getDate(Tag.StudyDate));
        assertEquals(LocalTime.of(10, 15, 30, 123_456_000), ds.getTime(Tag.StudyTime));
        assertEquals(OffsetDateTime.of(2024, 3, 15, 10, 15, 30, 500_000_000, ZoneOffset.ofHours(7)),
                ds.getDateTime(Tag.AcquisitionDateTime));
        assertEquals(Period.ofYears(44), ds.getAge(Tag.PatientAge));
        assertEquals(3, ds.getInt(Tag.SeriesNumber, 0));
        assertArrayEquals(new double[] {0.488281, 0.488281}, ds.getDoubles(Tag.PixelSpacing));
        assertEquals(1.25, ds.getDouble(Tag.SliceThickness, 0), 0);
        assertEquals(-70000, ds.getInt(Tag.ReferencePixelX0, 0));
        assertEquals(4_000_000_000L, ds.getLongs(Tag.SimpleFrameList)[2]);
        assertEquals(12.5, ds.getDouble(Tag.RecommendedDisplayFrameRateInFloat, 0), 0);
        assertEquals("back\\slash in LT", ds.getString(Tag.ImageComments));
        assertNull(ds.getString(Tag.ReferringPhysicianTelephoneNumbers));
        assertTrue(ds.contains(Tag.ReferringPhysicianTelephoneNumbers));
        assertFalse(ds.hasValue(Tag.ReferringPhysicianTelephoneNumbers));
        assertEquals(-1, ds.getInt(Tag.NumberOfFrames, -1));
    }

    @Test
    void personNamesWithThreeGroups() {
        PersonName pn = PersonName.parse("Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertEquals("Yamada", pn.alphabetic().family());
        assertEquals("太郎", pn.ideographic().given());
        assertEquals("やまだ", pn.phonetic().family());
        assertEquals("Yamada^Tarou=山田^太郎=やまだ^たろう", pn.toString());
        PersonName vn = PersonName.parse(Samples.VIETNAMESE_NAME);
        assertEquals("NGUYỄN", vn.alphabetic().family());
        assertEquals("VĂN AN", vn.alphabetic().given());
        assertTrue(vn.ideographic().isEmpty());
        assertEquals(Samples.VIETNAMESE_NAME, vn.toString());
        assertEquals("Smith^John^^Dr", PersonName.parse("Smith^John^^Dr^").toString());
    }

    @Test
    void dateTimeFormsAndErrors() {
        assertEquals(LocalDate.of(1999, 12, 31), DateTimes.parseDate("1999.12.31"));
        assertEquals(LocalTime.of(7, 0), DateTimes.parseTime("07"));
        assertEquals(LocalTime.of(7, 30, 15), DateTimes.parseTime("07:30:15"));
        assertEquals(LocalDateTime.of(2024, 1, 1, 0, 0), DateTimes.parseDateTime("2024"));
        assertEquals(OffsetDateTime.of(2024, 6, 1, 8, 0, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30)),
                DateTimes.parseDateTime("2024060108-0330"));
        assertThrows(java.time.DateTimeException.class, () -> DateTimes.parseDate("2024013"));
        assertThrows(java.time.DateTimeException.class, () -> DateTimes.parseDate("20241301"));
        assertEquals("20240315", DateTimes.formatDate(LocalDate.of(2024, 3, 15)));
        assertEquals("101530.123456", DateTimes.formatTime(LocalTime.of(10, 15, 30, 123_456_000)));
        assertEquals(1.0 / 3, Double.parseDouble(DateTimes.formatDecimal(1.0 / 3)), 1e-13);
        assertTrue(DateTimes.formatDecimal(1.0 / 3).length() <= 16);
        assertEquals("42", DateTimes.formatDecimal(42.0));
        assertTrue(DateTimes.formatDecimal(1.23456789e-20).length() <= 16);
    }

    @Test
    void privateElementsAreFoundByCreator() {
        DataSet ds = new DataSet();
        ds.setString(0x00290010, VR.LO, "OTHER VENDOR");
        int t = ds.reservePrivateTag("SEN PACS", 0x00290001);
        assertEquals(0x00291101, t);
        ds.setString(t, VR.LO, "x");
        assertEquals(0x00291101, ds.privateTag("SEN PACS", 0x00290001));
        assertEquals(-1, ds.privateTag("NOBODY", 0x00290001));
        assertEquals("SEN PACS", ds.getString(0x00290011));
    }

    @Test
    void snapshotIsDeepAndReadOnly() {
        DataSet ds = Samples.everyVr();
        DataSet snap = ds.snapshot();
        assertEquals(ds, snap);
        assertThrows(UnsupportedOperationException.class, () -> snap.setString(Tag.PatientID, VR.LO, "X"));
        assertThrows(UnsupportedOperationException.class,
                () -> snap.getItem(Tag.RequestAttributesSequence).setString(Tag.PatientID, VR.LO, "X"));
        assertThrows(UnsupportedOperationException.class, () -> snap.getSequence(Tag.RequestAttributesSequence).addItem());
        ds.getItem(Tag.RequestAttributesSequence).setString(Tag.RequestedProcedureID, VR.SH, "CHANGED");
        assertEquals("RP1", snap.getItem(Tag.RequestAttributesSequence).getString(Tag.RequestedProcedureID));
        assertNotEquals(ds, snap);
    }

    @Test
    void changingTheCharacterSetKeepsTextMeaning() {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.of("ISO_IR 100"));
        ds.setBytes(Tag.PatientName, VR.PN, "Buc^J\u00e9r\u00f4me".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Buc^Jérôme", ds.getString(Tag.PatientName));
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        assertEquals("Buc^Jérôme", ds.getString(Tag.PatientName));
        assertArrayEquals("Buc^Jérôme".getBytes(StandardCharsets.UTF_8), ds.getBytes(Tag.PatientName));
    }

    @Test
    void itemsInheritTheCharacterSetAndKeepItWhenCopiedOut() {
        DataSet ds = Samples.everyVr();
        DataSet item = ds.getItem(Tag.RequestAttributesSequence);
        assertEquals(SpecificCharacterSet.UTF_8, item.charset());
        DataSet copy = item.copy();
        assertEquals("Chụp CT sọ não", copy.getString(Tag.ScheduledProcedureStepDescription));
        assertEquals(SpecificCharacterSet.UTF_8, copy.charset());
    }

    @Test
    void uidGenerationAndValidation() {
        String uid = Uids.create();
        assertTrue(uid.startsWith("2.25."));
        assertTrue(Uids.isValid(uid), uid);
        assertNotEquals(uid, Uids.create());
        String rooted = Uids.create("1.2.826.0.1.3680043.10.1234");
        assertTrue(rooted.startsWith("1.2.826.0.1.3680043.10.1234."));
        assertTrue(Uids.isValid(rooted) && rooted.length() <= 64, rooted);
        assertFalse(Uids.isValid("1.2.03"));
        assertFalse(Uids.isValid("1..2"));
        assertFalse(Uids.isValid("1.2."));
        assertFalse(Uids.isValid("1.2.a"));
        assertFalse(Uids.isValid("1." + "1".repeat(64)));
        assertTrue(Uids.isValid("1.2.0.3"));
        assertEquals("2.25.329800735698586629295641978511506172918",
                Uids.fromUuid(java.util.UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
    }
}
