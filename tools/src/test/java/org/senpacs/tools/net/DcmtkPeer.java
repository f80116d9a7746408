package org.senpacs.tools.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.senpacs.dicom.testing.Dcmtk;

/** A dcmtk server (storescp, dcmqrscp) run as a process on a free port for one test; closed by its handle. */
final class DcmtkPeer implements AutoCloseable {

    final int port;
    final Path log;
    private final Process process;

    private DcmtkPeer(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code command} (with {@code PORT} replaced by a free port) and waits until it listens. */
    static DcmtkPeer start(Path log, List<String> command) throws IOException, InterruptedException {
        Dcmtk.require(command.get(0));
        int port = freePort();
        List<String> cmd = command.stream().map(a -> a.replace("PORT", Integer.toString(port))).toList();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", port), 200);
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd) + " did not start: " + java.nio.file.Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        return new DcmtkPeer(port, log, p);
    }

    String port() {
        return Integer.toString(port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
