package org.senpacs.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An object being written to a temp file of a {@link FileSystemStorage}. */
final class FilePendingObject implements PendingObject {

    private static final Logger LOG = LoggerFactory.getLogger(FilePendingObject.class);
    private static final byte[] EMPTY = new byte[0];
    /** Discards pending objects their callers dropped without commit or abort. */
    private static final Cleaner CLEANER = Cleaner.create();

    private enum State {
        /** Taking bytes. */
        OPEN,
        /** Written, forced and closed; a commit may still publish it. */
        SEALED,
        COMMITTED,
        DISCARDED
    }

    private final FileSystemStorage storage;
    private volatile String key;
    private volatile Path target;
    private final Path temp;
    private final FileChannel channel;
    private final Output output;
    /** Orders commit and abort, which may come from different threads; writes do not take it. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state = State.OPEN;
    private String checksum;
    private Instant lastModified;
    private final Dropped dropped;
    private final Cleaner.Cleanable cleanable;

    FilePendingObject(FileSystemStorage storage, String key, Path target, Path temp, FileChannel channel) {
        this.storage = storage;
        this.key = key;
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.output = new Output();
        this.dropped = new Dropped(storage, key, temp, channel);
        this.cleanable = CLEANER.register(this, dropped);
    }

    /** Run when a pending object becomes unreachable without a commit or an abort: discards it. */
    private static final class Dropped implements Runnable {
        private final FileSystemStorage storage;
        private final String key;
        private final Path temp;
        private final FileChannel channel;
        volatile boolean ended;

        Dropped(FileSystemStorage storage, String key, Path temp, FileChannel channel) {
            this.storage = storage;
            this.key = key;
            this.temp = temp;
            this.channel = channel;
        }

        @Override
        public void run() {
            if (ended) return;
            LOG.warn("SEN-S106 a pending object for {} was dropped without commit or abort: discarding it", key);
            FileSystemStorage.closeQuietly(channel);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.warn("SEN-S101 cannot remove {} (discarded write; clean-up will retry): {}", temp, e.toString());
            }
            storage.finished(temp);
        }
    }

    /** The object is committed or discarded: nothing left for the cleaner. */
    private void ended() {
        dropped.ended = true;
        cleanable.clean();
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public void rekey(String newKey) {
        Path newTarget = storage.resolve(newKey);
        lock.lock();
        try {
            if (state != State.OPEN && state != State.SEALED) throw new IllegalStateException("cannot rekey " + this);
            key = newKey;
            target = newTarget;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StoredObject commit(boolean replace) throws IOException {
        lock.lock();
        try {
            switch (state) {
                case COMMITTED -> throw new IllegalStateException("already committed: " + key);
                case DISCARDED -> throw new StorageException(StorageException.Reason.IO_ERROR, key,
                        "cannot commit " + key + ": discarded after a failure or an abort");
                case OPEN -> seal();
                case SEALED -> { }
            }
            try {
                storage.publish(temp, target, key, replace);
            } catch (StorageException e) {
                if (e.reason() != StorageException.Reason.EXISTS) discard();
                throw e;
            } catch (IOException e) {
                discard();
                throw StorageException.of(e, key, "cannot commit");
            } catch (RuntimeException e) {
                discard();
                throw e;
            }
            state = State.COMMITTED;
            storage.finished(temp);
            ended();
            return new StoredObject(key, output.size, checksum, lastModified);
        } finally {
            lock.unlock();
        }
    }

    /** Writes out the buffer, forces the file to disk and closes it. */
    private void seal() throws IOException {
        try {
            output.drain();
            output.release();
            if (storage.fsync()) channel.force(true);
            channel.close();
            lastModified = Files.getLastModifiedTime(temp).toInstant();
        } catch (IOException e) {
            discard();
            throw StorageException.of(e, key, "cannot write");
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
        checksum = Checksums.format(output.crc);
        state = State.SEALED;
    }

    @Override
    public void abort() {
        lock.lock();
        try {
            discard();
        } finally {
            lock.unlock();
        }
    }

    private void discard() {
        if (state == State.COMMITTED || state == State.DISCARDED) return;
        state = State.DISCARDED;
        FileSystemStorage.closeQuietly(channel);
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("SEN-S101 cannot remove {} (discarded write; clean-up will retry): {}", temp, e.toString());
        }
        storage.finished(temp);
        ended();
    }

    @Override
    public void close() {
        abort();
    }

    @Override
    public String toString() {
        return "pending " + key + " (" + state + ")";
    }

    /**
     * Buffers bytes into large writes and updates the CRC32C once per buffer. flush() and close()
     * do nothing: nothing is visible before the commit, so pushing bytes early would only cost
     * system calls.
     */
    private final class Output extends OutputStream {

        final CRC32C crc = new CRC32C();
        /** From the storage's pool; given back when the object is sealed (not on a discard, which may race a write). */
        private byte[] buffer = storage.takeBuffer();
        private int count;
        long size;

        @Override
        public void write(int b) throws IOException {
            if (state != State.OPEN) throw notWritable();
            if (count == buffer.length) drain();
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (state != State.OPEN) throw notWritable();
            if (len <= buffer.length - count) {
                System.arraycopy(b, off, buffer, count, len);
                count += len;
                return;
            }
            drain();
            if (len < buffer.length) {
                System.arraycopy(b, off, buffer, 0, len);
                count = len;
                return;
            }
            // large write: straight from the caller's array, in buffer-sized pieces (the JDK
            // copies each into a native buffer of that size)
            for (int end = off + len; off < end; ) {
                int n = Math.min(buffer.length, end - off);
                writeOut(b, off, n);
                off += n;
            }
        }

        /** Gives the buffer back to the pool: only the writing thread, once nothing more is written. */
        void release() {
            byte[] b = buffer;
            buffer = EMPTY;
            if (b.length > 0) storage.giveBack(b);
        }

        /** Writes out the buffered bytes. */
        void drain() throws IOException {
            if (state != State.OPEN) throw notWritable();
            if (count > 0) {
                writeOut(buffer, 0, count);
                count = 0;
            }
        }

        private void writeOut(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            try {
                while (bb.hasRemaining()) channel.write(bb);
            } catch (IOException e) {
                lock.lock();
                try {
                    discard();
                } finally {
                    lock.unlock();
                }
                throw StorageException.of(e, key, "cannot write");
            }
            size += len;
        }

        private StorageException notWritable() {
            return new StorageException(StorageException.Reason.IO_ERROR, key,
                    "cannot write " + key + ": " + (state == State.DISCARDED ? "discarded" : "already committed"));
        }

        @Override
        public void flush() {
            // nothing: see the class comment
        }

        @Override
        public void close() {
            // nothing: commit() or abort() ends the object
        }
    }
}
