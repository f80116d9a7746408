package org.senpacs.archive;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.net.ApplicationEntity;
import org.senpacs.dicom.net.DicomListener;
import org.senpacs.dicom.net.DicomServiceRegistry;

/** A running archive for tests: index on H2 or on a real PostgreSQL, objects in a temp folder, DICOM on a free port. */
final class ArchiveFixture implements AutoCloseable {

    enum Db { H2, POSTGRESQL }

    static final String AET = "SENARCH";

    final Archive archive;
    final DicomListener listener;
    private final EmbeddedPostgres postgres;

    ArchiveFixture(Path dir, Db db, ArchivePolicy policy) throws Exception {
        DatabaseConfig dbc;
        if (db == Db.POSTGRESQL) {
            postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
            dbc = new DatabaseConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 8);
        } else {
            postgres = null;
            dbc = DatabaseConfig.embedded(dir);
        }
        archive = Archive.open(new Archive.Config(dbc, dir.resolve("objects"), false, policy, java.util.Map.of()));
        DicomServiceRegistry services = DicomServiceRegistry.withVerification();
        archive.register(services);
        listener = new DicomListener(new ApplicationEntity(AET, Set.of(), services, null), DicomListener.Options.of(0)).start();
    }

    /** Stops the PostgreSQL server under the archive (the archive stays up). */
    void stopDatabase() throws IOException {
        postgres.close();
    }

    int port() {
        return listener.port();
    }

    @Override
    public void close() throws Exception {
        listener.close();
        archive.close();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException alreadyStopped) {
                // stopped by the test
            }
        }
    }

    /** One synthetic CT image. */
    record Spec(String patientId, String patientName, String studyUid, String studyDate, String accession, String modality,
                String seriesUid, String sopUid, int instanceNumber) {}

    static DataSet image(Spec s) {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        ds.setString(Tag.SOPClassUID, VR.UI, s.modality().equals("MR") ? UID.MRImageStorage : UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, s.sopUid());
        ds.setString(Tag.StudyDate, VR.DA, s.studyDate());
        ds.setString(Tag.StudyTime, VR.TM, "101500");
        ds.setString(Tag.AccessionNumber, VR.SH, s.accession());
        ds.setString(Tag.Modality, VR.CS, s.modality());
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "ĐẶNG^VĂN ĐỨC");
        ds.setString(Tag.StudyDescription, VR.LO, "Chụp " + s.modality());
        ds.setString(Tag.PatientName, VR.PN, s.patientName());
        ds.setString(Tag.PatientID, VR.LO, s.patientId());
        ds.setString(Tag.PatientBirthDate, VR.DA, "19800101");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, s.studyUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, s.seriesUid());
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(s.instanceNumber()));
        ds.setInt(Tag.Rows, VR.US, 8);
        ds.setInt(Tag.Columns, VR.US, 8);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 16);
        ds.setInt(Tag.HighBit, VR.US, 15);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        byte[] px = new byte[128];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * s.instanceNumber());
        ds.setBytes(Tag.PixelData, VR.OW, px);
        return ds;
    }

    /**
     * A small corpus: 3 patients (two Vietnamese, one ASCII), 4 studies, 5 series, 14 images, written
     * as files in several transfer syntaxes.
     */
    static List<Path> corpus(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Spec> specs = new ArrayList<>();
        String[][] studies = {
            {"BN001", "NGUYỄN^VĂN AN", "2.25.100", "20230115", "ACC100", "CT"},
            {"BN001", "NGUYỄN^VĂN AN", "2.25.101", "20240220", "ACC101", "MR"},
            {"BN002", "TRẦN^THỊ BÍCH", "2.25.200", "20240301", "ACC200", "CT"},
            {"BN003", "SMITH^JOHN", "2.25.300", "20220610", "ACC300", "CT"}};
        int n = 0;
        for (String[] st : studies) {
            int seriesCount = st[2].equals("2.25.100") ? 2 : 1;
            for (int se = 1; se <= seriesCount; se++) {
                for (int i = 1; i <= 12 / 5 + (se == 1 ? 1 : 0); i++) {
                    specs.add(new Spec(st[0], st[1], st[2], st[3], st[4], st[5], st[2] + "." + se, st[2] + "." + se + "." + i, i));
                    n++;
                }
            }
        }
        String[] syntaxes = {UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.DeflatedExplicitVRLittleEndian,
            UID.ExplicitVRBigEndian};
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            DataSet ds = image(specs.get(i));
            Path f = dir.resolve(specs.get(i).sopUid() + ".dcm");
            new DataSetWriter().writeFile(f, DataSetWriter.fileMetaInformation(ds, syntaxes[i % syntaxes.length]), ds);
            files.add(f);
        }
        return files;
    }
}
