package org.senpacs.tools.net;

import java.io.IOException;
import java.util.Locale;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.tools.SenTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./sen echo}: C-ECHO, the DICOM ping. */
@Command(name = "echo", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = NetCommand.CollectParseErrors.class,
        description = {"Send C-ECHO (Verification) to a DICOM peer and print the round-trip time, like dcmtk's echoscu.",
            "With --repeat the echoes share one association.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every C-ECHO succeeded", "1:the peer could not be reached, refused, or answered a failure",
            "2:usage error"})
public final class EchoCommand extends NetCommand {

    @Mixin
    PeerOptions peer = new PeerOptions();

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "send N C-ECHOs on the association (default: ${DEFAULT-VALUE})")
    int repeat;

    @Override
    int run() {
        peer.validate();
        if (repeat < 1) throw new UsageException("--repeat must be at least 1");
        Association as;
        long t0 = System.nanoTime();
        try {
            as = peer.open(peer.request().addContext(UID.Verification, UID.ImplicitVRLittleEndian), null);
        } catch (IOException e) {
            return fail(e.getMessage());
        }
        double setupMs = (System.nanoTime() - t0) / 1e6;
        if (as.contextFor(UID.Verification) == null) {
            as.abort();
            return fail(peer.describe() + " does not accept Verification (C-ECHO)");
        }
        out.printf(Locale.ROOT, "Association with %s accepted in %.1f ms%n", peer.describe(), setupMs);
        int ok = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        try {
            Scu scu = new Scu(as);
            for (int i = 1; i <= repeat; i++) {
                long t = System.nanoTime();
                DimseResult r = scu.echo();
                double ms = (System.nanoTime() - t) / 1e6;
                min = Math.min(min, ms);
                max = Math.max(max, ms);
                sum += ms;
                if (Status.isSuccess(r.status())) ok++;
                out.printf(Locale.ROOT, "C-ECHO %d: %s in %.2f ms%n", i, StatusText.of(r), ms);
                out.flush();
            }
        } catch (IOException e) {
            as.abort();
            return fail("C-ECHO failed: " + e.getMessage());
        }
        try {
            as.release();
        } catch (IOException e) {
            warn("release failed: " + e.getMessage());
        }
        if (repeat > 1) {
            out.printf(Locale.ROOT, "%d of %d succeeded; round trip min %.2f, avg %.2f, max %.2f ms%n", ok, repeat, min,
                    sum / repeat, max);
        }
        return ok == repeat ? SenTools.OK : SenTools.FAILED;
    }
}
