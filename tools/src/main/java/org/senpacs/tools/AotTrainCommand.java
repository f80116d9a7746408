package org.senpacs.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The training run of the tools' ahead-of-time cache (JDK 25, {@code -XX:AOTCacheOutput}): one
 * process that does what the tools do most — writes a small synthetic corpus, receives it with
 * {@code scp} while {@code store} sends it, echoes, and dumps a file — so the classes they load
 * and link, and the methods' profiles, are ready at the next start. {@code ./sen} runs it once per
 * build; it is hidden from the help.
 */
@Command(name = "aot-train", hidden = true, description = "training run of the tools' AOT cache (used by ./sen)")
public final class AotTrainCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("sen-aot-train");
        try {
            Path corpus = work.resolve("corpus");
            Path received = work.resolve("received");
            Path portFile = work.resolve("port");
            check(SenTools.run("synth", "-q", "-o", corpus.toString(), "--preset", "small", "--patients", "3"), "synth");
            Thread scp = Thread.ofPlatform().name("aot-train-scp").start(() -> SenTools.run("scp", "-p", "0", "--aet", "TRAIN",
                    "-d", received.toString(), "--port-file", portFile.toString()));
            try {
                String port = awaitPort(portFile);
                check(SenTools.run("echo", "-aec", "TRAIN", "127.0.0.1", port), "echo");
                check(SenTools.run("store", "-q", "-aec", "TRAIN", "127.0.0.1", port, corpus.toString()), "store");
            } finally {
                scp.interrupt();
                scp.join();
            }
            try (Stream<Path> files = Files.walk(received)) {
                Path one = files.filter(Files::isRegularFile).findFirst().orElseThrow();
                SenTools.run("dump", one.toString());
            }
            return SenTools.OK;
        } finally {
            delete(work);
        }
    }

    private static void check(int exit, String what) {
        if (exit != SenTools.OK) throw new IllegalStateException("training step " + what + " failed with exit code " + exit);
    }

    private static String awaitPort(Path portFile) throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(portFile)) return Files.readString(portFile).trim();
            Thread.sleep(50);
        }
        throw new IOException("the training scp did not start");
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is not worth failing the training for
        }
    }
}
