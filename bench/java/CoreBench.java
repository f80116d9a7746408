import com.sun.management.ThreadMXBean;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.io.DicomFile;
import org.senpacs.dicom.io.ReadOptions;

/**
 * dicom-core micro benchmark: header parsing (stop before Pixel Data) of every file of a folder,
 * and full read + write of each file in memory. Prints per-file time and allocation, median of
 * several rounds after warm-up. Usage: java -cp TOOLS_CLASSPATH CoreBench.java DIR [ROUNDS]
 */
public class CoreBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        List<byte[]> bytes = new ArrayList<>();
        for (Path f : files) bytes.add(Files.readAllBytes(f));
        ReadOptions headers = ReadOptions.DEFAULT.withStopBefore(0x7FE00010);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();

        double[] headerNs = new double[rounds];
        double[] headerAlloc = new double[rounds];
        double[] fullNs = new double[rounds];
        double[] fullAlloc = new double[rounds];
        for (int warm = 0; warm < 3; warm++) round(bytes, headers, mx, null, 0);
        for (int r = 0; r < rounds; r++) {
            long[] out = round(bytes, headers, mx, null, 0);
            headerNs[r] = (double) out[0] / bytes.size();
            headerAlloc[r] = (double) out[1] / bytes.size();
            long[] full = round(bytes, ReadOptions.DEFAULT, mx, new DataSetWriter(), 0);
            fullNs[r] = (double) full[0] / bytes.size();
            fullAlloc[r] = (double) full[1] / bytes.size();
        }
        long totalBytes = bytes.stream().mapToLong(b -> b.length).sum();
        System.out.printf("files=%d avgSize=%d%n", bytes.size(), totalBytes / bytes.size());
        System.out.printf("header_us_per_file=%.1f header_alloc_kb_per_file=%.1f%n", median(headerNs) / 1000, median(headerAlloc) / 1024);
        System.out.printf("full_rw_us_per_file=%.1f full_rw_alloc_kb_per_file=%.1f%n", median(fullNs) / 1000, median(fullAlloc) / 1024);
    }

    static long[] round(List<byte[]> files, ReadOptions options, ThreadMXBean mx, DataSetWriter writer, int unused) throws Exception {
        DataSetReader reader = new DataSetReader(options);
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        for (byte[] b : files) {
            DicomFile f = reader.read(new ByteArrayInputStream(b));
            if (writer != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 1024);
                writer.writeFile(out, f.fileMetaInformation(), f.dataSet());
            }
        }
        return new long[] {System.nanoTime() - t0, mx.getCurrentThreadAllocatedBytes() - a0};
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
