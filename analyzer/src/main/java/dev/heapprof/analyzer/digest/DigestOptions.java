package dev.heapprof.analyzer.digest;

/**
 * How to digest: the time between snapshots and the pruning precision.
 *
 * @param intervalNanos time between snapshots in ns, or 0 to choose one that gives the run about
 *     {@value #TARGET_SNAPSHOTS} snapshots ({@link #intervalFor})
 * @param precision the fraction of live bytes (and of bytes allocated in the interval) that may be
 *     folded, smallest traces first, into the "other" bucket of each snapshot; 0 keeps every trace
 */
public record DigestOptions(long intervalNanos, double precision) {
    /** The automatic interval aims at this many snapshots: fine enough for a plot, small enough to read fast. */
    public static final int TARGET_SNAPSHOTS = 750;
    /** A digest never has more snapshots than this: past it, the interval asked for is refused as too fine. */
    public static final long MAX_SNAPSHOTS = 1_000_000;
    public static final double DEFAULT_PRECISION = 0.01;
    public static final DigestOptions DEFAULT = new DigestOptions(0, DEFAULT_PRECISION);

    public DigestOptions {
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("the snapshot interval must be positive, got " + intervalNanos + " ns");
        }
        if (!(precision >= 0 && precision <= 0.5)) {
            throw new IllegalArgumentException("precision must be between 0 and 0.5 (a fraction of the total), got " + precision);
        }
    }

    /** The interval to use for a run of this length (ns): the one asked for, or a round one. */
    public long intervalFor(long durationNanos) {
        if (intervalNanos > 0) {
            long snapshots = durationNanos / intervalNanos + 2;
            if (snapshots > MAX_SNAPSHOTS) {
                throw new IllegalArgumentException(String.format(
                        "an interval of %s would make %,d snapshots of this %s run; at most %,d are allowed: choose %s or more",
                        Durations.format(intervalNanos), snapshots, Durations.format(durationNanos), MAX_SNAPSHOTS,
                        Durations.format(durationNanos / MAX_SNAPSHOTS + 1)));
            }
            return intervalNanos;
        }
        return roundInterval(durationNanos);
    }

    /**
     * The one of 1, 2, 2.5 and 5 times a power of ten (at least 1 µs, so labels on a time axis stay
     * readable) nearest to {@code duration / TARGET_SNAPSHOTS} that makes fewer than 1,000 intervals.
     */
    static long roundInterval(long durationNanos) {
        long raw = Math.max(1_000, durationNanos / TARGET_SNAPSHOTS);
        long best = 1_000;
        double bestDistance = Double.MAX_VALUE;
        for (long power = 1_000; power <= 100_000_000_000_000L; power *= 10) {
            for (double step : new double[] {1, 2, 2.5, 5}) {
                long candidate = (long) (step * power);
                if (durationNanos / candidate >= 1_000) {
                    continue;
                }
                double distance = Math.abs(Math.log((double) candidate / raw));
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = candidate;
                }
            }
        }
        return best;
    }
}
