package dev.heapprof.agent;

import dev.heapprof.agent.DeathTracker.TrackedSample;
import dev.heapprof.format.SamplingWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sampled path. On the allocating thread it does only what must happen there: capture the
 * stack ({@link StackCapture}, about a microsecond), note the time, and register the object with the
 * {@link DeathTracker}. Decoding the stack into frames (several microseconds at depth 64) and
 * interning it happen on the agent's thread ({@link #writePending()}), which writes the ALLOC
 * events in time order. At most {@value #MAX_PENDING} samples wait; past that the allocating thread
 * decodes its own sample, so memory stays bounded and nothing is lost.
 *
 * <p>Runs with the thread marked busy, so nothing it allocates is sampled in turn. No exception
 * leaves it: a sample that cannot be recorded (out of memory, say) is counted as dropped.
 */
final class SampleRecorder {
    static final int MAX_PENDING = 4096;
    private static final String AGENT_PACKAGE = "dev.heapprof.agent.";
    /** A class, not a lambda: a lambda's first use costs a bootstrap (the agent avoids them). */
    private static final Comparator<Pending> OLDEST_FIRST = new Comparator<>() {
        @Override
        public int compare(Pending a, Pending b) {
            return Long.compare(a.time(), b.time());
        }
    };

    /** A sample whose stack is not decoded yet. */
    private record Pending(Throwable stack, Class<?> type, long size, long threadId, String newThreadName, long time,
            TrackedSample tracked) {}

    private final ProfileLog log;
    private final DeathTracker deaths;
    private final long interval;
    private final int depth;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final LongAdder samples = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final DoubleAdder estimatedBytes = new DoubleAdder();
    /** Bytes the sampled path allocated on the program's threads (stacks, references, queue nodes). */
    private final LongAdder ownBytes = new LongAdder();
    /** At most this many entries in {@link #typeNames}. */
    private static final int MAX_TYPE_NAMES = 16_384;
    /** Source-level type names by class; touched only under the decoding lock, bounded. */
    private final Map<Class<?>, String> typeNames = new HashMap<>();
    /** Takes each sample's stack; set before the first sample. */
    private StackCapture capture = StackCapture.CONSTRUCTOR;
    /**
     * Recognizes repeated stacks without decoding them, or {@code null} on a JVM where it cannot.
     * Set before the first sample.
     */
    private StackIdentity identity;
    /** Trace ids of stacks already written, by identity; under the decoding lock, bounded. */
    private final Map<StackIdentity.Key, Long> knownStacks = new HashMap<>();
    private long knownFrames;
    /** At most this many frames in {@link #knownStacks} (16 bytes each and the key's own): about 16 MiB at most. */
    private static final long MAX_KNOWN_FRAMES = 1 << 20;

    SampleRecorder(ProfileLog log, DeathTracker deaths, long interval, int depth) {
        this.log = log;
        this.deaths = deaths;
        this.interval = interval;
        this.depth = depth;
    }

    /**
     * How the recorder takes stacks, and recognizes repeated ones by the JVM's backtrace
     * ({@code null}: decode every one).
     */
    void takeStacksWith(StackCapture stackCapture, StackIdentity stackIdentity) {
        this.capture = stackCapture;
        this.identity = stackIdentity;
    }

    void sample(ThreadSampler thread, Object o, long size) {
        thread.enter();
        long allocatedBefore = VmFacts.currentThreadAllocatedBytes();
        try {
            Throwable stack = capture.capture();
            long time = log.now();
            TrackedSample tracked = deaths == null ? null : deaths.track(o, size, time);
            String newName = null;
            if (!thread.nameRecorded) {
                thread.nameRecorded = true;
                newName = Thread.currentThread().getName();
            }
            Pending p = new Pending(stack, o.getClass(), size, thread.threadId, newName, time, tracked);
            samples.increment();
            estimatedBytes.add(size * SamplingWeights.scaleFactor(size, interval));
            if (pendingCount.incrementAndGet() > MAX_PENDING) {
                pendingCount.decrementAndGet();
                write(List.of(p));
            } else {
                pending.add(p);
            }
        } catch (Throwable t) {
            // OutOfMemoryError included: the program's own allocation already succeeded; only ours failed.
            dropped.increment();
        } finally {
            try {
                ownBytes.add(Math.max(0, VmFacts.currentThreadAllocatedBytes() - allocatedBefore));
            } catch (Throwable t) {
                // a LongAdder's cells are allocated under contention: with a full heap the count is lost, not the program
            }
            thread.exitWithNewCountdown(interval);
        }
    }

    long ownBytes() {
        return ownBytes.sum();
    }

    /** On the agent's thread: decodes and writes every waiting sample, oldest first. Returns how many. */
    int writePending() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p = pending.poll(); p != null; p = pending.poll()) {
            pendingCount.decrementAndGet();
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        batch.sort(OLDEST_FIRST);
        write(batch);
        return batch.size();
    }

    private void write(List<Pending> batch) {
        synchronized (typeNames) {
            for (Pending p : batch) {
                long traceId = -1;
                try {
                    traceId = writeOne(p);
                } catch (Throwable t) {
                    // Out of memory while decoding, say: this sample is lost, the rest of the batch is not.
                    traceId = -1;
                }
                // Always decide the trace, 0 (unknown) if the sample could not be written: the
                // writer thread holds a death back until its sample is decided.
                if (traceId < 0) {
                    dropped.increment();
                }
                if (p.tracked() != null) {
                    p.tracked().traceId = Math.max(0, traceId);
                }
            }
        }
    }

    private long writeOne(Pending p) {
        StackIdentity.Key key = identity == null ? null : identity.keyOf(p.stack(), p.type(), depth);
        if (key != null) {
            Long known = knownStacks.get(key);
            if (known != null) {
                return log.allocOfTrace(p.time(), p.threadId(), p.newThreadName(), known, p.size());
            }
        }
        long id = decodeAndWrite(p);
        if (key != null && id >= 0) {
            if (knownFrames + key.frames() > MAX_KNOWN_FRAMES) {
                knownStacks.clear(); // the simplest bound: stacks still in use come back at their next sample
                knownFrames = 0;
            }
            knownStacks.put(key, id);
            knownFrames += key.frames();
        }
        return id;
    }

    private long decodeAndWrite(Pending p) {
        StackTraceElement[] stack = p.stack().getStackTrace();
        int from = 0;
        while (from < stack.length && stack[from].getClassName().startsWith(AGENT_PACKAGE)) {
            from++;
        }
        int available = stack.length - from;
        int count = Math.min(available, depth);
        String type = typeNames.get(p.type());
        if (type == null) {
            type = p.type().getTypeName();
            if (typeNames.size() >= MAX_TYPE_NAMES) {
                typeNames.clear(); // bounded, and no class is kept from unloading for long
            }
            typeNames.put(p.type(), type);
        }
        return log.alloc(p.time(), p.threadId(), p.newThreadName(), type, stack, from, count, available > depth, p.size());
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
