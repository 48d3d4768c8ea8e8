package dev.heapprof.format;

/**
 * One garbage collection as the event file records it. Times are ns since the start of profiling;
 * heap figures are bytes, for the whole heap, as the VM reports them.
 */
public record GcInfo(long id, String collector, String cause, long startNanos, long endNanos,
        long heapUsedBefore, long heapUsedAfter, long heapCommitted) {
    public GcInfo {
        collector = collector == null ? "" : collector;
        cause = cause == null ? "" : cause;
        if (id < 0 || startNanos < 0 || endNanos < startNanos || heapUsedBefore < 0 || heapUsedAfter < 0 || heapCommitted < 0) {
            throw new IllegalArgumentException("invalid GC record: " + id + " " + startNanos + ".." + endNanos);
        }
    }

    public long durationNanos() {
        return endNanos - startNanos;
    }
}
