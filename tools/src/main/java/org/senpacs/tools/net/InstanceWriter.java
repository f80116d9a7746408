package org.senpacs.tools.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetWriter;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.DimseRequest;
import org.senpacs.dicom.net.Status;

/**
 * Writes each incoming C-STORE to {@code DIR/<SOP Instance UID>.dcm} as a Part 10 file, streaming
 * the PDVs to disk as they arrive: the File Meta Information made from the command and the
 * presentation context, then the data set bytes exactly as received. A temporary file is renamed
 * into place once complete, so a reader never sees half a file; with fsync the file and the folder
 * are forced to disk before the C-STORE-RSP.
 */
final class InstanceWriter {

    /** A UID: digits and dots, at most 64 characters (PS3.5 §9.1). Anything else could escape the folder. */
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final int BUFFER = 256 * 1024;

    /** What was stored. */
    record Stored(Path file, String sopClass, String sopInstance, String transferSyntax, long bytes) {}

    /** One buffer per thread (an association's reader), reused from object to object. */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    private final Path dir;
    private final boolean fsync;
    private final AtomicLong tempCounter = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    InstanceWriter(Path dir, boolean fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    long files() {
        return files.get();
    }

    long bytes() {
        return bytes.get();
    }

    /**
     * Stores the request's data set. A bad UID or a write error becomes a failure status; a broken
     * association surfaces as the IOException it is.
     */
    Stored store(DimseRequest rq) throws IOException, DicomServiceException {
        String iuid = rq.sopInstanceUid();
        String cuid = rq.sopClassUid();
        if (iuid == null || iuid.length() > 64 || !UID.matcher(iuid).matches()) {
            throw new DicomServiceException(Status.CANNOT_UNDERSTAND, "invalid Affected SOP Instance UID");
        }
        if (cuid == null || cuid.length() > 64 || !UID.matcher(cuid).matches()) {
            throw new DicomServiceException(Status.CANNOT_UNDERSTAND, "invalid Affected SOP Class UID");
        }
        DataSet meta = DataSetWriter.fileMetaInformation(cuid, iuid, rq.transferSyntax());
        String source = rq.association().remoteAETitle();
        if (source != null && !source.isBlank()) meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, source.trim());
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        head.write(new byte[128]);
        head.write(new byte[] {'D', 'I', 'C', 'M'});
        new DataSetWriter().writeFileMetaInformation(head, meta);

        Path target = dir.resolve(iuid + ".dcm");
        Path tmp = dir.resolve("." + iuid + "." + ProcessHandle.current().pid() + "-" + tempCounter.incrementAndGet() + ".part");
        long written = 0;
        boolean done = false;
        try {
            FileChannel ch;
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw storageFailure(e);
            }
            try (ch) {
                written += writeFully(ch, ByteBuffer.wrap(head.toByteArray()));
                InputStream in = rq.dataStream();
                byte[] buf = BUFFERS.get();
                ByteBuffer bb = ByteBuffer.wrap(buf);
                int n;
                while ((n = in.read(buf)) > 0) { // network errors propagate as they are
                    bb.clear().limit(n);
                    written += writeFully(ch, bb);
                }
                if (fsync) force(ch);
            }
            move(tmp, target);
            if (fsync) forceFolder();
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
        files.incrementAndGet();
        bytes.addAndGet(written);
        return new Stored(target, cuid, iuid, rq.transferSyntax(), written);
    }

    private static long writeFully(FileChannel ch, ByteBuffer bb) throws DicomServiceException {
        long n = bb.remaining();
        try {
            while (bb.hasRemaining()) ch.write(bb);
        } catch (IOException e) {
            throw storageFailure(e);
        }
        return n;
    }

    private static void force(FileChannel ch) throws DicomServiceException {
        try {
            ch.force(true);
        } catch (IOException e) {
            throw storageFailure(e);
        }
    }

    private static void move(Path tmp, Path target) throws DicomServiceException {
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw storageFailure(e);
        }
    }

    /** Makes the rename durable: fsync of the folder (Linux; elsewhere it is skipped). */
    private void forceFolder() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform opens folders
        }
    }

    private static DicomServiceException storageFailure(IOException e) {
        return new DicomServiceException(Status.OUT_OF_RESOURCES, "cannot write the object: " + e.getMessage(), e);
    }
}
