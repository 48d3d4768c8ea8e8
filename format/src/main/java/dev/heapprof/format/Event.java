package dev.heapprof.format;

/**
 * One event, in the shape the model's API gives it: absolute timestamp in seconds, trace index,
 * signed size (+ for an allocation, - for a free) and scale factor, plus the fields that only
 * some kinds carry (0, or {@code null}, where a kind has none). For bulk work use
 * {@link EventVisitor}, which creates no object per event.
 *
 * @param timeNanos ns since the start of profiling
 * @param timestampSeconds wall-clock seconds since 1970
 * @param size bytes of the sampled object: positive for ALLOC, negative for FREE, 0 otherwise
 * @param scaleFactor multiply {@code size} by it to estimate the bytes the sample stands for
 */
public record Event(Kind kind, long timeNanos, double timestampSeconds, long traceId, long size, double scaleFactor,
        long threadId, long allocTimeNanos, long gcId, GcInfo gcInfo, String label, long totalAllocatedBytes) {

    public enum Kind { ALLOC, FREE, GC, MARK, COUNTER }

    /** How long the freed object lived, in ns (FREE only). */
    public long lifetimeNanos() {
        return kind == Kind.FREE ? timeNanos - allocTimeNanos : 0;
    }
}
