package org.senpacs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/** The checksums recorded for stored objects: CRC32C, written "crc32c:" and 8 lower-case hex digits. */
public final class Checksums {

    private static final HexFormat HEX = HexFormat.of();

    /** What reading an object measured. */
    public record Measured(long size, String checksum) {}

    private Checksums() {
    }

    /** The recorded form of a CRC32C value. */
    public static String format(CRC32C crc) {
        return "crc32c:" + HEX.toHexDigits((int) crc.getValue());
    }

    /** Reads {@code in} to its end; its size and checksum. Does not close it. */
    public static Measured measure(InputStream in) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = in.read(buf)) > 0; size += n) crc.update(buf, 0, n);
        return new Measured(size, format(crc));
    }
}
