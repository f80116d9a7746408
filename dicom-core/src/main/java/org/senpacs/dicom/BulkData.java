package org.senpacs.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A value left where it lies: {@code length} bytes at {@code offset} of the resource {@code uri}
 * (a {@code file:} URI for values read from files, or a DICOMweb BulkDataURI).
 *
 * @param uri where the bytes are
 * @param offset the first byte's offset in the resource
 * @param length the number of bytes, or -1 when unknown (a BulkDataURI without range)
 * @param bigEndian the bytes are big endian (read from an Explicit VR Big Endian file)
 */
public record BulkData(String uri, long offset, long length, boolean bigEndian) {

    public static BulkData ofFile(Path file, long offset, long length, boolean bigEndian) {
        return new BulkData(file.toUri().toString(), offset, length, bigEndian);
    }

    public boolean isFile() {
        return uri.startsWith("file:");
    }

    public Path path() {
        return Path.of(URI.create(uri));
    }

    /** Opens the bytes of a file reference. */
    public InputStream openStream() throws IOException {
        if (!isFile()) throw new IOException("not a local bulk data reference: " + uri);
        FileChannel ch = FileChannel.open(path(), StandardOpenOption.READ);
        ch.position(offset);
        InputStream in = Channels.newInputStream(ch);
        return new InputStream() {
            long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int b = in.read();
                if (b >= 0) left--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** Reads the whole value (capped at 2 GB), as stored: swap yourself when {@link #bigEndian}. */
    public byte[] readAll() throws IOException {
        try (InputStream in = openStream()) {
            return in.readAllBytes();
        }
    }
}
