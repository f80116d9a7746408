package org.senpacs.ris;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/**
 * An archive with the RIS tables for tests, on embedded H2 (a file, so it can be reopened like
 * after a restart) or on a real PostgreSQL; orders are inserted with plain JDBC.
 */
public final class RisDatabase implements AutoCloseable {

    /** Which database. */
    public enum Kind { H2, POSTGRESQL }

    private final Path dir;
    private final EmbeddedPostgres postgres;
    private final DatabaseConfig config;
    private Archive archive;

    public RisDatabase(Path dir, Kind kind) throws Exception {
        this.dir = dir;
        if (kind == Kind.POSTGRESQL) {
            postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
            config = new DatabaseConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 8);
        } else {
            postgres = null;
            config = DatabaseConfig.embedded(dir);
        }
        open();
    }

    private void open() throws Exception {
        archive = Archive.open(new Archive.Config(config, dir.resolve("objects"), false, ArchivePolicy.DEFAULT, Map.of()));
        archive.database().migrateModule("ris");
    }

    /** Closes the archive and opens it again on the same database, as a restart of Sen does. */
    public void restart() throws Exception {
        archive.close();
        open();
    }

    public Archive archive() {
        return archive;
    }

    public DataSource dataSource() {
        return archive.database().dataSource();
    }

    /** A patient and one scheduled order of a CT with a Vietnamese procedure code; returns the order's pk. */
    public long order(String patientId, String patientName, String accession) throws Exception {
        try (Connection c = dataSource().getConnection()) {
            DataSet p = new DataSet();
            p.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
            p.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
            p.setString(Tag.PatientID, VR.LO, patientId);
            p.setString(Tag.IssuerOfPatientID, VR.LO, "BV_BACHMAI");
            p.setString(Tag.PatientName, VR.PN, patientName);
            p.setString(Tag.PatientBirthDate, VR.DA, "19750203");
            p.setString(Tag.PatientSex, VR.CS, "F");
            long patient = archive.patients().upsert(c, p);
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement ps = c.prepareStatement("insert into ris_order (patient_fk, placer_order_number,"
                    + " filler_order_number, accession_number, requested_procedure_id, study_uid, sps_id, modality,"
                    + " scheduled_start, procedure_code, procedure_scheme, procedure_meaning, status, source, created, updated,"
                    + " version) values (?, ?, ?, ?, ?, ?, ?, 'CT', ?, '18.0119.0028', 'BYT', ?, 'SCHEDULED', 'HL7', ?, ?, 0)",
                    new String[] {"pk"})) {
                ps.setLong(1, patient);
                ps.setString(2, "PL-" + accession);
                ps.setString(3, "FL-" + accession);
                ps.setString(4, accession);
                ps.setString(5, "RP-" + accession);
                ps.setString(6, "2.25.7" + Math.abs(accession.hashCode()));
                ps.setString(7, "SPS-" + accession);
                ps.setTimestamp(8, Timestamp.from(Instant.parse("2025-03-04T02:30:00Z")));
                ps.setString(9, "Chụp CLVT sọ não không tiêm thuốc cản quang");
                ps.setTimestamp(10, now);
                ps.setTimestamp(11, now);
                ps.executeUpdate();
                long pk;
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    pk = rs.getLong(1);
                }
                c.commit();
                return pk;
            }
        }
    }

    @Override
    public void close() throws Exception {
        archive.close();
        if (postgres != null) postgres.close();
    }
}
