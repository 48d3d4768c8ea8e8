package dev.heapprof.format;

/**
 * Receives decoded events from an {@link EventLogReader}, one call per event and no object per
 * event. Times are ns since the start of profiling; sizes are bytes of the one sampled object
 * (multiply by {@link SamplingWeights#scaleFactor} for the estimate it stands for).
 */
public interface EventVisitor {
    default void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {}

    default void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) {}

    default void gc(GcInfo gc) {}

    default void mark(long timeNanos, String label) {}

    default void counter(long timeNanos, long totalAllocatedBytes) {}
}
