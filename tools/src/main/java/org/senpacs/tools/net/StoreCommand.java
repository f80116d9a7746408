package org.senpacs.tools.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.dicom.net.pdu.PresentationContext;
import org.senpacs.tools.SenTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./sen store}: sends files and folders to a storage SCP (C-STORE), like dcmtk's storescu. */
@Command(name = "store", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = NetCommand.CollectParseErrors.class,
        description = {"Send DICOM files, and folders recursively, to a storage SCP (C-STORE), like dcmtk's storescu.",
            "The headers are read first (never the pixel data) to propose one presentation context per SOP class "
                + "and transfer syntax found; each file then goes as it is stored when the peer accepts its syntax "
                + "(an uncompressed file is converted to another accepted uncompressed syntax otherwise). All files "
                + "go on one association, or one per study with --per-study. Files that are not DICOM Part 10 are "
                + "skipped with a warning. Progress goes to stderr, the summary to stdout.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every DICOM file was stored (warnings included)", "1:a file failed, or nothing could be sent",
            "2:usage error"})
public final class StoreCommand extends NetCommand {

    @Mixin
    PeerOptions peer = new PeerOptions();

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "FILE|DIR", description = "files, and folders searched recursively")
    List<Path> paths;

    @Option(names = "--per-study", description = "one association per study instead of one for everything")
    boolean perStudy;

    @Option(names = {"-q", "--quiet"}, description = "no progress, no per-file warnings: only errors and the summary")
    boolean quiet;

    private static final int COPY_BUFFER = 256 * 1024;

    private Progress progress;
    private int sent;
    private int failed;
    private int warnings;
    private long bytesSent;

    @Override
    int run() {
        peer.validate();
        if (paths == null || paths.isEmpty()) throw new UsageException("no FILE or DIR to send");
        long scanStart = System.nanoTime();
        InstanceScan.Result scan;
        try {
            scan = InstanceScan.scan(InstanceScan.files(paths), perStudy);
        } catch (IOException e) {
            return fail("cannot read " + e.getMessage());
        }
        double scanSecs = (System.nanoTime() - scanStart) / 1e9;
        if (!quiet) {
            for (InstanceScan.Skipped s : scan.skipped()) warn("skipped " + s.file() + ": " + s.reason());
        }
        List<InstanceScan.Instance> instances = scan.instances();
        if (instances.isEmpty()) return fail("no DICOM file to send (" + scan.skipped().size() + " skipped)");
        long totalBytes = instances.stream().mapToLong(InstanceScan.Instance::size).sum();

        List<ContextPlan.Batch> batches = new ArrayList<>();
        for (List<InstanceScan.Instance> group : groups(instances)) batches.addAll(ContextPlan.of(group));

        progress = new Progress(err, instances.size(), totalBytes, quiet);
        long start = System.nanoTime();
        for (ContextPlan.Batch b : batches) send(b);
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        progress.finish();

        out.printf(Locale.ROOT, "Sent %d of %d files (%.1f MB) to %s in %.2f s on %d association%s: %.1f MB/s, %.1f instances/s%n",
                sent, instances.size(), bytesSent / 1e6, peer.describe(), secs, batches.size(), batches.size() == 1 ? "" : "s",
                bytesSent / 1e6 / secs, sent / secs);
        out.printf(Locale.ROOT, "Failed %d, warnings %d, skipped %d (not DICOM); headers read in %.2f s%n", failed, warnings,
                scan.skipped().size(), scanSecs);
        return failed == 0 ? SenTools.OK : SenTools.FAILED;
    }

    /** Everything as one group, or one group per study (in order of first appearance). */
    private List<List<InstanceScan.Instance>> groups(List<InstanceScan.Instance> instances) {
        if (!perStudy) return List.of(instances);
        Map<String, List<InstanceScan.Instance>> byStudy = new LinkedHashMap<>();
        for (InstanceScan.Instance i : instances) {
            byStudy.computeIfAbsent(i.studyUid() == null ? "" : i.studyUid(), k -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(byStudy.values());
    }

    private void send(ContextPlan.Batch batch) {
        AssociationRequest rq = peer.request();
        for (ContextPlan.Context c : batch.contexts()) rq.addContext(c.sopClass(), c.transferSyntaxes().toArray(String[]::new));
        Association as;
        try {
            as = peer.open(rq, null);
        } catch (IOException e) {
            failAll(batch.instances(), 0, e.getMessage());
            return;
        }
        Scu scu = new Scu(as);
        List<InstanceScan.Instance> list = batch.instances();
        for (int k = 0; k < list.size(); k++) {
            InstanceScan.Instance i = list.get(k);
            if (!as.isOpen()) {
                failAll(list, k, "association with " + peer.describe() + " closed");
                return;
            }
            try {
                DimseResult r = store(as, scu, i);
                int status = r.status();
                if (Status.isSuccess(status)) {
                    sent++;
                    bytesSent += i.size();
                } else if (Status.isWarning(status)) {
                    sent++;
                    warnings++;
                    bytesSent += i.size();
                    if (!quiet) progress.println("sen store: " + i.file() + ": " + StatusText.of(r));
                } else {
                    failed++;
                    progress.println("sen store: " + i.file() + ": " + StatusText.of(r));
                }
            } catch (IOException e) {
                if (!as.isOpen()) {
                    failAll(list, k, "association with " + peer.describe() + " lost: " + e.getMessage());
                    return;
                }
                failed++;
                progress.println("sen store: " + i.file() + ": " + e.getMessage());
            }
            progress.advance(i.size());
        }
        try {
            as.release();
        } catch (IOException e) {
            progress.println("sen store: release failed: " + e.getMessage());
        }
    }

    /**
     * Sends a file: its data set bytes as they are when its transfer syntax was accepted (what the
     * header scan found saves reading its meta information again), else through
     * {@link Scu#storeFile}, which converts an uncompressed file or says why it cannot.
     */
    private static DimseResult store(Association as, Scu scu, InstanceScan.Instance i) throws IOException {
        PresentationContext pc = as.contextFor(i.sopClass(), i.transferSyntax());
        if (pc == null || !i.transferSyntax().equals(pc.transferSyntax()) || Files.size(i.file()) != i.size()) {
            return scu.storeFile(i.file());
        }
        return scu.store(i.sopClass(), i.sopInstance(), i.transferSyntax(), (out, ts) -> copy(i, out), null, 0);
    }

    /** The copy buffer, reused from file to file: the send loop allocates nothing per megabyte. */
    private static final ThreadLocal<byte[]> COPY = ThreadLocal.withInitial(() -> new byte[COPY_BUFFER]);

    private static void copy(InstanceScan.Instance i, OutputStream out) throws IOException {
        try (FileChannel ch = FileChannel.open(i.file(), StandardOpenOption.READ)) {
            ch.position(i.dataSetOffset());
            byte[] buf = COPY.get();
            ByteBuffer bb = ByteBuffer.wrap(buf);
            long left = i.size() - i.dataSetOffset();
            while (left > 0) {
                bb.clear().limit((int) Math.min(buf.length, left));
                int n = ch.read(bb);
                if (n < 0) throw new EOFException(i.file() + " is shorter than when it was scanned");
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** Counts the files from {@code from} on as failed, with one message for them all. */
    private void failAll(List<InstanceScan.Instance> list, int from, String why) {
        int n = list.size() - from;
        failed += n;
        progress.println("sen store: " + why + (n > 1 ? " (" + n + " files not sent)" : " (" + list.get(from).file() + " not sent)"));
        for (int k = from; k < list.size(); k++) progress.advance(list.get(k).size());
    }
}
