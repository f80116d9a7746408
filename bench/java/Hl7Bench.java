import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchivePolicy;
import org.senpacs.archive.db.DatabaseConfig;
import org.senpacs.ris.hl7.Hl7Options;
import org.senpacs.ris.hl7.Hl7Receiver;
import org.senpacs.ris.hl7.MllpListener;
import org.senpacs.ris.hl7.PatientChangeListener;
import org.senpacs.ris.order.OrderOptions;
import org.senpacs.ris.order.OrderService;

/**
 * HL7 ORM ingestion rate: ORM^O01 (v2.3.1, UTF-8, Vietnamese names, a new patient and order each)
 * sent over MLLP to our listener over one connection, then over 8 at once (a plain socket client:
 * HAPI's client shares one connection between clients of the same host and port); every
 * message acknowledged AA and committed (with its ris_hl7_in row) before the next on its
 * connection. Archive index on embedded H2 in a temp folder.
 * Usage: java -cp RIS_CLASSPATH Hl7Bench.java [MESSAGES_PER_RUN]
 */
public class Hl7Bench {

    static final AtomicInteger SEQ = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("hl7bench");
        try (Archive archive = Archive.open(new Archive.Config(DatabaseConfig.embedded(dir), dir.resolve("objects"), false,
                ArchivePolicy.DEFAULT, Map.of()))) {
            archive.database().migrateModule("ris");
            OrderService orders = new OrderService(archive.database().dataSource(), archive.patients(), OrderOptions.DEFAULT);
            try (Hl7Receiver receiver = new Hl7Receiver(archive, orders, Hl7Options.DEFAULT.withBind("127.0.0.1", 0),
                    PatientChangeListener.NONE);
                 MllpListener listener = new MllpListener(receiver).start()) {
                run(listener.port(), 1, n / 4, false); // warm-up
                double one = run(listener.port(), 1, n, true);
                double eight = run(listener.port(), 8, n, true);
                System.out.printf("hl7_orm_per_s_1_connection=%.0f%n", one);
                System.out.printf("hl7_orm_per_s_8_connections=%.0f%n", eight);
            }
        }
    }

    /** Sends n messages spread over the connections; returns messages per second. */
    static double run(int port, int connections, int n, boolean report) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Callable<Void>> senders = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            int count = n / connections;
            senders.add(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    for (int k = 0; k < count; k++) {
                        byte[] m = orm(SEQ.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
                        ByteArrayOutputStream frame = new ByteArrayOutputStream(m.length + 3);
                        frame.write(0x0B);
                        frame.writeBytes(m);
                        frame.write(0x1C);
                        frame.write(0x0D);
                        out.write(frame.toByteArray());
                        out.flush();
                        String ack = readFrame(in);
                        if (!ack.contains("\rMSA|AA|")) throw new IllegalStateException("not accepted: " + ack);
                    }
                }
                return null;
            });
        }
        long t0 = System.nanoTime();
        for (Future<Void> f : pool.invokeAll(senders)) f.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        int sent = (n / connections) * connections;
        if (report) System.out.printf("connections=%d messages=%d seconds=%.2f%n", connections, sent, seconds);
        return sent / seconds;
    }

    static String readFrame(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != 0x0B) if (c < 0) throw new IllegalStateException("connection closed");
        while ((c = in.read()) != 0x1C) {
            if (c < 0) throw new IllegalStateException("connection closed");
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    static String orm(int i) {
        String id = Integer.toString(i);
        return String.join("\r",
                "MSH|^~\\&|HIS|BV|SEN|BV|20240601080000||ORM^O01|B" + id + "|P|2.3.1|||||VNM|UNICODE UTF-8",
                "PID|1||BN" + id + "^^^BV^PI||NGUYỄN^VĂN AN " + id + "||19800115|M",
                "PV1|1|O|||||||BS01^TRẦN^BÌNH",
                "ORC|NW|PL" + id + "|||||^^^20240602083000|||||||||||CT01",
                "OBR|1|PL" + id + "||18.0119.0028^Chụp CT sọ não^BYT|||||||||||||||ACC" + id + "|RP" + id + "|SPS" + id + "||||CT")
                + "\r";
    }
}
