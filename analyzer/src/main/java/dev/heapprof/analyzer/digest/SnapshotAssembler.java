package dev.heapprof.analyzer.digest;

import dev.heapprof.format.Snapshot;
import dev.heapprof.format.TraceUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the running per-trace state into one {@link Snapshot}: rounds the estimates, folds the
 * smallest traces into the "other" bucket (trace 0) as the precision allows, and makes the totals
 * the sums of the entries, so nothing is lost or counted twice.
 *
 * <p>Pruning ranks a trace by the larger of its shares of live bytes and of the bytes allocated in
 * the interval, and folds traces from the smallest while the folded live bytes stay within
 * {@code precision} of the live total and the folded allocation within {@code precision} of the
 * interval's allocation. A trace that dominates is never folded; when everything is small, the
 * budget simply runs out.
 */
final class SnapshotAssembler {
    private final double precision;
    private int[] order = new int[64];
    private double[] rank = new double[64];

    SnapshotAssembler(double precision) {
        this.precision = precision;
    }

    Snapshot assemble(long index, long timeNanos, TraceTable table, long peakLiveBytes, long peakTimeNanos, long heapUsedAfterLastGc) {
        int n = 0;
        double liveTotal = 0;
        double allocatedTotal = 0;
        int capacity = table.capacity();
        if (order.length < capacity) {
            order = new int[capacity];
            rank = new double[capacity];
        }
        for (int i = 0; i < capacity; i++) {
            if (table.idAt(i) >= 0 && (table.liveBytes[i] >= 0.5 || table.allocatedBytes[i] >= 0.5
                    || table.liveObjects[i] >= 0.0005 || table.allocatedObjects[i] >= 0.0005)) {
                order[n++] = i;
                liveTotal += table.liveBytes[i];
                allocatedTotal += table.allocatedBytes[i];
            }
        }
        boolean[] folded = null;
        if (precision > 0 && n > 1) {
            folded = fold(table, n, liveTotal, allocatedTotal);
        }
        double otherLive = 0;
        double otherLiveObjects = 0;
        double otherAllocated = 0;
        double otherAllocatedObjects = 0;
        List<TraceUsage> entries = new ArrayList<>(n + 1);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            long id = table.idAt(i);
            if (id == 0 || (folded != null && folded[k])) {
                otherLive += table.liveBytes[i];
                otherLiveObjects += table.liveObjects[i];
                otherAllocated += table.allocatedBytes[i];
                otherAllocatedObjects += table.allocatedObjects[i];
            } else {
                add(entries, id, table.liveBytes[i], table.liveObjects[i], table.allocatedBytes[i], table.allocatedObjects[i]);
            }
        }
        add(entries, 0, otherLive, otherLiveObjects, otherAllocated, otherAllocatedObjects);
        long live = 0;
        long liveObjects = 0;
        long allocated = 0;
        long allocatedObjects = 0;
        for (TraceUsage u : entries) {
            live += u.liveBytes();
            liveObjects += u.liveMilliObjects();
            allocated += u.allocatedBytes();
            allocatedObjects += u.allocatedMilliObjects();
        }
        // The peak is a running maximum of unrounded figures: never below the rounded total it contains.
        long peak = Math.max(peakLiveBytes, live);
        long peakTime = peakLiveBytes >= live ? peakTimeNanos : timeNanos;
        return new Snapshot(index, timeNanos, live, liveObjects, allocated, allocatedObjects, peak, Math.min(peakTime, timeNanos),
                heapUsedAfterLastGc, entries);
    }

    private static void add(List<TraceUsage> entries, long id, double liveBytes, double liveObjects, double allocatedBytes,
            double allocatedObjects) {
        long lb = Math.max(0, Math.round(liveBytes));
        long lo = Math.max(0, Math.round(liveObjects * 1000));
        long ab = Math.max(0, Math.round(allocatedBytes));
        long ao = Math.max(0, Math.round(allocatedObjects * 1000));
        if ((lb | lo | ab | ao) != 0) {
            entries.add(new TraceUsage(id, lb, lo, ab, ao));
        }
    }

    /** Which of the first {@code n} entries of {@link #order} fold into "other". */
    private boolean[] fold(TraceTable table, int n, double liveTotal, double allocatedTotal) {
        Integer[] byRank = new Integer[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double liveShare = liveTotal > 0 ? table.liveBytes[i] / liveTotal : 0;
            double allocatedShare = allocatedTotal > 0 ? table.allocatedBytes[i] / allocatedTotal : 0;
            rank[k] = Math.max(liveShare, allocatedShare);
            byRank[k] = k;
        }
        Arrays.sort(byRank, (a, b) -> {
            int c = Double.compare(rank[a], rank[b]);
            return c != 0 ? c : Long.compare(table.idAt(order[a]), table.idAt(order[b]));
        });
        boolean[] folded = new boolean[n];
        double liveBudget = precision * liveTotal;
        double allocatedBudget = precision * allocatedTotal;
        double liveUsed = 0;
        double allocatedUsed = 0;
        for (int r = 0; r < n; r++) {
            int k = byRank[r];
            int i = order[k];
            double l = Math.max(0, table.liveBytes[i]);
            double a = Math.max(0, table.allocatedBytes[i]);
            if (liveUsed + l > liveBudget || allocatedUsed + a > allocatedBudget) {
                break;
            }
            liveUsed += l;
            allocatedUsed += a;
            folded[k] = true;
        }
        return folded;
    }
}
