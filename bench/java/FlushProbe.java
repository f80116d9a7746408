import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The least a durable acknowledgement costs on this disk: milliseconds to write a new 540 KB file
 * (a CT image's size), force it, and force its folder — median of 25, printed alone. A shared
 * machine's disk can change this several-fold within an hour, so the bench reports it beside
 * its figures. Usage: java bench/java/FlushProbe.java DIR
 */
public class FlushProbe {
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]).resolve("flush-probe"));
        ByteBuffer data = ByteBuffer.allocateDirect(540 * 1024);
        double[] ms = new double[25];
        for (int i = 0; i < ms.length; i++) {
            Path f = dir.resolve("probe-" + i);
            long t0 = System.nanoTime();
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                data.clear();
                while (data.hasRemaining()) ch.write(data);
                ch.force(true);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
            Files.delete(f);
        }
        Files.delete(dir);
        Arrays.sort(ms);
        System.out.printf("%.2f%n", ms[ms.length / 2]);
    }
}
