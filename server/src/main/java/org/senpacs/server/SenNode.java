package org.senpacs.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.senpacs.dicom.net.ApplicationEntity;
import org.senpacs.dicom.net.DicomListener;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.server.config.SenConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sen node: wires the services and listeners of the configuration together, starts
 * them in order and stops them in reverse.
 */
public final class SenNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SenNode.class);

    private final SenConfig config;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<String> serving = new ArrayList<>();
    private DicomListener dicom;

    public SenNode(SenConfig config) {
        this.config = config;
    }

    public void start() {
        try {
            DicomServiceRegistry services = DicomServiceRegistry.withVerification();
            ApplicationEntity ae = new ApplicationEntity(config.dicom().aet(), Set.of(), services, null);
            dicom = new DicomListener(ae, DicomListener.Options.of(config.dicom().port())
                    .withBindAddress(config.dicom().bind())).start();
            running.add(dicom);
            serving.add("DICOM " + config.dicom().aet() + " on " + config.dicom().bind() + ":" + dicom.port()
                    + " (C-ECHO)");
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen for DICOM on port " + config.dicom().port() + ": " + e.getMessage(), e);
        }
        LOG.info("SEN-0002 Sen PACS {} started; data in {}", version(), config.data().toAbsolutePath().normalize());
        for (String line : serving) LOG.info("SEN-0005 serving {}", line);
    }

    /** The DICOM port listened on (the actual one when configured as 0). */
    public int dicomPort() {
        return dicom.port();
    }

    /** What this node serves, one line each. */
    public List<String> serving() {
        return List.copyOf(serving);
    }

    static String version() {
        String v = SenNode.class.getPackage().getImplementationVersion();
        return v == null ? "(development)" : v;
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LOG.warn("SEN-0006 error while stopping {}", running.get(i), e);
            }
        }
        running.clear();
    }
}
