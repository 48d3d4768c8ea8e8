package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.ByteUnits;
import dev.heapprof.analyzer.digest.DigestProgress;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A one-line progress bar for a digest, redrawn at most ten times a second on stderr, and only when
 * stderr is a terminal: scripts and pipes see nothing. Ctrl-C stops the digest between two blocks
 * (see {@link #stopRequested}), which leaves a valid partial digest.
 */
final class TerminalProgress implements DigestProgress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String what;
    private final boolean enabled;
    private long lastDraw;
    private boolean drawn;
    static volatile boolean stopRequested;

    private TerminalProgress(PrintWriter err, String what, boolean enabled) {
        this.err = err;
        this.what = what;
        this.enabled = enabled;
    }

    static TerminalProgress forDigest(PrintWriter err, Path base) {
        return new TerminalProgress(err, "digesting " + base.getFileName(), System.console() != null);
    }

    @Override
    public boolean progress(long done, long total) {
        if (enabled) {
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L) {
                lastDraw = now;
                double f = total <= 0 ? 1 : Math.min(1, (double) done / total);
                int filled = (int) Math.round(f * WIDTH);
                err.printf("\r%s [%s%s] %3.0f%% %s of %s ", what, "#".repeat(filled), ".".repeat(WIDTH - filled), f * 100,
                        ByteUnits.format(done), ByteUnits.format(total));
                err.flush();
                drawn = true;
            }
        }
        return !stopRequested;
    }

    /** Clears the bar. */
    void done() {
        if (drawn) {
            err.print("\r" + " ".repeat(what.length() + WIDTH + 40) + "\r");
            err.flush();
        }
    }
}
