package org.senpacs.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects as files under a root folder, one file per key.
 *
 * <p>A write goes to {@code root/.incoming/<random>.part} (same file system, so publishing is a
 * link or a rename, never a copy) with its CRC32C computed on the way. {@link PendingObject#commit}
 * then, with fsync on, forces the file to disk, publishes it under its key — a hard link that
 * fails atomically when the key is taken, or an atomic rename when replacing — and forces the
 * directories it changed, so a committed object survives a power cut and a crash leaves at most
 * a {@code .part} file, which {@link #cleanUpIncomplete} removes.
 */
public final class FileSystemStorage implements StorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemStorage.class);

    /** The folder of objects being written, under the root; hidden from keys by its leading dot. */
    static final String INCOMING = ".incoming";
    static final String PART_SUFFIX = ".part";
    /** Write buffer of a pending object: large enough that each write is one big system call. */
    static final int BUFFER_SIZE = 256 * 1024;
    private static final int PUBLISH_ATTEMPTS = 5;
    private static final HexFormat HEX = HexFormat.of();

    /** Opens the file a pending object writes to; a seam for tests that make writes fail. */
    @FunctionalInterface
    interface TempChannelOpener {
        FileChannel open(Path temp) throws IOException;
    }

    private final Path root;
    private final Path incoming;
    private final boolean fsync;
    private final TempChannelOpener opener;
    /** Temp files of this process's pending objects, which clean-up must leave alone. */
    private final Set<Path> pending = ConcurrentHashMap.newKeySet();
    /**
     * Write buffers of sealed objects, reused: a new 256 KiB buffer per object was a third of
     * everything an ingest allocated, and made the heap grow.
     */
    private final java.util.concurrent.ArrayBlockingQueue<byte[]> buffers = new java.util.concurrent.ArrayBlockingQueue<>(16);
    private volatile boolean directorySync = true;
    private volatile boolean hardLinks = true;
    private volatile boolean closed;

    /**
     * @param root the folder holding the objects, created if missing
     * @param fsync whether commit forces bytes and directory entries to disk (off only for tests
     *        and throw-away data: a power cut may then lose objects reported as committed)
     */
    public FileSystemStorage(Path root, boolean fsync) throws IOException {
        this(root, fsync, temp -> FileChannel.open(temp, CREATE_NEW, WRITE));
    }

    FileSystemStorage(Path root, boolean fsync, TempChannelOpener opener) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.incoming = this.root.resolve(INCOMING);
        this.fsync = fsync;
        this.opener = opener;
        Files.createDirectories(incoming);
    }

    /** The folder holding the objects. */
    public Path root() {
        return root;
    }

    @Override
    public PendingObject create(String key) throws IOException {
        Path target = resolve(key);
        if (closed) throw new IllegalStateException("storage closed: " + describe());
        for (int attempt = 1; ; attempt++) {
            Path temp = incoming.resolve(HEX.toHexDigits(ThreadLocalRandom.current().nextLong())
                    + HEX.toHexDigits(ThreadLocalRandom.current().nextLong()) + PART_SUFFIX);
            pending.add(temp);
            try {
                return new FilePendingObject(this, key, target, temp, opener.open(temp));
            } catch (IOException e) {
                pending.remove(temp);
                boolean retry = attempt < 3 && (e instanceof FileAlreadyExistsException || e instanceof NoSuchFileException);
                if (!retry) throw StorageException.of(e, key, "cannot start writing");
                if (e instanceof NoSuchFileException) Files.createDirectories(incoming); // removed under us
            }
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path path = resolve(key);
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw readFailure(e, key);
        }
    }

    @Override
    public java.nio.channels.ReadableByteChannel openChannel(String key) throws IOException {
        Path path = resolve(key);
        try {
            return FileChannel.open(path, READ);
        } catch (IOException e) {
            throw readFailure(e, key);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        Path path = resolve(key);
        if (offset < 0 || length < 0) throw new IllegalArgumentException("negative range " + offset + "+" + length);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, READ);
        } catch (IOException e) {
            throw readFailure(e, key);
        }
        try {
            long size = channel.size();
            if (offset > size || length > size - offset) {
                throw new StorageException(StorageException.Reason.INVALID_RANGE, key,
                        "range " + offset + "+" + length + " past the end of " + key + " (" + size + " bytes)");
            }
            return new RangeInputStream(channel, offset, length);
        } catch (IOException e) {
            closeQuietly(channel);
            throw StorageException.of(e, key, "cannot read");
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path path = resolve(key);
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) return Optional.empty();
            return Optional.of(new StoredObject(key, a.size(), null, a.lastModifiedTime().toInstant()));
        } catch (IOException e) {
            if (isMissing(e)) return Optional.empty();
            throw StorageException.of(e, key, "cannot read");
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path path = resolve(key);
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
            if (a.isDirectory() || !Files.deleteIfExists(path)) return false;
        } catch (IOException e) {
            if (isMissing(e)) return false;
            throw StorageException.of(e, key, "cannot delete");
        }
        // Remove the directories the object leaves empty, so deleted studies leave no trace; a
        // concurrent commit into one of them re-creates it (see publish).
        Path dir = path.getParent();
        while (!dir.equals(root)) {
            try {
                Files.delete(dir);
            } catch (IOException notEmptyOrGone) {
                break;
            }
            dir = dir.getParent();
        }
        if (fsync) {
            try {
                syncDirectory(dir);
            } catch (IOException e) {
                if (!isMissing(e)) throw StorageException.of(e, key, "cannot sync the deletion of");
            }
        }
        return true;
    }

    @Override
    public Stream<String> keys() throws IOException {
        KeyWalker walker = new KeyWalker(root);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walker,
                        Spliterator.DISTINCT | Spliterator.NONNULL), false)
                .onClose(walker::close);
    }

    @Override
    public int cleanUpIncomplete(Duration olderThan) throws IOException {
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        if (Files.notExists(incoming)) return 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(incoming, "*" + PART_SUFFIX)) {
            for (Path part : parts) {
                if (pending.contains(part)) continue;
                try {
                    Instant modified = Files.getLastModifiedTime(part, NOFOLLOW_LINKS).toInstant();
                    if (!modified.isAfter(cutoff) && !pending.contains(part) && Files.deleteIfExists(part)) removed++;
                } catch (NoSuchFileException gone) {
                    // committed or removed meanwhile
                }
            }
        }
        if (removed > 0) LOG.info("SEN-S103 removed {} incomplete writes from {}", removed, incoming);
        return removed;
    }

    @Override
    public String describe() {
        return "filesystem " + root + (fsync ? "" : " (fsync off)");
    }

    /** Refuses new writes; reads and pending writes still work. */
    @Override
    public void close() {
        closed = true;
    }

    // ---- used by FilePendingObject

    boolean fsync() {
        return fsync;
    }

    byte[] takeBuffer() {
        byte[] b = buffers.poll();
        return b != null ? b : new byte[BUFFER_SIZE];
    }

    void giveBack(byte[] buffer) {
        buffers.offer(buffer);
    }

    /** Forgets a pending object's temp file once it is committed or discarded. */
    void finished(Path temp) {
        pending.remove(temp);
    }

    /**
     * Makes a sealed (written and forced) temp file visible under its key: a hard link when the
     * key must be new (creating a link fails atomically when the name exists, whereas a rename
     * would silently replace), an atomic rename when replacing. Creates missing directories, and
     * with fsync forces every directory it changed.
     */
    void publish(Path temp, Path target, String key, boolean replace) throws IOException {
        Path dir = target.getParent();
        List<Path> created = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                if (replace) {
                    Files.move(temp, target, ATOMIC_MOVE);
                } else {
                    linkOrMove(temp, target);
                }
                break;
            } catch (FileAlreadyExistsException e) {
                throw new StorageException(StorageException.Reason.EXISTS, key, "an object is already stored under " + key);
            } catch (NoSuchFileException e) {
                // the key's directory is missing (new, or pruned by a concurrent delete)
                if (attempt == PUBLISH_ATTEMPTS || Files.notExists(temp)) throw e;
            }
            try {
                created.addAll(createDirectories(dir));
            } catch (NoSuchFileException prunedMeanwhile) {
                // try again
            }
        }
        if (fsync) {
            try {
                syncDirectory(dir);
                for (Path d : created) {
                    if (!d.equals(dir)) syncDirectory(d);
                }
                if (!created.isEmpty()) syncDirectory(created.getFirst().getParent());
            } catch (IOException e) {
                // Not durable: take the new object back so that a failed commit leaves the key
                // as it was (a replaced object is gone, though).
                if (!replace) unpublish(temp, target);
                throw e;
            }
        }
        if (!replace) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.warn("SEN-S101 cannot remove {} (committed as {}; clean-up will retry): {}", temp, key, e.toString());
            }
        }
    }

    /** Removes a just-published link, unless another writer has replaced it meanwhile. */
    private static void unpublish(Path temp, Path target) {
        try {
            Object published = Files.readAttributes(temp, BasicFileAttributes.class, NOFOLLOW_LINKS).fileKey();
            Object current = Files.readAttributes(target, BasicFileAttributes.class, NOFOLLOW_LINKS).fileKey();
            if (published != null && published.equals(current)) Files.deleteIfExists(target);
        } catch (IOException e) {
            LOG.warn("SEN-S105 cannot take back {} after a failed commit: {}", target, e.toString());
        }
    }

    private void linkOrMove(Path temp, Path target) throws IOException {
        if (hardLinks) {
            try {
                Files.createLink(target, temp);
                return;
            } catch (UnsupportedOperationException e) {
                noHardLinks(e.toString());
            } catch (FileSystemException e) {
                if (!(e instanceof FileAlreadyExistsException) && !(e instanceof NoSuchFileException)
                        && "Operation not permitted".equals(e.getReason())) {
                    noHardLinks(e.toString());
                } else {
                    throw e;
                }
            }
        }
        // Without hard links: a move that refuses an existing target. It checks, then renames, so
        // two writers racing for one key may both succeed (the last one wins).
        Files.move(temp, target);
    }

    private void noHardLinks(String why) {
        hardLinks = false;
        LOG.warn("SEN-S104 the file system of {} has no hard links ({}): two writers racing for one key may both succeed",
                root, why);
    }

    /** Creates a directory and its missing parents below the root; returns those it created, top first. */
    private List<Path> createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = dir; !d.equals(root) && Files.notExists(d); d = d.getParent()) missing.push(d);
        List<Path> created = new ArrayList<>(missing.size());
        for (Path d : missing) {
            try {
                Files.createDirectory(d);
                created.add(d);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(d)) throw e;
            }
        }
        return created;
    }

    /** Forces a directory's entries to disk (POSIX); a no-op where directories cannot be opened. */
    void syncDirectory(Path dir) throws IOException {
        if (!directorySync) return;
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, READ);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            noDirectorySync(e);
            return;
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            if (!"Invalid argument".equals(e.getMessage())) throw e;
            noDirectorySync(e);
        }
    }

    private void noDirectorySync(IOException e) {
        directorySync = false;
        LOG.info("SEN-S102 directories under {} cannot be forced to disk ({}); relying on the file system", root, e.toString());
    }

    /** The file of a key, checked against the key rules. */
    Path resolve(String key) {
        ObjectKeys.requireValidKey(key);
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root) || path.startsWith(incoming)) {
            throw new IllegalArgumentException("invalid storage key: outside the storage root: " + key);
        }
        return path;
    }

    private static StorageException readFailure(IOException e, String key) {
        if (isMissing(e)) return new StorageException(StorageException.Reason.NOT_FOUND, key, "no object " + key, e);
        return StorageException.of(e, key, "cannot read");
    }

    /** No such file, or a path component that is a file (ENOTDIR). */
    static boolean isMissing(IOException e) {
        return e instanceof NoSuchFileException
                || (e instanceof FileSystemException fse && "Not a directory".equals(fse.getReason()));
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }
}
