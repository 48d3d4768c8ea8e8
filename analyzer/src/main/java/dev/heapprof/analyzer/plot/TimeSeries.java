package dev.heapprof.analyzer.plot;

/**
 * Peak-preserving downsampling: when there are more points than pixels, each bucket of consecutive
 * points keeps the one where the reference series is highest, so a spike one snapshot wide still
 * shows, and every series keeps the same points (stacked areas still add up).
 */
public final class TimeSeries {
    private TimeSeries() {}

    /** Indices of the points to keep: all of them if there are at most {@code max}, else one per bucket. */
    public static int[] keep(long[] reference, int max) {
        int n = reference.length;
        if (n <= max || max < 2) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] kept = new int[max];
        for (int b = 0; b < max; b++) {
            int from = (int) ((long) b * n / max);
            int to = (int) ((long) (b + 1) * n / max);
            int best = from;
            for (int i = from + 1; i < to; i++) {
                if (reference[i] > reference[best]) {
                    best = i;
                }
            }
            kept[b] = best;
        }
        // The first and last points stay, so the time axis spans the whole run.
        kept[0] = reference[0] >= reference[kept[0]] ? 0 : kept[0];
        kept[max - 1] = reference[n - 1] >= reference[kept[max - 1]] ? n - 1 : kept[max - 1];
        return kept;
    }
}
