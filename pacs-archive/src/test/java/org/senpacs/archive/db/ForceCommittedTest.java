package org.senpacs.archive.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Database#forceCommitted()} on the embedded H2 returns only once every commit made before
 * it is in the database file, including one that H2's background writer has already taken and is
 * still writing. A file system of the test's own ({@code held:}) holds that write: a checkpoint
 * alone finds nothing unsaved and returns while the write waits, without the commit in the file.
 */
class ForceCommittedTest {

    @TempDir
    Path dir;

    @AfterEach
    void releaseWrites() {
        HeldFilePath.hold = null;
    }

    @Test
    void waitsForTheWriteTheBackgroundWriterHasTaken() throws Exception {
        FilePath.register(new HeldFilePath());
        Path base = dir.resolve("t");
        try (Database db = Database.open(new DatabaseConfig("jdbc:h2:held:" + base + ";WRITE_DELAY=500", "sa", "", 2))) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("create table kept (v varchar(100))");
                c.commit();
            }
            db.forceCommitted(); // nothing in flight from here

            Hold hold = new Hold();
            HeldFilePath.hold = hold;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into kept values ('acknowledged')");
                c.commit();
            }
            // The background writer takes the commit within the write delay and hands it to its
            // own threads, whose write to the file now waits.
            assertTrue(hold.reached.await(30, TimeUnit.SECONDS), "the background writer did not write");
            // Let the write go after a while, so that a forcing that waits for it can return.
            Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                hold.release.countDown();
            });
            db.forceCommitted();

            byte[] onDisk = new byte[hold.data.length];
            try (FileChannel f = FileChannel.open(Path.of(base + ".mv.db"), StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.wrap(onDisk);
                while (b.hasRemaining() && f.read(b, hold.position + b.position()) > 0) {
                    // read on
                }
            }
            assertArrayEquals(hold.data, onDisk, "forceCommitted returned before the background write was in the file");
        }
    }

    /** The first write to the database file once armed: where, what, and the gate it waits at. */
    static final class Hold {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile byte[] data;
        volatile long position;

        void before(String name, ByteBuffer src, long at) {
            if (!name.endsWith(".mv.db") || reached.getCount() == 0) return;
            byte[] bytes = new byte[src.remaining()];
            src.duplicate().get(bytes);
            data = bytes;
            position = at;
            reached.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** H2 files under {@code held:}: the disk, with the armed {@link Hold} before each write. */
    public static final class HeldFilePath extends FilePathWrapper {
        static volatile Hold hold;

        @Override
        public String getScheme() {
            return "held";
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            return new HeldFile(super.open(mode), name);
        }
    }

    private static final class HeldFile extends FileBase {
        private final FileChannel base;
        private final String name;

        HeldFile(FileChannel base, String name) {
            this.base = base;
            this.name = name;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            holdIfArmed(src, position);
            return base.write(src, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            holdIfArmed(src, base.position());
            return base.write(src);
        }

        private void holdIfArmed(ByteBuffer src, long at) {
            Hold h = HeldFilePath.hold;
            if (h != null) h.before(name, src, at);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long p) throws IOException {
            base.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
