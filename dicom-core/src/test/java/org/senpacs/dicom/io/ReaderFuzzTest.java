package org.senpacs.dicom.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.testing.Samples;

/**
 * Thousands of mutated and truncated files: each must end in a data set or in our
 * {@link DicomParseException}, never another exception, an OutOfMemoryError or a hang. Values are
 * then decoded too, since decoding is lazy.
 */
class ReaderFuzzTest {

    private static final int CASES_PER_SEED_FILE = 1500;

    @Test
    void mutatedAndTruncatedFilesEndInADataSetOrOurException() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String ts : List.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian, UID.ExplicitVRBigEndian,
                UID.DeflatedExplicitVRLittleEndian, UID.JPEGBaseline8Bit)) {
            for (boolean defined : new boolean[] {false, true}) {
                seeds.add(file(ts, defined));
            }
        }
        SplittableRandom random = new SplittableRandom(20261126);
        // Each read gets a small cap on values: a lying length must fail, not allocate.
        DataSetReader reader = new DataSetReader(ReadOptions.DEFAULT.withMaxValueLength(1 << 20));
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            int n = 0;
            for (byte[] seed : seeds) {
                for (int i = 0; i < CASES_PER_SEED_FILE; i++, n++) {
                    byte[] input = mutate(seed, random);
                    try {
                        DataSet ds = reader.read(new ByteArrayInputStream(input)).dataSet();
                        touch(ds);
                    } catch (DicomParseException expected) {
                        // a clear error with offset and tag: what we want
                    } catch (Throwable t) {
                        fail("case " + n + ": " + t + " for input of " + input.length + " bytes", t);
                    }
                }
            }
        });
    }

    /** Reads every value, so lazy decoding is exercised too. */
    private static void touch(DataSet ds) {
        for (int i = 0; i < ds.size(); i++) {
            Object v = ds.valueAt(i);
            if (v instanceof Sequence s) {
                for (DataSet item : s) touch(item);
            } else if (!(v instanceof Fragments)) {
                ds.getText(ds.tagAt(i));
                ds.getStrings(ds.tagAt(i));
                if (ds.vrAt(i) == VR.PN) ds.getPersonName(ds.tagAt(i));
            }
        }
    }

    private static byte[] file(String ts, boolean definedLengths) throws IOException {
        DataSet ds = Samples.everyVr();
        if (ts.equals(UID.JPEGBaseline8Bit)) {
            Fragments f = new Fragments();
            f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2});
            f.add(new byte[] {3, 4, (byte) 0xFF, (byte) 0xD9});
            ds.setFragments(Tag.PixelData, VR.OB, f);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter(new DataSetWriter.WriteOptions(definedLengths))
                .writeFile(out, DataSetWriter.fileMetaInformation(ds, ts), ds);
        return out.toByteArray();
    }

    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        switch (r.nextInt(5)) {
            case 0 -> { // truncate
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 1 -> { // flip a few random bytes (past the preamble, where it matters)
                int flips = 1 + r.nextInt(8);
                for (int k = 0; k < flips; k++) b[128 + r.nextInt(b.length - 128)] = (byte) r.nextInt(256);
            }
            case 2 -> { // a lying length: 0xFFFFFFF? or huge, at a random 4-byte boundary
                int at = 132 + r.nextInt((b.length - 136) / 2) * 2;
                int v = r.nextBoolean() ? 0xFFFFFFFF : r.nextInt();
                b[at] = (byte) v;
                b[at + 1] = (byte) (v >> 8);
                b[at + 2] = (byte) (v >> 16);
                b[at + 3] = (byte) (v >> 24);
            }
            case 3 -> { // delete a run of bytes
                int from = 132 + r.nextInt(b.length - 132);
                int len = Math.min(b.length - from, 1 + r.nextInt(64));
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, from);
                System.arraycopy(b, from + len, c, from, b.length - from - len);
                return c;
            }
            default -> { // item / delimiter tags at random places
                int at = 132 + r.nextInt((b.length - 136) / 2) * 2;
                int[] tags = {0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD};
                int tag = tags[r.nextInt(3)];
                b[at] = (byte) (tag >> 16);
                b[at + 1] = (byte) (tag >> 24);
                b[at + 2] = (byte) tag;
                b[at + 3] = (byte) (tag >> 8);
            }
        }
        return b;
    }
}
