package org.senpacs.tools.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.senpacs.tools.SenTools;

/** Our {@code ./sen scp} started in-process on a free port; {@link #close()} stops it like Ctrl-C. */
final class RunningScp implements AutoCloseable {

    final Path dir;
    final int port;
    private final Thread thread;
    private final AtomicInteger exit = new AtomicInteger(-1);

    RunningScp(Path dir, String... extraArgs) throws IOException, InterruptedException {
        this.dir = dir;
        Path portFile = Files.createTempFile("scp", ".port");
        Files.delete(portFile);
        List<String> args = new ArrayList<>(List.of("scp", "--port", "0", "--port-file", portFile.toString(), "--dir", dir.toString()));
        args.addAll(List.of(extraArgs));
        thread = Thread.ofPlatform().name("test-scp").start(() -> exit.set(SenTools.run(args.toArray(String[]::new))));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(portFile)) {
            if (!thread.isAlive()) throw new IllegalStateException("scp exited with " + exit.get());
            if (System.nanoTime() > deadline) throw new IllegalStateException("scp did not start");
            Thread.sleep(20);
        }
        port = Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim());
        Files.delete(portFile);
    }

    String port() {
        return Integer.toString(port);
    }

    /** Stops the scp; its exit code. */
    int stop() throws InterruptedException {
        thread.interrupt();
        thread.join(30_000);
        return exit.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
