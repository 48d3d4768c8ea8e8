package dev.heapprof.agent;

import dev.heapprof.format.SamplingWeights;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sampled path: captures the stack, hands the sample to the {@link ProfileLog} and, with
 * {@code live=true}, to the {@link DeathTracker}. It runs on the allocating thread with that
 * thread marked busy, so nothing it allocates is sampled in turn. No exception leaves it: a sample
 * that cannot be recorded (out of memory, say) is counted as dropped.
 */
final class SampleRecorder {
    private static final String AGENT_PACKAGE = "dev.heapprof.agent.";

    private final ProfileLog log;
    private final DeathTracker deaths;
    private final long interval;
    private final int depth;
    private final LongAdder samples = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder estimatedBytes = new java.util.concurrent.atomic.DoubleAdder();

    SampleRecorder(ProfileLog log, DeathTracker deaths, long interval, int depth) {
        this.log = log;
        this.deaths = deaths;
        this.interval = interval;
        this.depth = depth;
    }

    void sample(ThreadSampler thread, Object o, long size) {
        thread.enter();
        try {
            record(thread, o, size);
        } catch (Throwable t) {
            // OutOfMemoryError included: the program's own allocation already succeeded; only ours failed.
            dropped.increment();
        } finally {
            thread.exitWithNewCountdown(interval);
        }
    }

    private void record(ThreadSampler thread, Object o, long size) {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int from = 0;
        while (from < stack.length && stack[from].getClassName().startsWith(AGENT_PACKAGE)) {
            from++;
        }
        int available = stack.length - from;
        int count = Math.min(available, depth);
        String type = o.getClass().getTypeName();
        long[] time = new long[1];
        long traceId = log.alloc(thread, type, stack, from, count, available > depth, size, time);
        if (traceId < 0) {
            dropped.increment();
            return;
        }
        samples.increment();
        estimatedBytes.add(size * SamplingWeights.scaleFactor(size, interval));
        if (deaths != null) {
            deaths.track(o, traceId, size, time[0]);
        }
    }

    long samples() {
        return samples.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    /** Sum of the samples' byte weights: the estimate of all bytes allocated. */
    double estimatedBytes() {
        return estimatedBytes.sum();
    }
}
