package org.senpacs.dicom.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.senpacs.dicom.testing.Dcmtk;

/**
 * A dcmtk SCP (storescp, dcmqrscp, wlmscpfs) run by a test: on a free port, with TCP_NODELAY=1,
 * its output in a log file, ready once its port accepts connections, killed by {@link #close()}.
 */
final class DcmtkScp implements AutoCloseable {

    final int port;
    private final Process process;
    private final Path log;

    private DcmtkScp(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** A free TCP port on loopback (free when asked; the SCP binds it right after). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code command} (the tool first) and waits until it listens. A free port is appended
     * as the last argument, unless {@code knownPort} is positive: the command names that port itself
     * (dcmqrscp reads it from its configuration file).
     */
    static DcmtkScp start(Path logDir, int knownPort, List<String> command) throws IOException, InterruptedException {
        Dcmtk.require(command.get(0));
        int port = knownPort > 0 ? knownPort : freePort();
        List<String> cmd = new ArrayList<>(command);
        if (knownPort <= 0) cmd.add(Integer.toString(port));
        Files.createDirectories(logDir);
        Path log = Files.createTempFile(logDir, command.get(0), ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        DcmtkScp scp = new DcmtkScp(port, pb.start(), log);
        scp.awaitListening();
        return scp;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("dcmtk SCP exited (" + process.exitValue() + "):\n" + output());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        close();
        throw new IllegalStateException("dcmtk SCP not listening on " + port + ":\n" + output());
    }

    /** What the SCP printed so far (for assertion messages). */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
