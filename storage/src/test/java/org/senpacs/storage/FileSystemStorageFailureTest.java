package org.senpacs.storage;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.senpacs.storage.TestObjects.bytes;
import static org.senpacs.storage.TestObjects.incoming;
import static org.senpacs.storage.TestObjects.keys;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that fail part-way leave no object and no partial file. */
class FileSystemStorageFailureTest {

    @TempDir
    Path root;

    @Test
    void aFailingWriteLeavesNoPartialObject() throws IOException {
        AtomicReference<FileChannel> channel = new AtomicReference<>();
        try (FileSystemStorage storage = new FileSystemStorage(root, true, temp -> {
            channel.set(FileChannel.open(temp, CREATE_NEW, WRITE));
            return channel.get();
        })) {
            PendingObject o = storage.create("f/obj");
            o.output().write(bytes(100_000, 1));
            channel.get().close(); // the device goes away
            StorageException e = assertThrows(StorageException.class, () -> o.output().write(bytes(1_000_000, 2)));
            assertEquals(StorageException.Reason.IO_ERROR, e.reason());
            assertEquals(List.of(), incoming(root), "the partial file is removed at once");
            assertThrows(StorageException.class, () -> o.commit(false));
            o.close();
            assertEquals(List.of(), keys(storage));
            assertTrue(storage.stat("f/obj").isEmpty());
        }
    }

    @Test
    void aFailureWhileCommittingLeavesNoPartialObject() throws IOException {
        AtomicReference<FileChannel> channel = new AtomicReference<>();
        try (FileSystemStorage storage = new FileSystemStorage(root, true, temp -> {
            channel.set(FileChannel.open(temp, CREATE_NEW, WRITE));
            return channel.get();
        })) {
            PendingObject o = storage.create("f/obj");
            o.output().write(bytes(1000, 1)); // still in the buffer
            channel.get().close();
            StorageException e = assertThrows(StorageException.class, () -> o.commit(false));
            assertEquals(StorageException.Reason.IO_ERROR, e.reason());
            assertEquals(List.of(), incoming(root));
            assertEquals(List.of(), keys(storage));
            assertFalse(Files.exists(root.resolve("f")));
        }
    }

    @Test
    void aFullDiskIsOutOfSpaceAndFreesThePartialFile() throws IOException {
        Path full = Path.of("/dev/full"); // Linux: every write fails with ENOSPC
        assumeTrue(Files.isWritable(full), "no /dev/full here");
        try (FileSystemStorage storage = new FileSystemStorage(root, true, temp -> {
            Files.createFile(temp);
            return FileChannel.open(full, WRITE);
        })) {
            PendingObject o = storage.create("full/obj");
            assertEquals(1, incoming(root).size());
            StorageException e = assertThrows(StorageException.class, () -> {
                o.output().write(bytes(2 * FileSystemStorage.BUFFER_SIZE, 3));
                o.commit(false);
            });
            assertEquals(StorageException.Reason.OUT_OF_SPACE, e.reason(), e.toString());
            assertEquals("full/obj", e.key());
            assertEquals(List.of(), incoming(root));
            assertEquals(List.of(), keys(storage));
        }
    }

    @Test
    void anUnwritableIncomingFolderFailsCleanly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path in = root.resolve(FileSystemStorage.INCOMING);
        try (FileSystemStorage storage = new FileSystemStorage(root, false)) {
            Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("r-xr-xr-x"));
            try {
                boolean permissionsApply;
                try {
                    Files.delete(Files.createFile(in.resolve("probe")));
                    permissionsApply = false; // running as root
                } catch (IOException expected) {
                    permissionsApply = true;
                }
                assumeTrue(permissionsApply, "permissions do not apply to this user (root)");
                StorageException e = assertThrows(StorageException.class, () -> storage.create("ro/obj"));
                assertEquals(StorageException.Reason.IO_ERROR, e.reason());
            } finally {
                Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            assertEquals(List.of(), incoming(root));
            assertEquals(List.of(), keys(storage));
        }
    }

    @Test
    void aPendingObjectDroppedWithoutCommitOrAbortIsDiscardedWhenCollected() throws Exception {
        try (FileSystemStorage storage = new FileSystemStorage(root, false)) {
            startAndDrop(storage);
            assertEquals(1, incoming(root).size());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!incoming(root).isEmpty() && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertEquals(List.of(), incoming(root));
            assertEquals(List.of(), keys(storage));
        }
    }

    private static void startAndDrop(StorageBackend storage) throws IOException {
        storage.create("dropped/obj").output().write(bytes(1000, 4));
    }

    @Test
    void outOfSpaceIsRecognisedFromTheSystemsMessages() {
        assertTrue(StorageException.isOutOfSpace(new IOException("No space left on device")));
        assertTrue(StorageException.isOutOfSpace(new java.nio.file.FileSystemException("/a", "/b", "No space left on device")));
        assertTrue(StorageException.isOutOfSpace(new IOException("Disk quota exceeded")));
        assertTrue(StorageException.isOutOfSpace(new IOException("There is not enough space on the disk")));
        assertFalse(StorageException.isOutOfSpace(new IOException("Input/output error")));
        assertFalse(StorageException.isOutOfSpace(new IOException()));
    }
}
