package org.senpacs.tools.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.senpacs.dicom.UidDictionary;
import org.senpacs.dicom.net.ApplicationEntity;
import org.senpacs.dicom.net.DicomListener;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.dicom.net.Tls;
import org.senpacs.tools.SenTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./sen scp}: a storage SCP that writes what it receives to a folder, like dcmtk's storescp. */
@Command(name = "scp", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = NetCommand.CollectParseErrors.class,
        description = {"Receive DICOM objects (C-STORE) into a folder, like dcmtk's storescp; answer C-ECHO.",
            "Every storage SOP class (standard or private) and every standard transfer syntax is accepted; the "
                + "first one proposed wins, so objects arrive as the sender holds them. Each object is streamed "
                + "to DIR/<SOP Instance UID>.dcm as a Part 10 file (a temporary file renamed when complete), "
                + "never held in memory. Runs until Ctrl-C, which lets running transfers finish.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by Ctrl-C (or interrupted)", "1:could not listen (port in use, TLS setup)", "2:usage error"})
public final class ScpCommand extends NetCommand {

    @Option(names = {"-p", "--port"}, required = true, paramLabel = "PORT",
            description = "TCP port to listen on; 0 picks a free one (see --port-file)")
    int port;

    @Option(names = "--aet", paramLabel = "AE", defaultValue = "SEN",
            description = "our AE title; associations called otherwise are rejected (default: ${DEFAULT-VALUE})")
    String aet;

    @Option(names = {"-d", "--dir"}, required = true, paramLabel = "DIR", description = "folder to store into (created)")
    Path dir;

    @Option(names = "--fsync", description = "force each file (and the folder entry) to disk before answering")
    boolean fsync;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "listen on this address only (default: every interface)")
    String bind;

    @Option(names = "--max-associations", paramLabel = "N", defaultValue = "50",
            description = "concurrent associations; more are rejected (default: ${DEFAULT-VALUE})")
    int maxAssociations;

    @Option(names = "--port-file", paramLabel = "FILE", description = "write the port listened on to FILE once listening")
    Path portFile;

    @Option(names = {"-v", "--verbose"}, description = "print a line per object received")
    boolean verbose;

    @Option(names = "--need-client-auth", description = "with --tls: callers must present a trusted certificate")
    boolean needClientAuth;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Override
    int run() {
        if (port < 0 || port > 65535) throw new UsageException("--port must be 0 to 65535, not " + port);
        PeerOptions.checkAeTitle("--aet", aet);
        if (maxAssociations < 1) throw new UsageException("--max-associations must be at least 1");
        Tls t = tls.toTls(true, needClientAuth);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return fail("cannot create " + dir + ": " + e.getMessage());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) return fail(dir + " is not a writable folder");

        InstanceWriter writer = new InstanceWriter(dir, fsync);
        DicomServiceRegistry services = DicomServiceRegistry.withVerification();
        services.registerStorage(rq -> {
            InstanceWriter.Stored s = writer.store(rq);
            if (verbose) {
                out.printf(Locale.ROOT, "%s: %s %s (%d bytes, %s)%n", rq.association().remoteAETitle(),
                        UidDictionary.standard().nameOf(s.sopClass()), s.sopInstance(), s.bytes(),
                        UidDictionary.standard().nameOf(s.transferSyntax()));
                out.flush();
            }
        });
        DicomListener.Options options = DicomListener.Options.of(port).withMaxAssociations(maxAssociations).withTls(t);
        if (bind != null) options = options.withBindAddress(bind);
        DicomListener listener;
        try {
            listener = new DicomListener(new ApplicationEntity(aet, Set.of(), services, null), options).start();
        } catch (IOException e) {
            return fail("cannot listen on port " + port + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop(listener, writer);
            stopped.countDown();
        }, "sen-scp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (portFile != null) writePortFile(listener.port());
            out.printf(Locale.ROOT, "%s listening on port %d%s, storing into %s%s (Ctrl-C stops)%n", aet, listener.port(),
                    t != null ? " (TLS)" : "", dir, fsync ? " with fsync" : "");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            // stopped in-process (tests): same as Ctrl-C
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(listener, writer);
        } catch (IOException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            listener.close();
            return fail("cannot write " + portFile + ": " + e.getMessage());
        }
        return SenTools.OK;
    }

    private void stop(DicomListener listener, InstanceWriter writer) {
        listener.close();
        out.printf(Locale.ROOT, "stopped: received %d objects, %.1f MB%n", writer.files(), writer.bytes() / 1e6);
        out.flush();
    }

    private void writePortFile(int p) throws IOException {
        Path abs = portFile.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, p + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
