package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.testing.Dcmtk;

/** Our SCU's Modality Worklist C-FIND against dcmtk's wlmscpfs, worklist items made by dump2dcm. */
class WlmscpfsTest {

    @TempDir
    Path dir;

    DcmtkScp wlmscpfs;

    /** A worklist item as dump2dcm text: UTF-8 values under ISO_IR 192. */
    private static String item(String name, String id, String accession, String modality, String stepDescription) {
        return """
                (0008,0005) CS [ISO_IR 192]
                (0008,0050) SH [%3$s]
                (0010,0010) PN [%1$s]
                (0010,0020) LO [%2$s]
                (0010,0030) DA [19800101]
                (0010,0040) CS [M]
                (0020,000d) UI [2.25.80%6$s]
                (0032,1060) LO [%5$s]
                (0040,0100) SQ (Sequence with undefined length #=1)
                (fffe,e000) na (Item with undefined length #=7)
                (0008,0060) CS [%4$s]
                (0040,0001) AE [%4$s01]
                (0040,0002) DA [20240315]
                (0040,0003) TM [101500]
                (0040,0006) PN [ĐẶNG^VĂN ĐỨC]
                (0040,0007) LO [%5$s]
                (0040,0009) SH [SPS-%3$s]
                (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
                (0040,1001) SH [RP-%3$s]
                """.formatted(name, id, accession, modality, stepDescription, id.replace("BN-", ""));
    }

    @BeforeEach
    void start() throws IOException, InterruptedException {
        Path aeDir = Files.createDirectories(dir.resolve("worklists/WLMSCP"));
        Files.writeString(aeDir.resolve("lockfile"), "");
        writeItem(aeDir, "ct", item(TestFiles.PATIENT_1, "BN-1", "ACC1", "CT", "Chụp CT sọ não"));
        writeItem(aeDir, "mr", item(TestFiles.PATIENT_2, "BN-2", "ACC2", "MR", "Chụp MRI cột sống"));
        wlmscpfs = DcmtkScp.start(dir.resolve("logs"), 0, List.of("wlmscpfs", "-csk", "-dfp", dir.resolve("worklists").toString()));
    }

    private void writeItem(Path aeDir, String name, String dump) throws IOException, InterruptedException {
        Path text = dir.resolve(name + ".dump");
        Files.writeString(text, dump);
        Dcmtk.Result r = Dcmtk.run("dump2dcm", "--write-xfer-little", text.toString(), aeDir.resolve(name + ".wl").toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    @AfterEach
    void stop() {
        if (wlmscpfs != null) wlmscpfs.close();
    }

    private List<DataSet> find(DataSet keys) throws IOException {
        Association as = new Connector().connect("localhost", wlmscpfs.port, new AssociationRequest("SENSCU", "WLMSCP")
                .addContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian), null);
        try {
            Scu.FindResults r = new Scu(as).find(UID.ModalityWorklistInformationModelFind, keys);
            List<DataSet> items = new ArrayList<>();
            r.forEachRemaining(items::add);
            assertEquals(Status.SUCCESS, r.finalResponse().status(), () -> r.finalResponse() + "\n" + wlmscpfs.output());
            return items;
        } finally {
            as.release();
        }
    }

    private static DataSet keys(String modality) {
        DataSet keys = new DataSet();
        keys.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        keys.setEmpty(Tag.AccessionNumber, VR.SH);
        keys.setEmpty(Tag.PatientName, VR.PN);
        keys.setEmpty(Tag.PatientID, VR.LO);
        keys.setEmpty(Tag.RequestedProcedureDescription, VR.LO);
        Sequence sps = keys.newSequence(Tag.ScheduledProcedureStepSequence, 1);
        DataSet step = sps.addItem();
        if (modality != null) step.setString(Tag.Modality, VR.CS, modality);
        else step.setEmpty(Tag.Modality, VR.CS);
        step.setEmpty(Tag.ScheduledStationAETitle, VR.AE);
        step.setEmpty(Tag.ScheduledProcedureStepStartDate, VR.DA);
        step.setEmpty(Tag.ScheduledProcedureStepDescription, VR.LO);
        return keys;
    }

    @Test
    void worklistItemWithAVietnameseName() throws IOException {
        List<DataSet> items = find(keys("CT"));
        assertEquals(1, items.size(), wlmscpfs.output());
        DataSet item = items.get(0);
        assertEquals(TestFiles.PATIENT_1, item.getString(Tag.PatientName));
        assertEquals("BN-1", item.getString(Tag.PatientID));
        assertEquals("ACC1", item.getString(Tag.AccessionNumber));
        assertEquals("Chụp CT sọ não", item.getString(Tag.RequestedProcedureDescription));
        DataSet step = item.getItem(Tag.ScheduledProcedureStepSequence);
        assertEquals("CT", step.getString(Tag.Modality));
        assertEquals("CT01", step.getString(Tag.ScheduledStationAETitle));
        assertEquals("Chụp CT sọ não", step.getString(Tag.ScheduledProcedureStepDescription));

        List<DataSet> all = find(keys(null));
        assertEquals(2, all.size(), wlmscpfs.output());
        assertEquals(java.util.Set.of(TestFiles.PATIENT_1, TestFiles.PATIENT_2),
                java.util.Set.of(all.get(0).getString(Tag.PatientName), all.get(1).getString(Tag.PatientName)));
    }
}
