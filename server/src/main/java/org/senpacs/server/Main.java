package org.senpacs.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.senpacs.server.config.ConfigException;
import org.senpacs.server.config.ConfigLoader;
import org.senpacs.server.config.SenConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a Sen PACS node on its configuration and runs until stopped (Ctrl-C / SIGTERM). */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        SenConfig config;
        try {
            Path file = ConfigLoader.configFile(System.getenv());
            config = new ConfigLoader().load(file, System.getenv());
            if (file != null) LOG.info("SEN-0001 configuration read from {}", file.toAbsolutePath());
        } catch (ConfigException e) {
            System.err.println("sen: " + e.getMessage());
            System.exit(2);
            return;
        }
        SenNode node = new SenNode(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            LOG.info("SEN-0003 stopping");
            node.close();
            stopped.countDown();
            LOG.info("SEN-0004 stopped");
        }));
        Files.createDirectories(config.data());
        try {
            node.start();
        } catch (RuntimeException e) {
            System.err.println("sen: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }
}
