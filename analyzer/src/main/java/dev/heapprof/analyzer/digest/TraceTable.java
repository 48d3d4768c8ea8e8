package dev.heapprof.analyzer.digest;

import java.util.Arrays;

/**
 * The digest's running state per trace: estimated live bytes and objects, and what was allocated
 * since the last snapshot. Open addressing over trace ids with the figures in parallel arrays, so an
 * event costs a probe and a few additions, no object. Memory grows with the number of traces seen,
 * never with the number of events.
 */
final class TraceTable {
    private static final long EMPTY = -1;

    private long[] ids;
    double[] liveBytes;
    double[] liveObjects;
    double[] allocatedBytes;
    double[] allocatedObjects;
    private int size;
    private int mask;

    TraceTable() {
        allocate(1024);
    }

    private void allocate(int capacity) {
        ids = new long[capacity];
        Arrays.fill(ids, EMPTY);
        liveBytes = new double[capacity];
        liveObjects = new double[capacity];
        allocatedBytes = new double[capacity];
        allocatedObjects = new double[capacity];
        mask = capacity - 1;
        size = 0;
    }

    /**
     * The slot of this trace, created empty if new. Call it before reading the figure arrays, never
     * inside an expression that indexes them ({@code liveBytes[slot(id)] += x}): a new slot may grow
     * the table, which replaces the arrays.
     */
    int slot(long traceId) {
        int i = (int) mix(traceId) & mask;
        while (true) {
            long id = ids[i];
            if (id == traceId) {
                return i;
            }
            if (id == EMPTY) {
                if (size + 1 > (mask + 1) * 3 / 4) {
                    grow();
                    return slot(traceId);
                }
                ids[i] = traceId;
                size++;
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private static long mix(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        return z ^ (z >>> 32);
    }

    private void grow() {
        long[] oldIds = ids;
        double[] oldLive = liveBytes;
        double[] oldLiveObjects = liveObjects;
        double[] oldAllocated = allocatedBytes;
        double[] oldAllocatedObjects = allocatedObjects;
        allocate(oldIds.length * 2);
        for (int j = 0; j < oldIds.length; j++) {
            if (oldIds[j] != EMPTY) {
                int i = slot(oldIds[j]);
                liveBytes[i] = oldLive[j];
                liveObjects[i] = oldLiveObjects[j];
                allocatedBytes[i] = oldAllocated[j];
                allocatedObjects[i] = oldAllocatedObjects[j];
            }
        }
    }

    int capacity() {
        return ids.length;
    }

    /** Trace id in slot {@code i}, or -1 if the slot is empty. */
    long idAt(int i) {
        return ids[i];
    }

    int size() {
        return size;
    }

    /** Forgets what was allocated since the last snapshot. */
    void clearAllocated() {
        Arrays.fill(allocatedBytes, 0);
        Arrays.fill(allocatedObjects, 0);
    }
}
