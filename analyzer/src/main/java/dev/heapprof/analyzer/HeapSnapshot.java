package dev.heapprof.analyzer;

import dev.heapprof.format.Snapshot;
import dev.heapprof.format.TraceUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The heap at one moment of the run, as the digest estimates it: what each trace holds live, what
 * was allocated since the previous snapshot, and the totals. Trace 0 is "other": small traces the
 * digest folded together, and samples whose stack was lost.
 */
public final class HeapSnapshot {
    private final Snapshot snapshot;

    HeapSnapshot(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** Its position in the digest, from 0. */
    public int index() {
        return (int) snapshot.index();
    }

    /** The moment it stands for, in ns since the start of profiling. */
    public long timeNanos() {
        return snapshot.timeNanos();
    }

    /** The moment it stands for, in seconds since the start of profiling. */
    public double timeSeconds() {
        return snapshot.timeNanos() / 1e9;
    }

    /** Estimated bytes live at that moment. */
    public long liveBytes() {
        return snapshot.liveBytes();
    }

    /** Estimated objects live at that moment. */
    public double liveObjects() {
        return snapshot.liveMilliObjects() / 1000.0;
    }

    /** Estimated bytes allocated since the previous snapshot. */
    public long allocatedBytes() {
        return snapshot.allocatedBytes();
    }

    public double allocatedObjects() {
        return snapshot.allocatedMilliObjects() / 1000.0;
    }

    /** The highest live bytes since the previous snapshot (a spike shorter than the interval shows here). */
    public long peakLiveBytes() {
        return snapshot.peakLiveBytes();
    }

    public long peakTimeNanos() {
        return snapshot.peakTimeNanos();
    }

    /** Bytes the JVM said were in use after its last GC before this moment, or -1 if none yet. */
    public long heapUsedAfterLastGc() {
        return snapshot.heapUsedAfterLastGc();
    }

    /** Per trace, ascending by id; only traces with a non-zero figure. */
    public List<TraceUsage> traces() {
        return snapshot.traces();
    }

    /** Live bytes by trace id, ascending by id (the model's {@code usage}). */
    public Map<Long, Long> usage() {
        Map<Long, Long> usage = new LinkedHashMap<>();
        for (TraceUsage u : snapshot.traces()) {
            if (u.liveBytes() > 0) {
                usage.put(u.traceId(), u.liveBytes());
            }
        }
        return usage;
    }

    /** This trace's figures, or zeros. */
    public TraceUsage usageOf(long traceId) {
        TraceUsage u = snapshot.usageOf(traceId);
        return u != null ? u : new TraceUsage(traceId, 0, 0, 0, 0);
    }

    /** The format's record, for code that wants every field. */
    public Snapshot raw() {
        return snapshot;
    }

    @Override
    public String toString() {
        return "snapshot " + index() + " at " + timeSeconds() + " s: " + liveBytes() + " bytes live in " + traces().size() + " traces";
    }
}
