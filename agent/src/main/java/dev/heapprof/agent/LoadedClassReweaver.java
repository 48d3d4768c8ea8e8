package dev.heapprof.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Weaves the classes that were loaded before the agent started (most of java.base) by
 * retransforming them in batches; when a batch fails, its halves are retried on their own, down to
 * the class at fault, so one class that cannot be retransformed never keeps the others unwoven.
 *
 * <p>It runs on the thread that starts the agent (with a helper thread for half of the classes),
 * before the program's {@code main}, and never beside the program. Retransforming allocates in the
 * heap, and when the heap is full the JDK's instrument library (JDK 17 to 25) cannot allocate the
 * OutOfMemoryError it means to throw and throws instead an error it kept as a stale reference: the
 * JVM dies of a SIGSEGV. Woven on a thread of its own while a test program filled its 48 MiB heap at
 * once, 4 runs in 100 crashed on a loaded machine,
 * though each batch waited for free heap first; before {@code main} nothing else allocates. It costs
 * {@code main} a later start (the exit line says how much) but not the program's speed: the JIT has
 * compiled nothing yet that retransformation would throw away (bench/workloads/README.md).
 *
 * <p>Classes the cache of woven classes knows to have no allocation are not retransformed at all:
 * a third of the start-up classes, whose retransformation would change nothing.
 *
 * <p>Loaded into a running JVM, the program runs on: each batch then waits while the heap is nearly
 * full, which makes the crash above unlikely, not impossible (docs/agent.md).
 */
final class LoadedClassReweaver {
    /**
     * Classes per retransformation in a running JVM: each is one VM operation that stops every
     * thread and goes over every loaded class, so not one per class; not all in one either, so that
     * the heap is looked at between them. Before {@code main} all go in one: each extra operation
     * costs 5 to 10 ms (JDK 25, {@code -Xlog:redefine+class+timer}), and a refused class is found
     * by halving either way.
     */
    static final int BATCH = 256;
    /**
     * Before {@code main}, at least this many classes are split in two retransformations on two
     * threads at once. The JVM parses and verifies a retransformed class on the thread that asked
     * for it (JDK 25 verifies every one, JDK-8330606); only the swap is a VM operation, which they
     * take in turn. A hello world on JDK 25: 618 classes in 161 to 208 ms against 247 to 287 ms on
     * one thread (docs/agent.md, "Start-up").
     */
    static final int TWO_THREADS_MIN_CLASSES = 128;
    /**
     * ... and in a heap of at least this maximum: two retransformations hold their class files at
     * once (a hello world's start-up classes make 13 MiB in all on JDK 25).
     */
    static final long TWO_THREADS_MIN_HEAP_BYTES = 64L << 20;
    /** How often a batch waiting for free heap looks again. */
    private static final long HEAP_POLL_MILLIS = 10;
    /** How long, in all, batches wait for free heap before the rest are left unwoven. */
    static final long MAX_HEAP_WAIT_MILLIS = 10_000;
    /** Free heap a batch waits for: a quarter of the maximum, and at least this. */
    static final long MIN_FREE_HEAP_BYTES = 8L << 20;

    private final Instrumentation inst;
    private final AllocationWeaver weaver;
    private final WeavingStats stats;
    /** Whether the program is running (loaded into a running JVM): batches then wait for free heap. */
    private final boolean programRuns;
    private final java.util.function.BooleanSupplier heapHasRoom;
    private final long maxHeapWaitMillis;
    private volatile boolean stopRequested;
    // Read by the exit hook, which in a running JVM may run while the attaching thread weaves.
    private volatile int candidates;
    private volatile int leftAlone;
    private volatile int reached;
    private volatile long tookNanos = -1;
    private volatile long heapWaitNanos;
    private volatile long allocatedBytes;

    LoadedClassReweaver(Instrumentation inst, AllocationWeaver weaver, WeavingStats stats, boolean programRuns) {
        this(inst, weaver, stats, programRuns, new java.util.function.BooleanSupplier() {
            @Override
            public boolean getAsBoolean() { // not a method reference, whose bootstrap costs the start
                return heapHasRoom();
            }
        }, MAX_HEAP_WAIT_MILLIS);
    }

    /** With another test of free heap and another patience (tests). */
    LoadedClassReweaver(Instrumentation inst, AllocationWeaver weaver, WeavingStats stats, boolean programRuns,
            java.util.function.BooleanSupplier heapHasRoom, long maxHeapWaitMillis) {
        this.inst = inst;
        this.weaver = weaver;
        this.stats = stats;
        this.programRuns = programRuns;
        this.heapHasRoom = heapHasRoom;
        this.maxHeapWaitMillis = maxHeapWaitMillis;
    }

    private static boolean heapHasRoom() {
        Runtime r = Runtime.getRuntime();
        return hasRoom(r.maxMemory(), r.totalMemory(), r.freeMemory());
    }

    /** Whether a heap of this maximum (Long.MAX_VALUE: none), committed size and free part has room for a batch. */
    static boolean hasRoom(long max, long committed, long free) {
        long limit = max == Long.MAX_VALUE ? committed : max;
        long used = committed - free;
        return limit - used >= Math.max(MIN_FREE_HEAP_BYTES, limit / 4);
    }

    /**
     * Of these loaded classes, those to retransform, the first loaded first. Listed after the
     * transformer was registered, so that no class loaded in between escapes both the transformer
     * and this list.
     *
     * <p>The order matters to the JIT when the program runs: a batch makes it throw away every
     * compiled method that inlined a method of the batch's classes, and the classes loaded first
     * ({@code Object}, {@code String}, the collections) are inlined into nearly everything. HotSpot
     * lists the newest class first (bench/workloads/README.md).
     */
    private List<Class<?>> collect(Class<?>[] loaded) {
        List<Class<?>> found = new ArrayList<>();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        if (loaded.length > 1 && loaded[loaded.length - 1] == Object.class) {
            java.util.Collections.reverse(java.util.Arrays.asList(loaded));
        }
        for (Class<?> c : loaded) {
            if (c.isArray() || c.isPrimitive() || c.isHidden() || !inst.isModifiableClass(c)) {
                continue;
            }
            String name = c.getName().replace('.', '/');
            if (weaver.reasonToSkip(name) != null) {
                continue;
            }
            // A class of the boot or platform loader is the JDK's: its bytes are those of the JVM
            // build the cache file belongs to, so its name alone says the cache's entry is for them.
            ClassLoader loader = c.getClassLoader();
            if ((loader == null || loader == platform) && weaver.knownWithoutAllocations(name)) {
                leftAlone++;
                continue;
            }
            found.add(c);
        }
        return found;
    }

    /**
     * Retransforms these classes, listed by {@link Instrumentation#getAllLoadedClasses} once the
     * transformer was registered, on this thread; returns when done, stopped, or the heap stayed full
     * too long. Classes loaded since that list went through the transformer as they loaded.
     */
    void reweave(Class<?>[] loaded) {
        long start = System.nanoTime();
        long threadBefore = VmFacts.currentThreadAllocatedBytes();
        long weaverBefore = stats.allocatedBytes();
        List<Class<?>> found = collect(loaded);
        candidates = found.size();
        long helperBytes = 0;
        if (!programRuns && found.size() >= TWO_THREADS_MIN_CLASSES && Runtime.getRuntime().maxMemory() >= TWO_THREADS_MIN_HEAP_BYTES) {
            helperBytes = retransformOnTwoThreads(found);
            reached = found.size();
        } else {
            int batch = programRuns ? BATCH : Math.max(1, found.size());
            for (int i = 0; i < found.size() && !stopRequested; i += batch) {
                if (programRuns && !waitForFreeHeap()) {
                    break;
                }
                retransform(found.subList(i, Math.min(found.size(), i + batch)));
                reached = Math.min(found.size(), i + batch);
            }
        }
        tookNanos = System.nanoTime() - start;
        allocatedBytes = Math.max(0, VmFacts.currentThreadAllocatedBytes() - threadBefore + helperBytes - (stats.allocatedBytes() - weaverBefore));
    }

    /**
     * What the run allocated beside what the weaver counted: the JDK's copy of each class file and
     * the JVM's work for each retransformation (13 MiB for a hello world on JDK 25), the agent's too.
     */
    long allocatedBytes() {
        return allocatedBytes;
    }

    /** Waits while the heap is nearly full (see the class comment); false if stopped or out of patience. */
    private boolean waitForFreeHeap() {
        if (heapHasRoom.getAsBoolean()) {
            return !stopRequested; // no wait to report: a slow look at the heap is not a wait
        }
        long start = System.nanoTime();
        try {
            do {
                if (stopRequested || (heapWaitNanos + System.nanoTime() - start) / 1_000_000 >= maxHeapWaitMillis) {
                    return false;
                }
                try {
                    Thread.sleep(HEAP_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            } while (!heapHasRoom.getAsBoolean());
            return !stopRequested;
        } finally {
            heapWaitNanos += System.nanoTime() - start;
        }
    }

    /**
     * Before {@code main}: the first half on this thread while a helper thread does the second (see
     * {@link #TWO_THREADS_MIN_CLASSES}). Returns when both are done, with the bytes the helper
     * allocated; without a helper (no thread could be started) this thread does both.
     */
    private long retransformOnTwoThreads(List<Class<?>> found) {
        int half = found.size() / 2;
        SecondHalf second = new SecondHalf(this, found.subList(half, found.size()));
        Thread helper;
        try {
            helper = new Thread(second, "heapprof-retransform");
            helper.setDaemon(true);
            helper.start();
        } catch (Throwable e) {
            helper = null;
        }
        retransform(found.subList(0, half));
        if (helper == null) {
            retransform(found.subList(half, found.size()));
            return 0;
        }
        boolean interrupted = false;
        while (helper.isAlive()) {
            try {
                helper.join();
            } catch (InterruptedException e) {
                interrupted = true; // the classes must be done before main either way
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return second.allocatedBytes;
    }

    /** The helper's part: a named class, not a lambda, whose bootstrap would cost the start. */
    private static final class SecondHalf implements Runnable {
        private final LoadedClassReweaver reweaver;
        private final List<Class<?>> classes;
        /** What the helper allocated, read once it ended. */
        volatile long allocatedBytes;

        SecondHalf(LoadedClassReweaver reweaver, List<Class<?>> classes) {
            this.reweaver = reweaver;
            this.classes = classes;
        }

        @Override
        public void run() {
            AllocationHook.sampler().parkForever(); // an agent thread: nothing it allocates is sampled
            long before = VmFacts.currentThreadAllocatedBytes();
            reweaver.retransform(classes);
            allocatedBytes = Math.max(0, VmFacts.currentThreadAllocatedBytes() - before);
        }
    }

    /** Retransforms these classes; if that fails, each half on its own, down to the class at fault. */
    private void retransform(List<Class<?>> classes) {
        try {
            inst.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (Throwable failure) {
            if (classes.size() == 1) {
                stats.failed("retransform refused");
                return;
            }
            int half = classes.size() / 2;
            retransform(classes.subList(0, half));
            retransform(classes.subList(half, classes.size()));
        }
    }

    /** Makes a run in a running JVM stop after its current batch (the JVM is exiting). */
    void stop() {
        stopRequested = true;
    }

    /** For the exit line: how many classes loaded before the agent were retransformed, and in how long. */
    String summary() {
        if (tookNanos < 0) {
            return null;
        }
        StringBuilder s = new StringBuilder(Plural.of(candidates + leftAlone, "class", "classes")).append(" loaded before the agent: ")
                .append(Numbers.grouped(reached)).append(" retransformed in ").append(Numbers.grouped(tookNanos / 1_000_000)).append(" ms");
        if (!programRuns) {
            s.append(" before main");
        }
        if (leftAlone > 0) {
            s.append(", ").append(Numbers.grouped(leftAlone)).append(" left alone (no allocation, says the cache)");
        }
        long waited = heapWaitNanos / 1_000_000;
        if (reached < candidates) {
            s.append(", ").append(Numbers.grouped(candidates - reached)).append(" not woven (")
                    .append(stopRequested ? "the program ended first" : "the heap stayed nearly full for " + waited + " ms").append(')');
        } else if (waited > 0) {
            s.append(", ").append(Numbers.grouped(waited)).append(" ms of it waiting for free heap");
        }
        return s.toString();
    }
}
