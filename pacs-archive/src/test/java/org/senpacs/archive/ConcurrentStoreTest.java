package org.senpacs.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.ElementDictionary;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;

/**
 * Several modalities storing into one new study at once, on H2 and on PostgreSQL: each association
 * creates its own series (its own modality) while all of them also add to one shared series, and
 * the patient, the study and the shared series are created by whichever store comes first. The
 * counts and the modalities the index keeps must come out as if the stores had run one by one.
 */
class ConcurrentStoreTest {

    static final int SENDERS = 6;
    static final int SHARED_PER_SENDER = 12;
    static final int OWN_PER_SENDER = 6;
    static final String[] MODALITIES = {"CT", "MR", "US", "DX", "CR", "XA"};
    static final String STUDY = "2.25.4242";
    static final String SHARED_SERIES = STUDY + ".99";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ArchiveFixture.Db.class)
    void countsAndModalitiesStayRight(ArchiveFixture.Db db) throws Exception {
        try (ArchiveFixture f = new ArchiveFixture(Files.createDirectories(dir.resolve(db.name())), db, ArchivePolicy.DEFAULT);
             ExecutorService pool = Executors.newFixedThreadPool(SENDERS)) {
            CyclicBarrier start = new CyclicBarrier(SENDERS);
            List<Future<List<Integer>>> sent = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                sent.add(pool.submit(() -> send(f.port(), sender, start)));
            }
            for (Future<List<Integer>> statuses : sent) {
                for (int status : statuses.get(120, TimeUnit.SECONDS)) assertEquals(Status.SUCCESS, status);
            }

            Association as = new Connector().connect("localhost", f.port(), new AssociationRequest("WS", ArchiveFixture.AET)
                    .addContext(UID.StudyRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian)
                    .addContext(UID.PatientRootQueryRetrieveInformationModelFind, UID.ExplicitVRLittleEndian), null);
            try {
                Scu scu = new Scu(as);
                DataSet study = find(scu, "STUDY", Tag.NumberOfStudyRelatedInstances, Tag.NumberOfStudyRelatedSeries,
                        Tag.ModalitiesInStudy).getFirst();
                assertEquals(SENDERS * (SHARED_PER_SENDER + OWN_PER_SENDER), study.getInt(Tag.NumberOfStudyRelatedInstances, -1));
                assertEquals(SENDERS + 1, study.getInt(Tag.NumberOfStudyRelatedSeries, -1));
                assertEquals(new TreeSet<>(List.of(MODALITIES)), new TreeSet<>(List.of(study.getStrings(Tag.ModalitiesInStudy))));

                Map<String, Integer> perSeries = new TreeMap<>();
                for (DataSet series : find(scu, "SERIES", Tag.SeriesInstanceUID, Tag.NumberOfSeriesRelatedInstances)) {
                    perSeries.put(series.getString(Tag.SeriesInstanceUID), series.getInt(Tag.NumberOfSeriesRelatedInstances, -1));
                }
                Map<String, Integer> expected = new TreeMap<>();
                expected.put(SHARED_SERIES, SENDERS * SHARED_PER_SENDER);
                for (int s = 0; s < SENDERS; s++) expected.put(STUDY + "." + s, OWN_PER_SENDER);
                assertEquals(expected, perSeries);
                List<DataSet> patients = find(scu, "PATIENT", Tag.NumberOfPatientRelatedInstances);
                assertEquals(1, patients.size());
                assertEquals(SENDERS * (SHARED_PER_SENDER + OWN_PER_SENDER),
                        patients.getFirst().getInt(Tag.NumberOfPatientRelatedInstances, -1));
            } finally {
                as.release();
            }
        }
    }

    /** One modality: its own series and its share of the common one, interleaved; returns the statuses. */
    private static List<Integer> send(int port, int sender, CyclicBarrier start) throws Exception {
        Association as = new Connector().connect("localhost", port, new AssociationRequest("MOD" + sender, ArchiveFixture.AET)
                .addContext(UID.CTImageStorage, UID.ExplicitVRLittleEndian)
                .addContext(UID.MRImageStorage, UID.ExplicitVRLittleEndian), null);
        List<Integer> statuses = new ArrayList<>();
        try {
            Scu scu = new Scu(as);
            start.await(60, TimeUnit.SECONDS);
            int own = 0;
            for (int i = 0; i < SHARED_PER_SENDER; i++) {
                statuses.add(scu.store(image(SHARED_SERIES, "CT", sender * 100 + i)).status());
                if (i % 2 == 0 && own < OWN_PER_SENDER) {
                    statuses.add(scu.store(image(STUDY + "." + sender, MODALITIES[sender], sender * 100 + 50 + own++)).status());
                }
            }
        } finally {
            as.release();
        }
        return statuses;
    }

    private static DataSet image(String seriesUid, String modality, int number) {
        return ArchiveFixture.image(new ArchiveFixture.Spec("BN042", "LÊ^THỊ HOA", STUDY, "20261126", "ACC42", modality,
                seriesUid, seriesUid + "." + number, number));
    }

    private static List<DataSet> find(Scu scu, String level, int... returnKeys) throws Exception {
        DataSet keys = new DataSet();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, level);
        if (level.equals("PATIENT")) keys.setString(Tag.PatientID, VR.LO, "BN042");
        else keys.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        for (int tag : returnKeys) keys.setEmpty(tag, ElementDictionary.standard().vrOf(tag));
        List<DataSet> matches = new ArrayList<>();
        Scu.FindResults results = scu.find(level.equals("PATIENT") ? UID.PatientRootQueryRetrieveInformationModelFind
                : UID.StudyRootQueryRetrieveInformationModelFind, keys);
        results.forEachRemaining(matches::add);
        assertEquals(Status.SUCCESS, results.finalResponse().status());
        return matches;
    }
}
