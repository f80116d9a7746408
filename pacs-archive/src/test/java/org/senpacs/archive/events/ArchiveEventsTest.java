package org.senpacs.archive.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetWriter;

/** Listeners hear of stored instances after the index commit; a failing listener changes nothing. */
class ArchiveEventsTest {

    @TempDir
    Path dir;

    static DataSet image(String sop) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientID, VR.LO, "EV1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.61");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.61.1");
        ds.setString(Tag.Modality, VR.CS, "CT");
        return ds;
    }

    static void store(Archive archive, DataSet ds) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter().writeDataSet(out, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        archive.store().store(RequestOrigin.local("test"), UID.CTImageStorage, ds.getString(Tag.SOPInstanceUID),
                UID.ExplicitVRLittleEndian, new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void storedInstancesAreHeardAfterTheCommit() throws Exception {
        try (Archive archive = Archive.open(new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false,
                ArchivePolicy.DEFAULT, Map.of()))) {
            List<String> heard = new ArrayList<>();
            List<Integer> indexedWhenHeard = new ArrayList<>();
            archive.addListener(new ArchiveListener() {
                @Override
                public void instanceStored(String study, String series, String sop) {
                    throw new IllegalStateException("a broken listener");
                }
            });
            archive.addListener(new ArchiveListener() {
                @Override
                public void instanceStored(String study, String series, String sop) {
                    heard.add(study + " " + series + " " + sop);
                    indexedWhenHeard.add(located(archive, sop));
                }

                @Override
                public void studyChanged(String study) {
                    heard.add("changed " + study);
                }
            });
            store(archive, image("2.25.61.1.1"));
            store(archive, image("2.25.61.1.1")); // a duplicate, kept as it was: nothing changed
            store(archive, image("2.25.61.1.2"));
            archive.events().fireStudyChanged("2.25.61");
            assertEquals(List.of("2.25.61 2.25.61.1 2.25.61.1.1", "2.25.61 2.25.61.1 2.25.61.1.2", "changed 2.25.61"), heard);
            assertEquals(List.of(1, 1), indexedWhenHeard);
            assertEquals(1, located(archive, "2.25.61.1.2"));
        }
    }

    @Test
    void aFailedStoreIsNotHeard() throws Exception {
        try (Archive archive = Archive.open(new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false,
                ArchivePolicy.DEFAULT, Map.of()))) {
            List<String> heard = new ArrayList<>();
            archive.addListener(new ArchiveListener() {
                @Override
                public void instanceStored(String study, String series, String sop) {
                    heard.add(sop);
                }
            });
            DataSet noSeries = image("2.25.61.1.3");
            noSeries.remove(Tag.SeriesInstanceUID);
            ArchiveException refused = assertThrows(ArchiveException.class, () -> store(archive, noSeries));
            assertTrue(refused.getMessage().contains("Series"), refused.getMessage());
            assertEquals(List.of(), heard);
        }
    }

    static int located(Archive archive, String sop) {
        DataSet keys = new DataSet();
        keys.setString(Tag.StudyInstanceUID, VR.UI, "2.25.61");
        keys.setString(Tag.SOPInstanceUID, VR.UI, sop);
        try {
            return archive.retrieve().locate(Level.IMAGE, keys).size();
        } catch (ArchiveException e) {
            throw new IllegalStateException(e);
        }
    }
}
