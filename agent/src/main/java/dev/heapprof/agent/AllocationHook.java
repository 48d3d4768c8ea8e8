package dev.heapprof.agent;

import java.lang.instrument.Instrumentation;

/**
 * What woven code calls after each allocation. The common path (no sample) is a thread-slot
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
     * asks the ThreadLocal. Holds at most {@value #SLOTS} samplers (and their threads) alive. Empty
     * slots hold {@link #NOBODY}, whose thread is no thread, so the lookup needs no null check.
     */
    private static final int SLOTS = 4096;
    private static final ThreadSampler NOBODY = new ThreadSampler(null, -1, 0, 0);
    private static final ThreadSampler[] BY_THREAD = new ThreadSampler[SLOTS];

    static {
        java.util.Arrays.fill(BY_THREAD, NOBODY);
    }

    private AllocationHook() {}

    /**
     * Makes the hook safe to call, before anything is woven. Until {@link #attach} the hook records
     * nothing: a thread whose countdown crosses zero draws a new one. The agent registers its weaver
     * this early so that the JDK classes its own start loads are woven as they load instead of being
     * retransformed afterwards, which costs several times more (and on JDK 25 verifies each class).
     */
    static void install(Instrumentation instrumentation, long samplingInterval, long samplingSeed) {
        // The size query ends in a native method that the VM links on its first call, and linking
        // runs Java code (ClassLoader.findNative) that is woven too: left to the first woven
        // allocation, that call would recurse into the hook until the stack overflows.
        instrumentation.getObjectSize(instrumentation);
        inst = instrumentation;
        Sizes.initialize();
        interval = samplingInterval;
        seed = samplingSeed;
    }

    /** From now on, samples go to this recorder. */
    static void attach(SampleRecorder sampleRecorder) {
        recorder = sampleRecorder;
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

    /** This thread's sampler, claiming its slot if need be (agent code uses it to mark itself busy). */
    static ThreadSampler sampler() {
        Thread current = Thread.currentThread();
        ThreadSampler s = BY_THREAD[(int) current.getId() & (SLOTS - 1)];
        if (s.thread == current) {
            return s;
        }
        return claimSlot(current);
    }

    /**
     * The hook's lookup: this thread's sampler if it holds its slot, else {@link #NOBODY}, whose
     * countdown is never positive, so that a thread without its slot takes the same branch as a
     * sample. Claiming the slot there leaves one call per allocation site in compiled code instead
     * of two. Kept under 35 bytes of bytecode, like {@link #allocated}, so that C1 inlines both (its
     * limit) and C2 inlines them even at allocation sites that are not hot.
     */
    private static ThreadSampler slot() {
        Thread current = Thread.currentThread();
        ThreadSampler s = BY_THREAD[(int) current.getId() & (SLOTS - 1)];
        return s.thread == current ? s : NOBODY;
    }

    private static ThreadSampler claimSlot(Thread current) {
        ThreadSampler s = SAMPLERS.get();
        BY_THREAD[(int) current.getId() & (SLOTS - 1)] = s;
        return s;
    }

    /**
     * Called by woven code with each new object, after its constructor returned. The common path
     * is under 35 bytes of bytecode (see {@link #slot}); everything else, claiming the thread's slot
     * and the check that the agent still runs included, is in {@link #crossed}. Woven code can only run after {@link #install}:
     * the transformer is registered after it.
     */
    public static void allocated(Object o) {
        ThreadSampler t = slot();
        if ((t.countdown -= Sizes.INST.getObjectSize(o)) <= 0) {
            crossed(t, o);
        }
    }

    /**
     * The countdown crossed zero, or the thread does not hold its slot: record a sample, unless the
     * agent has stopped.
     */
    private static void crossed(ThreadSampler t, Object o) {
        if (t == NOBODY) {
            // First allocation of the thread, or a thread whose id collides took the slot. Other
            // threads may subtract from NOBODY at the same time; it only ever goes below zero.
            NOBODY.countdown = 0;
            try {
                t = claimSlot(Thread.currentThread());
            } catch (Throwable e) {
                // The thread's sampler could not be created (the heap is full): the program's own
                // allocation succeeded, so it must not see our failure; its next allocation tries again.
                return;
            }
            if ((t.countdown -= inst.getObjectSize(o)) > 0) {
                return;
            }
        }
        if (!enabled) {
            // Not attached yet: the next allocation may be sampled. Stopped: never again.
            t.countdown = recorder == null ? t.nextCountdown(interval) : Long.MAX_VALUE;
            return;
        }
        recorder.sample(t, o, inst.getObjectSize(o));
    }

    /**
     * The size query through a constant: C2 folds a static final field of an initialized class, so
     * the hook it inlines at every allocation site needs neither the field load nor the type check of
     * an interface call (each check carries the state to deoptimize, which costs compile time and
     * code at every site). Initialized by {@link #install}, before anything is woven.
     */
    private static final class Sizes {
        static final Instrumentation INST = inst;

        static void initialize() {
            // Triggers the class's initialization, which reads inst as install set it.
        }
    }

    /** Called after {@code multianewarray}: the outer array and every sub-array it created. */
    public static void allocatedArrays(Object array, int dimensions) {
        if (array == null) {
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
