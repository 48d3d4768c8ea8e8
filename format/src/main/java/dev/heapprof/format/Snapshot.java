package dev.heapprof.format;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The state of the heap at time {@code index x interval} (docs/format.md, "Digest file"), as
 * estimated from the samples: totals, the peak within the interval that ends here (so a spike
 * survives a coarse interval), the VM's heap use after its last GC, and the figures per trace.
 *
 * @param timeNanos the time this snapshot stands for, ns since the start of profiling
 * @param peakLiveBytes highest live bytes at any event time in ({@code timeNanos - interval}, {@code timeNanos}]
 * @param heapUsedAfterLastGc bytes the VM reported in use after the last GC before this time, -1 if none yet
 * @param traces per-trace figures, ascending by trace id, only traces with a non-zero figure
 */
public record Snapshot(long index, long timeNanos, long liveBytes, long liveMilliObjects, long allocatedBytes,
        long allocatedMilliObjects, long peakLiveBytes, long peakTimeNanos, long heapUsedAfterLastGc, List<TraceUsage> traces) {

    public Snapshot {
        if ((index | timeNanos | liveBytes | liveMilliObjects | allocatedBytes | allocatedMilliObjects | peakLiveBytes | peakTimeNanos) < 0
                || heapUsedAfterLastGc < -1) {
            throw new IllegalArgumentException("negative snapshot field in snapshot " + index);
        }
        List<TraceUsage> sorted = new ArrayList<>(traces);
        sorted.sort(Comparator.comparingLong(TraceUsage::traceId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).traceId() == sorted.get(i - 1).traceId()) {
                throw new IllegalArgumentException("trace " + sorted.get(i).traceId() + " appears twice in snapshot " + index);
            }
        }
        traces = List.copyOf(sorted);
    }

    void writeTo(RecordBuffer out) {
        out.putByte(FormatConstants.HPC_SNAPSHOT);
        out.putVarLong(index);
        out.putVarLong(timeNanos);
        out.putVarLong(liveBytes);
        out.putVarLong(liveMilliObjects);
        out.putVarLong(allocatedBytes);
        out.putVarLong(allocatedMilliObjects);
        out.putVarLong(peakLiveBytes);
        out.putVarLong(peakTimeNanos);
        out.putVarLong(heapUsedAfterLastGc + 1);
        out.putVarLong(traces.size());
        long previous = 0;
        for (TraceUsage t : traces) {
            out.putVarLong(t.traceId() - previous);
            previous = t.traceId();
            out.putVarLong(t.liveBytes());
            out.putVarLong(t.liveMilliObjects());
            out.putVarLong(t.allocatedBytes());
            out.putVarLong(t.allocatedMilliObjects());
        }
    }

    /** Reads the fields after the tag. */
    static Snapshot readFrom(PayloadCursor in) throws FormatException {
        long at = in.offset();
        long[] f = new long[9];
        for (int i = 0; i < f.length; i++) {
            f[i] = in.getVarLong();
        }
        // Each entry takes at least five bytes: a count above remaining/5 is a lie, not a reason to allocate.
        int n = in.getBoundedInt(in.remaining() / 5, "trace count");
        List<TraceUsage> traces = new ArrayList<>(n);
        long trace = 0;
        for (int i = 0; i < n; i++) {
            long delta = in.getVarLong();
            if (delta <= 0 && i > 0 || delta < 0) {
                throw in.error("trace ids in a snapshot must ascend");
            }
            trace += delta;
            traces.add(checked(in, trace, in.getVarLong(), in.getVarLong(), in.getVarLong(), in.getVarLong()));
        }
        try {
            return new Snapshot(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8] - 1, traces);
        } catch (IllegalArgumentException e) {
            throw new FormatException(in.file(), at, e.getMessage());
        }
    }

    private static TraceUsage checked(PayloadCursor in, long trace, long a, long b, long c, long d) throws FormatException {
        if ((trace | a | b | c | d) < 0) {
            throw in.error("snapshot figure beyond 2^63");
        }
        return new TraceUsage(trace, a, b, c, d);
    }

    /** The figures of one trace, or {@code null} if it has none in this snapshot. */
    public TraceUsage usageOf(long traceId) {
        int lo = 0;
        int hi = traces.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long id = traces.get(mid).traceId();
            if (id < traceId) {
                lo = mid + 1;
            } else if (id > traceId) {
                hi = mid - 1;
            } else {
                return traces.get(mid);
            }
        }
        return null;
    }
}
