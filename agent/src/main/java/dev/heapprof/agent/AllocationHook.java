package dev.heapprof.agent;

import java.lang.instrument.Instrumentation;

/**
 * What woven code calls after each allocation. The common path (no sample) is a thread-local
 * lookup, an intrinsic size query and a subtraction: no allocation, no lock, and the object is
 * passed no further. Only when the countdown crosses zero does the object go to the recorder.
 *
 * <p>The hook API is "an object was allocated here": call-site hooks for intrinsics
 * ({@code Arrays.copyOf}, {@code clone}, reflection) can call the same methods on their result.
 */
public final class AllocationHook {
    /** Owner and methods, as woven code names them. */
    static final String OWNER = "dev/heapprof/agent/AllocationHook";
    static final String ALLOCATED = "allocated";
    static final String ALLOCATED_DESC = "(Ljava/lang/Object;)V";
    static final String ALLOCATED_ARRAYS = "allocatedArrays";
    static final String ALLOCATED_ARRAYS_DESC = "(Ljava/lang/Object;I)V";

    /** False until the agent is ready and after it stops: woven JDK code runs long before that. */
    private static boolean enabled;
    private static Instrumentation inst;
    private static SampleRecorder recorder;
    private static long interval;
    private static long seed;

    private static final ThreadLocal<ThreadSampler> SAMPLERS = new ThreadLocal<>() {
        @Override
        protected ThreadSampler initialValue() {
            Thread current = Thread.currentThread();
            return new ThreadSampler(current, current.getId(), seed, interval);
        }
    };

    /**
     * A direct-mapped cache in front of {@link #SAMPLERS}, indexed by thread id: an array load and a
     * compare instead of a thread-local hash probe, which keeps the code C2 inlines into every
     * allocation site small. Two threads whose ids collide take turns; the loser of a slot simply
     * asks the ThreadLocal. Holds at most {@value #SLOTS} samplers (and their threads) alive.
     */
    private static final int SLOTS = 4096;
    private static final ThreadSampler[] BY_THREAD = new ThreadSampler[SLOTS];

    private AllocationHook() {}

    static void install(Instrumentation instrumentation, SampleRecorder sampleRecorder, long samplingInterval, long samplingSeed) {
        inst = instrumentation;
        recorder = sampleRecorder;
        interval = samplingInterval;
        seed = samplingSeed;
        enabled = true;
    }

    static void disable() {
        enabled = false;
    }

    static boolean isEnabled() {
        return enabled;
    }

    static long interval() {
        return interval;
    }

    /** This thread's sampler (agent code uses it to mark itself busy). */
    static ThreadSampler sampler() {
        Thread current = Thread.currentThread();
        ThreadSampler s = BY_THREAD[(int) current.getId() & (SLOTS - 1)];
        if (s != null && s.thread == current) {
            return s;
        }
        return claimSlot(current);
    }

    private static ThreadSampler claimSlot(Thread current) {
        ThreadSampler s = SAMPLERS.get();
        BY_THREAD[(int) current.getId() & (SLOTS - 1)] = s;
        return s;
    }

    /** Called by woven code with each new object, after its constructor returned. */
    public static void allocated(Object o) {
        if (!enabled) {
            return;
        }
        ThreadSampler t = sampler();
        long size = inst.getObjectSize(o);
        if ((t.countdown -= size) > 0) {
            return;
        }
        recorder.sample(t, o, size);
    }

    /** Called after {@code multianewarray}: the outer array and every sub-array it created. */
    public static void allocatedArrays(Object array, int dimensions) {
        if (!enabled || array == null) {
            return;
        }
        allocated(array);
        if (dimensions > 1 && array instanceof Object[]) {
            for (Object inner : (Object[]) array) {
                allocatedArrays(inner, dimensions - 1);
            }
        }
    }
}
