package org.senpacs.server;

import java.util.ArrayList;
import java.util.List;
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

    public SenNode(SenConfig config) {
        this.config = config;
    }

    public void start() {
        LOG.info("SEN-0002 Sen PACS {} started; data in {}", version(), config.data().toAbsolutePath().normalize());
        for (String line : services()) LOG.info("SEN-0005 {}", line);
    }

    /** What this build serves, one line each, for the start-up banner. */
    List<String> services() {
        return List.of(
                "DICOM " + config.dicom().aet() + " on " + config.dicom().bind() + ":" + config.dicom().port()
                        + ": not in this build yet",
                "HTTP on " + config.http().bind() + ":" + config.http().port() + ": not in this build yet",
                "HL7 MLLP on " + config.hl7().bind() + ":" + config.hl7().port() + ": not in this build yet");
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
