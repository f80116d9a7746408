package org.senpacs.ris.mwl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.senpacs.archive.Archive;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.net.ApplicationEntity;
import org.senpacs.dicom.net.DicomListener;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.dicom.testing.Dcmtk;
import org.senpacs.ris.RisDatabase;

/**
 * A running archive with the RIS tables, for the RIS tests: index on H2 or a real PostgreSQL,
 * objects in a temp folder, DICOM on a free port with the archive's services and whatever the test
 * registers; orders inserted with plain JDBC as the order module would.
 */
public final class RisFixture implements AutoCloseable {

    public enum Db { H2, POSTGRESQL }

    public static final String AET = "SENRIS";

    public final Archive archive;
    public final DicomServiceRegistry services;
    public final DicomListener listener;
    private final RisDatabase database;

    public RisFixture(Path dir, Db db) throws Exception {
        database = new RisDatabase(dir, db == Db.POSTGRESQL ? RisDatabase.Kind.POSTGRESQL : RisDatabase.Kind.H2);
        archive = database.archive();
        services = DicomServiceRegistry.withVerification();
        archive.register(services);
        listener = new DicomListener(new ApplicationEntity(AET, Set.of(), services, null), DicomListener.Options.of(0)).start();
    }

    public int port() {
        return listener.port();
    }

    /** An order as the order module stores it (one requested procedure with its scheduled step). */
    public record Order(String patientId, String patientName, String birthDate, String sex, String accession,
                        String requestedProcedureId, String studyUid, String spsId, String modality, String stationAet,
                        LocalDateTime start, String code, String scheme, String meaning, String status) {

        public Order withStatus(String s) {
            return new Order(patientId, patientName, birthDate, sex, accession, requestedProcedureId, studyUid, spsId,
                    modality, stationAet, start, code, scheme, meaning, s);
        }
    }

    /** Inserts the patient (or updates it) and the order; returns the order's pk. */
    public long insertOrder(Order o) throws SQLException {
        return insertOrders(List.of(o)).get(0);
    }

    /** Inserts orders (and their patients) in one transaction; returns their pks. */
    public List<Long> insertOrders(List<Order> orders) throws SQLException {
        List<Long> pks = new ArrayList<>(orders.size());
        try (Connection c = archive.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("insert into ris_order (patient_fk, placer_order_number,"
                    + " accession_number, requested_procedure_id, study_uid, sps_id, modality, station_aet, station_name,"
                    + " scheduled_start, procedure_code, procedure_scheme, procedure_meaning, requesting_physician,"
                    + " referring_physician, reason, medical_alerts, status, source, created, updated, version)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'REST', ?, ?, 0)", new String[] {"pk"})) {
            Map<String, Long> patients = new java.util.HashMap<>();
            Timestamp now = Timestamp.from(Instant.now());
            for (Order o : orders) {
                Long patient = patients.get(o.patientId());
                if (patient == null) {
                    DataSet p = new DataSet();
                    p.setString(Tag.PatientID, VR.LO, o.patientId());
                    p.setString(Tag.PatientName, VR.PN, o.patientName());
                    if (o.birthDate() != null) p.setString(Tag.PatientBirthDate, VR.DA, o.birthDate());
                    if (o.sex() != null) p.setString(Tag.PatientSex, VR.CS, o.sex());
                    patient = archive.patients().upsert(c, p);
                    patients.put(o.patientId(), patient);
                }
                ps.setLong(1, patient);
                ps.setString(2, "PL-" + o.accession());
                ps.setString(3, o.accession());
                ps.setString(4, o.requestedProcedureId());
                ps.setString(5, o.studyUid());
                ps.setString(6, o.spsId());
                ps.setString(7, o.modality());
                ps.setString(8, o.stationAet());
                ps.setString(9, o.stationAet() == null ? null : "Phòng " + o.stationAet());
                ps.setObject(10, o.start());
                ps.setString(11, o.code());
                ps.setString(12, o.scheme());
                ps.setString(13, o.meaning());
                ps.setString(14, "PHẠM^VĂN ĐỨC");
                ps.setString(15, "VÕ^THỊ LAN");
                ps.setString(16, "Đau đầu kéo dài");
                ps.setString(17, "Dị ứng thuốc cản quang");
                ps.setString(18, o.status());
                ps.setTimestamp(19, now);
                ps.setTimestamp(20, now);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    pks.add(rs.getLong(1));
                }
            }
            c.commit();
        }
        return pks;
    }

    /** Sets an order's status, as the order module does on a cancel (ORC-1 CA). */
    public void setStatus(long orderPk, String status) throws SQLException {
        try (Connection c = archive.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("update ris_order set status = ?, version = version + 1 where pk = ?")) {
            ps.setString(1, status);
            ps.setLong(2, orderPk);
            ps.executeUpdate();
            c.commit();
        }
    }

    /** The status of an order. */
    public String status(long orderPk) throws SQLException {
        try (Connection c = archive.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select status from ris_order where pk = ?")) {
            ps.setLong(1, orderPk);
            try (ResultSet rs = ps.executeQuery()) {
                String s = rs.next() ? rs.getString(1) : null;
                c.commit();
                return s;
            }
        }
    }

    /** Runs findscu (with {@code model}: -W, -S, -P) and returns the matches read back from its -X files. */
    public List<DataSet> findscu(Path tmp, String model, String... keys) throws Exception {
        Path out = Files.createTempDirectory(tmp, "find");
        List<String> cmd = new ArrayList<>(List.of("findscu", "-aec", AET, "-aet", "MODALITY", model, "-X", "-od", out.toString()));
        for (String k : keys) {
            cmd.add("-k");
            cmd.add(k);
        }
        cmd.add("localhost");
        cmd.add(Integer.toString(port()));
        Dcmtk.Result r = Dcmtk.run(cmd.toArray(String[]::new));
        if (r.exitCode() != 0) throw new AssertionError(r.output());
        List<DataSet> matches = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.sorted().toList()) matches.add(new DataSetReader().read(p).dataSet());
        }
        return matches;
    }

    @Override
    public void close() throws Exception {
        listener.close();
        database.close();
    }
}
