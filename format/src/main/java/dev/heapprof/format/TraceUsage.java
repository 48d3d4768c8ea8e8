package dev.heapprof.format;

/**
 * One trace's figures in a snapshot: estimated live bytes and objects at the snapshot's time, and
 * estimated bytes and objects allocated during the interval that ends there. Objects are in
 * thousandths ({@link FormatConstants#MILLI}), since an estimate is rarely a whole number.
 * Trace 0 is the "other" bucket that precision pruning folds small traces into.
 */
public record TraceUsage(long traceId, long liveBytes, long liveMilliObjects, long allocatedBytes, long allocatedMilliObjects) {
    public TraceUsage {
        if ((traceId | liveBytes | liveMilliObjects | allocatedBytes | allocatedMilliObjects) < 0) {
            throw new IllegalArgumentException("negative usage for trace " + traceId);
        }
    }

    public double liveObjects() {
        return liveMilliObjects / (double) FormatConstants.MILLI;
    }

    public double allocatedObjects() {
        return allocatedMilliObjects / (double) FormatConstants.MILLI;
    }
}
