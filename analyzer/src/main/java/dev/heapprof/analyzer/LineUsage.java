package dev.heapprof.analyzer;

import dev.heapprof.format.Frame;
import java.util.List;

/**
 * Memory attributed to chosen lines of code over time, one value per snapshot: the model's time
 * plot data. A line's bytes are cumulative: every trace that passes through the line counts, once,
 * even when the line appears several times in it (recursion), so a line's fraction never exceeds 1.
 *
 * @param timesSeconds the moment of each snapshot, seconds since the start of profiling
 * @param totalBytes live bytes of each snapshot, all traces
 * @param lines the chosen lines, in the order given
 */
public record LineUsage(double[] timesSeconds, long[] totalBytes, List<Series> lines) {
    /**
     * One chosen line.
     *
     * @param label the name the user gave it
     * @param line the line it resolved to
     * @param bytes live bytes of the traces through the line, per snapshot
     */
    public record Series(String label, Frame line, long[] bytes) {
        /** The line's share of the total at snapshot {@code k}, 0 when nothing is live. */
        public double fraction(int k, long total) {
            return total <= 0 ? 0 : (double) bytes[k] / total;
        }
    }

    /** {@code lines().get(i)}'s fractions of the total, per snapshot. */
    public double[] fractions(int i) {
        Series s = lines.get(i);
        double[] f = new double[totalBytes.length];
        for (int k = 0; k < f.length; k++) {
            f[k] = s.fraction(k, totalBytes[k]);
        }
        return f;
    }
}
