package dev.heapprof.analyzer;

import dev.heapprof.format.EventLogReader;
import dev.heapprof.format.EventVisitor;
import dev.heapprof.format.GcInfo;
import dev.heapprof.format.SamplingWeights;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Figures that need one pass over every event: counts by kind, the estimated bytes and objects
 * allocated, the JVM's own allocation counter, GCs, marks, the agent's exit line, and the histogram
 * of allocation sizes by power of two (the model's stats mode). Memory is fixed: it keeps no event.
 */
public final class EventTotals implements EventVisitor {
    /** Buckets {@code [2^k, 2^(k+1))} for k = 0..62, and bucket 63 for size 0. */
    public static final int BUCKETS = 64;

    /** A program's mark (the agent's own, {@code heapprof:...}, are kept apart). */
    public record Mark(long timeNanos, String label) {}

    private long samplingInterval;
    private long allocs;
    private long frees;
    private long gcs;
    private long counters;
    private long gcPauseNanos;
    private double estimatedBytes;
    private double estimatedObjects;
    private long firstCounter = -1;
    private long lastCounter = -1;
    private long firstCounterNanos;
    private long lastCounterNanos;
    private long lastEventNanos;
    private final List<Mark> marks = new ArrayList<>();
    /** GC end times, ns, in file order. */
    private long[] gcTimes = new long[16];
    private String agentExitLine;
    private long agentAllocatedBytes = -1;
    private final long[] samplesBySize = new long[BUCKETS];
    private final double[] objectsBySize = new double[BUCKETS];
    private final double[] bytesBySize = new double[BUCKETS];

    private EventTotals() {}

    /** Reads every event of the profile once. */
    public static EventTotals of(Profile profile) throws IOException {
        EventTotals t = new EventTotals();
        try (EventLogReader reader = profile.openEvents()) {
            t.samplingInterval = profile.run().samplingInterval();
            reader.readAll(t);
        }
        return t;
    }

    /** The bucket of an allocation size: {@code k} for sizes in {@code [2^k, 2^(k+1))}. */
    public static int bucketOf(long size) {
        return size <= 0 ? BUCKETS - 1 : 63 - Long.numberOfLeadingZeros(size);
    }

    @Override
    public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
        allocs++;
        double factor = SamplingWeights.scaleFactor(sizeBytes, samplingInterval);
        estimatedObjects += factor;
        estimatedBytes += sizeBytes * factor;
        int b = bucketOf(sizeBytes);
        samplesBySize[b]++;
        objectsBySize[b] += factor;
        bytesBySize[b] += sizeBytes * factor;
        lastEventNanos = Math.max(lastEventNanos, timeNanos);
    }

    @Override
    public void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) {
        frees++;
        lastEventNanos = Math.max(lastEventNanos, timeNanos);
    }

    @Override
    public void gc(GcInfo gc) {
        if (gcs == gcTimes.length) {
            gcTimes = java.util.Arrays.copyOf(gcTimes, gcTimes.length * 2);
        }
        gcTimes[(int) gcs] = gc.endNanos();
        gcs++;
        gcPauseNanos += gc.durationNanos();
        lastEventNanos = Math.max(lastEventNanos, gc.endNanos());
    }

    @Override
    public void mark(long timeNanos, String label) {
        if (label.startsWith("heapprof:exit ")) {
            agentExitLine = label.substring("heapprof:exit ".length());
        } else if (label.startsWith("heapprof:agent-allocated-bytes ")) {
            try {
                agentAllocatedBytes = Long.parseLong(label.substring("heapprof:agent-allocated-bytes ".length()).strip());
            } catch (NumberFormatException e) {
                agentAllocatedBytes = -1;
            }
        } else if (!label.startsWith("heapprof:")) {
            marks.add(new Mark(timeNanos, label));
        }
        lastEventNanos = Math.max(lastEventNanos, timeNanos);
    }

    @Override
    public void counter(long timeNanos, long totalAllocatedBytes) {
        counters++;
        if (firstCounter < 0) {
            firstCounter = totalAllocatedBytes;
            firstCounterNanos = timeNanos;
        }
        lastCounter = totalAllocatedBytes;
        lastCounterNanos = timeNanos;
        lastEventNanos = Math.max(lastEventNanos, timeNanos);
    }

    /** Sampled allocations (ALLOC events). */
    public long samples() {
        return allocs;
    }

    public long frees() {
        return frees;
    }

    public long gcs() {
        return gcs;
    }

    /** When each GC ended, ns since the start of profiling. */
    public long[] gcEndTimes() {
        return java.util.Arrays.copyOf(gcTimes, (int) gcs);
    }

    public long gcPauseNanos() {
        return gcPauseNanos;
    }

    public long events() {
        return allocs + frees + gcs + counters + marks.size() + (agentExitLine == null ? 0 : 1);
    }

    /** Estimated bytes allocated in the run, from the samples and their weights. */
    public double estimatedAllocatedBytes() {
        return estimatedBytes;
    }

    public double estimatedAllocatedObjects() {
        return estimatedObjects;
    }

    /**
     * Bytes the JVM itself counted as allocated between its first and last counter events (all
     * threads, the agent's own included), or -1 with fewer than two counters.
     */
    public long jvmAllocatedBytes() {
        return counters >= 2 ? lastCounter - firstCounter : -1;
    }

    /** Bytes the agent said it allocated itself (part of {@link #jvmAllocatedBytes()}), or -1 if it did not say. */
    public long agentAllocatedBytes() {
        return agentAllocatedBytes;
    }

    /**
     * The program's own allocation as the JVM counted it: the JVM's count less the agent's, or the
     * JVM's count when the agent did not say (a killed run), or -1 without counters.
     */
    public long programAllocatedBytes() {
        long jvm = jvmAllocatedBytes();
        if (jvm < 0) {
            return -1;
        }
        return agentAllocatedBytes >= 0 && agentAllocatedBytes < jvm ? jvm - agentAllocatedBytes : jvm;
    }

    /** The time span of {@link #jvmAllocatedBytes()}, ns. */
    public long jvmCounterSpanNanos() {
        return lastCounterNanos - firstCounterNanos;
    }

    public long lastEventNanos() {
        return lastEventNanos;
    }

    /** The program's marks, in file order. */
    public List<Mark> marks() {
        return Collections.unmodifiableList(marks);
    }

    /** The agent's exit line, or null if the run ended without one (killed, crashed, or still running). */
    public String agentExitLine() {
        return agentExitLine;
    }

    /** The problems the agent's exit line reports (empty if none or no exit line). */
    public String agentProblems() {
        if (agentExitLine == null) {
            return "";
        }
        int at = agentExitLine.indexOf("; problems: ");
        return at < 0 ? "" : agentExitLine.substring(at + "; problems: ".length());
    }

    public long samplesInBucket(int bucket) {
        return samplesBySize[bucket];
    }

    public double objectsInBucket(int bucket) {
        return objectsBySize[bucket];
    }

    public double bytesInBucket(int bucket) {
        return bytesBySize[bucket];
    }
}
