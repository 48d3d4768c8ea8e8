package dev.heapprof.analyzer.digest;

/**
 * What a digest did.
 *
 * @param complete false when it was interrupted: the file holds the snapshots written so far
 * @param unmatchedFrees FREE events of traces with nothing live (their allocation was lost): ignored
 */
public record DigestSummary(long events, long snapshots, long intervalNanos, long durationNanos, long eventsBytes,
        long traces, long unmatchedFrees, long peakLiveBytes, long peakTimeNanos, long elapsedNanos, boolean complete) {

    /** Events per second of wall-clock time spent digesting. */
    public double eventsPerSecond() {
        return elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
    }
}
