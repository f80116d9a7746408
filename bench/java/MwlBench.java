import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.net.ApplicationEntity;
import org.senpacs.dicom.net.DicomListener;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.ris.mwl.MwlScp;
import org.senpacs.ris.mwl.WorklistOptions;
import org.senpacs.ris.mwl.WorklistService;

/**
 * The Modality Worklist SCP over an embedded archive with N scheduled orders, for bench/mwl.sh:
 * seeds the orders (one patient for two orders, Vietnamese names, 5 modalities with 10 stations each, 30 days around today), then
 * serves MWL C-FIND at AE MWLBENCH on a free port, printed as "PORT=n", until stdin closes.
 * Usage: java -cp ... MwlBench.java DATA_DIR [ORDERS]
 */
public final class MwlBench {

    static final String[] FAMILY = {"NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "HUỲNH", "PHAN", "VŨ", "VÕ", "ĐẶNG", "BÙI", "ĐỖ"};
    static final String[] MIDDLE = {"VĂN", "THỊ", "HỮU", "ĐỨC", "MINH", "NGỌC"};
    static final String[] GIVEN = {"AN", "BÌNH", "CƯỜNG", "DŨNG", "HOA", "HÙNG", "LAN", "LINH", "MAI", "NAM", "PHƯƠNG",
        "QUÂN", "SƠN", "THẢO", "TRANG", "TUẤN", "VY", "YẾN"};
    static final String[] MODALITY = {"CT", "MR", "CR", "US", "DX"};

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Files.createDirectories(dir);
        try (Archive archive = Archive.open(new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false,
                ArchivePolicy.DEFAULT, Map.of()))) {
            archive.database().migrateModule("ris");
            long t0 = System.nanoTime();
            seed(archive, orders);
            System.err.printf("mwl-bench: %d orders seeded in %.1f s%n", orders, (System.nanoTime() - t0) / 1e9);
            DicomServiceRegistry services = DicomServiceRegistry.withVerification();
            new MwlScp(new WorklistService(archive.database().dataSource(), WorklistOptions.DEFAULT)).register(services);
            try (DicomListener listener = new DicomListener(new ApplicationEntity("MWLBENCH", Set.of(), services, null),
                    DicomListener.Options.of(0)).start()) {
                System.out.println("PORT=" + listener.port());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // serve until the script closes our stdin
                }
            }
        }
    }

    static String name(int p) {
        return FAMILY[p % FAMILY.length] + "^" + MIDDLE[(p / FAMILY.length) % MIDDLE.length] + " "
                + GIVEN[(p / (FAMILY.length * MIDDLE.length)) % GIVEN.length];
    }

    static void seed(Archive archive, int orders) throws Exception {
        LocalDate today = LocalDate.now();
        int patients = Math.max(1, orders / 2);
        long[] patientPks = new long[patients];
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = archive.database().dataSource().getConnection()) {
            for (int p = 0; p < patients; p++) {
                DataSet ds = new DataSet();
                ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
                ds.setString(Tag.PatientID, VR.LO, String.format("BN%06d", p));
                ds.setString(Tag.PatientName, VR.PN, name(p));
                ds.setString(Tag.PatientBirthDate, VR.DA, String.format("19%02d0%d1%d", 40 + p % 60, 1 + p % 9, p % 10));
                ds.setString(Tag.PatientSex, VR.CS, p % 2 == 0 ? "M" : "F");
                patientPks[p] = archive.patients().upsert(c, ds);
            }
            try (PreparedStatement ps = c.prepareStatement("insert into ris_order (patient_fk, accession_number,"
                    + " requested_procedure_id, study_uid, sps_id, modality, station_aet, station_name, scheduled_start,"
                    + " procedure_code, procedure_scheme, procedure_meaning, status, source, created, updated, version)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'BYT', ?, 'SCHEDULED', 'REST', ?, ?, 0)")) {
                for (int i = 0; i < orders; i++) {
                    String modality = MODALITY[i % MODALITY.length];
                    int station = (i / 7) % 10;
                    LocalDateTime start = today.plusDays((i / 3) % 30 - 15).atTime(7 + i % 11, (i % 4) * 15);
                    ps.setLong(1, patientPks[i % patients]);
                    ps.setString(2, String.format("ACC%08d", i));
                    ps.setString(3, String.format("RP%08d", i));
                    ps.setString(4, "2.25.77" + i);
                    ps.setString(5, String.format("SPS%08d", i));
                    ps.setString(6, modality);
                    ps.setString(7, modality + String.format("%02d", station));
                    ps.setString(8, "Phòng " + station);
                    ps.setObject(9, start);
                    ps.setString(10, "18.0119.00" + String.format("%02d", i % 100));
                    ps.setString(11, "Chụp " + modality + " theo chỉ định");
                    ps.setTimestamp(12, now);
                    ps.setTimestamp(13, now);
                    ps.addBatch();
                    if (i % 500 == 499) ps.executeBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
