package org.senpacs.storage;

import java.nio.file.Path;

/**
 * The child process of {@link FileSystemStorageCrashTest}: writes objects until killed, printing
 * "committed KEY" after each commit. The content of object i depends only on i (see
 * {@link #content(int)}), so the test can check any object it finds.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    static String key(int i) {
        return "crash/" + (i % 7) + "/obj-" + i;
    }

    static byte[] content(int i) {
        return TestObjects.bytes(50_000 + (i * 7919) % 400_000, i);
    }

    public static void main(String[] args) throws Exception {
        try (FileSystemStorage storage = new FileSystemStorage(Path.of(args[0]), Boolean.parseBoolean(args[1]))) {
            for (int i = 0; ; i++) {
                byte[] content = content(i);
                try (PendingObject o = storage.create(key(i))) {
                    // in pieces, so a kill often lands mid-object
                    for (int off = 0; off < content.length; off += 10_000) {
                        o.output().write(content, off, Math.min(10_000, content.length - off));
                    }
                    o.commit(false);
                }
                System.out.println("committed " + key(i));
                System.out.flush();
            }
        }
    }
}
