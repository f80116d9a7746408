package org.senpacs.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.net.pdu.Pdu;

/**
 * The listener's limits: ARTIM for a peer that says nothing (or trickles its request), the cap on
 * concurrent associations under a flood, and its graceful close. The listener keeps serving others.
 */
@Timeout(120) // a regression fails here instead of hanging the build
class ListenerLimitsTest {

    @TempDir
    Path dir;

    TestScp scp;

    private void start(int maxAssociations, Duration artim) throws IOException {
        scp = new TestScp(Files.createDirectories(dir.resolve("scp")), "TESTSCP", DicomListener.Options.of(0)
                .withMaxAssociations(maxAssociations).withAssociation(AssociationOptions.DEFAULT.withArtimTimeout(artim)));
    }

    @AfterEach
    void stop() {
        if (scp != null) scp.close();
    }

    private static AssociationRequest echoRequest() {
        return new AssociationRequest("GOODPEER", "TESTSCP").addContext(UID.Verification, UID.ImplicitVRLittleEndian);
    }

    private Association connect() throws IOException {
        return new Connector().connect("localhost", scp.port(), echoRequest(), null);
    }

    private void assertEcho(Association as) throws IOException {
        assertEquals(Status.SUCCESS, new Scu(as).echo().status());
    }

    @Test
    void silentPeerIsClosedAfterArtim() throws IOException {
        start(10, Duration.ofSeconds(1));
        try (RawPeer silent = new RawPeer(scp.port())) {
            Association other = connect(); // others are served meanwhile
            assertEcho(other);
            assertTrue(silent.awaitClosed(), "closed after ARTIM");
            assertEcho(other);
            other.release();
        }
    }

    @Test
    void tricklingPeerIsClosedAfterArtim() throws IOException, InterruptedException {
        // One byte every 250 ms: each read is quicker than ARTIM, the whole request (~170 bytes) is far slower.
        start(10, Duration.ofSeconds(2));
        byte[] rq = RawPeer.associateRq(echoRequest());
        try (RawPeer slow = new RawPeer(scp.port())) {
            Thread trickler = Thread.ofVirtual().start(() -> {
                try {
                    for (byte b : rq) {
                        slow.send(new byte[] {b});
                        Thread.sleep(250);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the listener: expected
                }
            });
            assertTrue(slow.awaitClosed(), "closed after ARTIM although bytes kept coming");
            trickler.interrupt();
            trickler.join();
        }
        Association as = connect();
        assertEcho(as);
        as.release();
    }

    @Test
    void connectionsThatCloseAtOnceDoNotCount() throws IOException {
        start(2, Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            new RawPeer(scp.port()).close();
        }
        Association a = connectWhenFree();
        Association b = connectWhenFree();
        assertEcho(a);
        assertEcho(b);
        a.release();
        b.release();
    }

    /** Connects, retrying while earlier connections are still being wound down (no timing assumed, just a bound). */
    private Association connectWhenFree() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return connect();
            } catch (AssociationException e) {
                if (System.nanoTime() > deadline || !(e.reason() instanceof Pdu.AAssociateRJ)) throw e;
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void floodBeyondTheLimitIsRejectedWhileOthersKeepWorking() throws Exception {
        start(3, Duration.ofSeconds(10));
        List<Association> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) held.add(connect());

        int flood = 12;
        List<Future<Object>> attempts = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < flood; i++) {
                attempts.add(pool.submit(() -> {
                    try {
                        Association as = connect();
                        as.abort();
                        return "accepted";
                    } catch (IOException e) {
                        return e;
                    }
                }));
            }
            for (Future<Object> f : attempts) {
                Object outcome = f.get(30, TimeUnit.SECONDS);
                assertTrue(outcome instanceof AssociationException e && e.reason() instanceof Pdu.AAssociateRJ rj
                        && rj.result() == Pdu.AAssociateRJ.REJECTED_TRANSIENT
                        && rj.source() == Pdu.AAssociateRJ.SOURCE_PROVIDER_PRESENTATION
                        && rj.reason() == Pdu.AAssociateRJ.LOCAL_LIMIT_EXCEEDED, String.valueOf(outcome));
            }
        }
        for (Association as : held) assertEcho(as); // the others keep working
        held.remove(0).release();
        Association next = connectWhenFree(); // a place is free again
        assertEcho(next);
        next.release();
        for (Association as : held) as.release();
    }

    @Test
    void closeEndsIdleAssociationsAndStopsAccepting() throws IOException {
        start(10, Duration.ofSeconds(10));
        Association as = connect();
        assertEcho(as);
        scp.close();
        assertTrue(as.awaitClose(20_000), "the idle association was ended");
        assertFalse(as.isOpen());
        assertThrows(IOException.class, this::connect);
        assertThrows(AssociationException.class, () -> new Scu(as).echo());
    }
}
