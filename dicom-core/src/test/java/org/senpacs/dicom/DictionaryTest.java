package org.senpacs.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DictionaryTest {

    private final ElementDictionary dict = ElementDictionary.standard();

    @Test
    void standardElementsByTagAndKeyword() {
        assertEquals(0x00100010, Tag.PatientName);
        assertEquals(VR.PN, dict.vrOf(Tag.PatientName));
        assertEquals("PatientName", dict.keywordOf(0x00100010));
        assertEquals(Tag.StudyInstanceUID, dict.tagOf("StudyInstanceUID"));
        assertEquals("Patient's Name", dict.entry(Tag.PatientName).name());
        assertTrue(dict.size() > 5000);
        assertTrue(dict.entry(Tag.LengthToEnd).retired());
        assertEquals(VR.SQ, dict.vrOf(Tag.ReferencedStudySequence));
        assertEquals(VR.OV, dict.vrOf(Tag.ExtendedOffsetTable));
        assertEquals("DigitalSignaturesSequence", dict.keywordOf(0xFFFAFFFA));
        assertEquals("2-n", dict.entry(Tag.ImageType).vm());
    }

    @Test
    void commandGroupFromPs37() {
        assertEquals(0x00000100, Tag.CommandField);
        assertEquals(VR.US, dict.vrOf(Tag.CommandField));
        assertEquals(VR.UI, dict.vrOf(Tag.AffectedSOPClassUID));
        assertEquals(VR.UL, dict.vrOf(Tag.CommandGroupLength));
    }

    @Test
    void ambiguousVrsKeepTheirText() {
        ElementDictionary.Entry pd = dict.entry(Tag.PixelData);
        assertTrue(pd.ambiguousVR());
        assertTrue(pd.vrText().contains("OW"));
        assertTrue(dict.entry(Tag.SmallestImagePixelValue).vrText().startsWith("US or SS"));
    }

    @Test
    void repeatingGroupsMatchEveryEvenGroup() {
        assertEquals("OverlayRows", dict.keywordOf(0x60000010));
        assertEquals("OverlayRows", dict.keywordOf(0x60020010));
        assertEquals("OverlayData", dict.keywordOf(0x601E3000));
        assertEquals(VR.US, dict.vrOf(0x60040010));
    }

    @Test
    void groupLengthsPrivateCreatorsAndUnknowns() {
        assertEquals(VR.UL, dict.vrOf(0x00080000));
        assertEquals(VR.LO, dict.vrOf(0x00090010));
        assertEquals(VR.UN, dict.vrOf(0x00091010));
        assertNull(dict.entry(0x00091010));
        assertTrue(Tags.isPrivateCreator(0x00290010));
        assertFalse(Tags.isPrivateCreator(0x00291000));
        assertEquals(0x00290010, Tags.creatorOf(0x00291000));
        assertEquals(0x00290011, Tags.creatorOf(0x00291105));
    }

    @Test
    void tagParsingAndFormatting() {
        assertEquals("(0010,0010)", Tags.toString(Tag.PatientName));
        assertEquals("7FE00010", Tags.toHex(Tag.PixelData));
        assertEquals(Tag.PatientName, Tags.parse("00100010"));
        assertEquals(Tag.PatientName, Tags.parse("(0010,0010)"));
        assertEquals(Tag.PatientName, Tags.parse("PatientName"));
        assertEquals(0xFFFEE000, Tags.parse("FFFEE000"));
        assertThrows(IllegalArgumentException.class, () -> Tags.parse("NoSuchKeyword"));
    }

    @Test
    void uidsWithStandardNames() {
        UidDictionary uids = UidDictionary.standard();
        assertEquals("1.2.840.10008.5.1.4.1.1.2", UID.CTImageStorage);
        assertEquals("CT Image Storage", uids.nameOf(UID.CTImageStorage));
        assertTrue(uids.isStorageSopClass(UID.MRImageStorage));
        assertFalse(uids.isStorageSopClass(UID.Verification));
        assertEquals(UID.ModalityWorklistInformationModelFind, uids.uidOf("ModalityWorklistInformationModelFind"));
        assertTrue(uids.storageSopClasses().size() >= 170, "storage SOP classes: " + uids.storageSopClasses().size());
        assertEquals("1.2.840.10008.5.1.4.1.1.9.1.1", UID.TwelveLeadECGWaveformStorage);
    }

    @Test
    void transferSyntaxProperties() {
        TransferSyntax implicit = TransferSyntax.of(UID.ImplicitVRLittleEndian);
        assertFalse(implicit.explicitVR());
        assertFalse(implicit.encapsulated());
        assertTrue(TransferSyntax.of(UID.ExplicitVRBigEndian).bigEndian());
        assertTrue(TransferSyntax.of(UID.DeflatedExplicitVRLittleEndian).deflated());
        for (String uid : new String[] {UID.JPEGBaseline8Bit, UID.JPEGLSLossless, UID.JPEG2000Lossless, UID.HTJ2K,
            UID.RLELossless, UID.MPEG2MPML, UID.HEVCMP51, UID.MPEG4HP41}) {
            TransferSyntax ts = TransferSyntax.of(uid);
            assertTrue(ts.encapsulated() && ts.explicitVR() && !ts.bigEndian(), uid);
        }
        assertFalse(TransferSyntax.isKnown("1.2.3.4"));
        assertTrue(TransferSyntax.of("1.2.3.4").encapsulated());
    }
}
