package org.senpacs.tools.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DicomStreamReader;
import org.senpacs.dicom.io.ReadOptions;

/**
 * Finds the files to send and reads the head of each (File Meta Information and the data set up to
 * the Study Instance UID), never the pixel data: enough to negotiate presentation contexts and to
 * group by study. Files that are not DICOM Part 10 are reported, not sent.
 */
final class InstanceScan {

    private InstanceScan() {}

    /**
     * A file to send.
     *
     * @param studyUid null unless asked for
     * @param dataSetOffset where the data set starts, after the File Meta Information
     */
    record Instance(Path file, String sopClass, String sopInstance, String transferSyntax, String studyUid, long size,
                    long dataSetOffset) {}

    /** A file left out, and why. */
    record Skipped(Path file, String reason) {}

    record Result(List<Instance> instances, List<Skipped> skipped) {}

    private static final byte[] DICM = {'D', 'I', 'C', 'M'};
    /** Stop reading the data set after the Study Instance UID. */
    private static final ReadOptions HEAD = ReadOptions.HEADERS.withStopBefore(Tag.SeriesInstanceUID);

    /** The regular files under each path (a file, or a folder walked recursively), each folder's in name order. */
    static List<Path> files(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) throw new NoSuchFileException(root.toString(), null, "no such file or folder");
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else {
                files.add(root);
            }
        }
        return files;
    }

    /**
     * Reads the heads of the files, in parallel; the result keeps the files' order.
     *
     * @param studies also read the data sets' Study Instance UIDs (else only the File Meta Information)
     */
    static Result scan(List<Path> files, boolean studies) {
        List<Object> read = files.parallelStream().map(f -> read(f, studies)).toList();
        List<Instance> instances = new ArrayList<>(read.size());
        List<Skipped> skipped = new ArrayList<>();
        for (Object o : read) {
            if (o instanceof Instance i) instances.add(i);
            else skipped.add((Skipped) o);
        }
        return new Result(instances, skipped);
    }

    /** Most heads fit here; a longer one is read again from the file. */
    private static final int PREFIX = 16 * 1024;

    static Object read(Path file, boolean study) {
        try {
            byte[] prefix;
            long size;
            try (InputStream in = Files.newInputStream(file)) {
                prefix = in.readNBytes(PREFIX);
                size = Files.size(file);
            }
            if (prefix.length < 132 || !Arrays.equals(prefix, 128, 132, DICM, 0, 4)) {
                return new Skipped(file, "not a DICOM Part 10 file");
            }
            if (prefix.length < size) {
                try {
                    Object head = read(file, new ByteArrayInputStream(prefix), size, study);
                    // Trusted only when the meta group ended well inside the prefix (the reader stops the group at
                    // the end of its input too) and, when asked, the Study Instance UID was there.
                    if (head instanceof Instance i && i.dataSetOffset() + 8 <= prefix.length && (!study || i.studyUid() != null)) {
                        return i;
                    }
                } catch (IOException | RuntimeException e) {
                    // the head goes past the prefix: read it from the file
                }
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), PREFIX)) {
                return read(file, in, size, study);
            }
        } catch (IOException | RuntimeException e) {
            return new Skipped(file, "unreadable: " + e.getMessage());
        }
    }

    private static Object read(Path file, InputStream in, long size, boolean study) throws IOException {
        DicomStreamReader r = new DicomStreamReader(in);
        DataSet meta = r.fileMetaInformation();
        if (meta == null) return new Skipped(file, "no File Meta Information");
        String cuid = first(meta.getString(Tag.MediaStorageSOPClassUID), null);
        String iuid = first(meta.getString(Tag.MediaStorageSOPInstanceUID), null);
        String studyUid = null;
        long offset = r.dataSetOffset();
        if (study || cuid == null || iuid == null) {
            DataSet head = new DataSetReader(HEAD).read(r, null);
            cuid = first(cuid, head.getString(Tag.SOPClassUID));
            iuid = first(iuid, head.getString(Tag.SOPInstanceUID));
            studyUid = head.getString(Tag.StudyInstanceUID);
        }
        if (cuid == null || iuid == null) return new Skipped(file, "no SOP Class or SOP Instance UID");
        return new Instance(file, cuid, iuid, r.transferSyntax().uid(), studyUid, size, offset);
    }

    private static String first(String a, String b) {
        if (a != null && !a.isBlank()) return a.trim();
        return b == null || b.isBlank() ? null : b.trim();
    }
}
