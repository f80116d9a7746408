package org.senpacs.ris.hl7;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.senpacs.archive.Archive;
import org.senpacs.dicom.net.ApplicationEntity;
import org.senpacs.dicom.net.DicomListener;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.ris.RisDatabase;
import org.senpacs.ris.order.CatalogueEntry;
import org.senpacs.ris.order.OrderOptions;
import org.senpacs.ris.order.OrderService;

/**
 * A running RIS inbound side for tests: the archive (H2 or a real PostgreSQL) with its DICOM
 * services on a free port, the RIS tables, the order service, and the HL7 listener on a free port.
 */
public final class RisFixture implements AutoCloseable {

    public enum Db { H2, POSTGRESQL }

    public static final String AET = "SENRIS";

    /** The catalogue the tests configure: a Vietnamese MoH code and a local one. */
    public static final Map<String, CatalogueEntry> CATALOGUE = Map.of(
            "18.0119.0028", new CatalogueEntry("CT", "Chụp CT sọ não không tiêm thuốc cản quang"),
            "US-BUNG", new CatalogueEntry("US", "Siêu âm ổ bụng"));

    public final Archive archive;
    public final OrderService orders;
    public final Hl7Receiver receiver;
    public final MllpListener hl7;
    public final DicomListener dicom;
    public final List<PatientChange> changes = new CopyOnWriteArrayList<>();
    private final RisDatabase database;

    public RisFixture(Path dir, Db db) throws Exception {
        database = new RisDatabase(dir, db == Db.POSTGRESQL ? RisDatabase.Kind.POSTGRESQL : RisDatabase.Kind.H2);
        archive = database.archive();
        DicomServiceRegistry services = DicomServiceRegistry.withVerification();
        archive.register(services);
        dicom = new DicomListener(new ApplicationEntity(AET, Set.of(), services, null), DicomListener.Options.of(0)).start();
        orders = new OrderService(archive.database().dataSource(), archive.patients(),
                OrderOptions.DEFAULT.withCatalogue(CATALOGUE));
        receiver = new Hl7Receiver(archive, orders, Hl7Options.DEFAULT.withBind("127.0.0.1", 0).withApplication("SENRIS", "BVTEST"),
                changes::add);
        hl7 = new MllpListener(receiver).start();
    }

    @Override
    public void close() throws Exception {
        hl7.close();
        receiver.close();
        dicom.close();
        database.close();
    }
}
