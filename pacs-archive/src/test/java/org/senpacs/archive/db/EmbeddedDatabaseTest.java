package org.senpacs.archive.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 database lets local tools in while the server runs (AUTO_SERVER), but only from
 * this machine: its TCP server listens on the loopback address, never on the hospital network.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void autoServerListensOnLoopbackOnly() throws Exception {
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            try (Connection c = db.dataSource().getConnection()) {
                c.commit();
            }
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve("index").resolve("sen.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            assertTrue(server != null && server.contains(":"), "no AUTO_SERVER address in the lock file");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress()) continue;
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(a, port), 2000);
                        throw new AssertionError("the embedded database answers on " + a.getHostAddress() + ":" + port);
                    } catch (IOException refused) {
                        // as it should be
                    }
                }
            }
        }
    }
}
