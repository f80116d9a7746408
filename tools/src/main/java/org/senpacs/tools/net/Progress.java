package org.senpacs.tools.net;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a transfer on stderr: a bar redrawn in place on a terminal, otherwise a plain line at
 * every tenth of the work, so logs stay short.
 */
final class Progress {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final int totalFiles;
    private final long totalBytes;
    private final boolean terminal;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private int files;
    private long bytes;
    private long lastDraw;
    private int lastTenth;
    private boolean barShown;

    Progress(PrintWriter err, int totalFiles, long totalBytes, boolean quiet) {
        this.err = err;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.quiet = quiet;
        this.terminal = isTerminal();
    }

    /** True when the user sees the output live (Java 22+: a Console that is a terminal). */
    static boolean isTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** One more file done (sent, failed or skipped), of {@code size} bytes. */
    synchronized void advance(long size) {
        files++;
        bytes += size;
        if (quiet) return;
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDraw >= REDRAW_NANOS || files == totalFiles) {
                lastDraw = now;
                draw(now);
            }
        } else {
            int tenth = totalFiles == 0 ? 10 : (int) (10L * files / totalFiles);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.printf(Locale.ROOT, "%d/%d files, %.1f MB%n", files, totalFiles, bytes / 1e6);
            }
        }
    }

    /** Prints a message line without garbling the bar. */
    synchronized void println(String line) {
        if (barShown) {
            err.print("\r\033[K");
            barShown = false;
        }
        err.println(line);
        if (terminal && !quiet && files > 0 && files < totalFiles) draw(System.nanoTime());
    }

    /** Leaves the bar's last state on its own line. */
    synchronized void finish() {
        if (barShown) {
            err.println();
            barShown = false;
        }
    }

    private void draw(long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double fraction = totalBytes > 0 ? (double) bytes / totalBytes : totalFiles > 0 ? (double) files / totalFiles : 1;
        int filled = (int) Math.round(Math.min(1, fraction) * WIDTH);
        StringBuilder bar = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) bar.append(i < filled ? '#' : '.');
        err.printf(Locale.ROOT, "\r[%s] %3.0f%% %d/%d files %.1f MB %.1f MB/s\033[K", bar, fraction * 100, files, totalFiles,
                bytes / 1e6, bytes / 1e6 / secs);
        err.flush();
        barShown = true;
    }
}
