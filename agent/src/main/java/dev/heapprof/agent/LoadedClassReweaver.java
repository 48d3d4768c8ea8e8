package dev.heapprof.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Weaves the classes that were loaded before the agent started (most of java.base) by
 * retransforming them in batches of growing size; when a batch fails, its halves are retried on
 * their own, down to the class at fault, so one class that cannot be retransformed never keeps the
 * others unwoven.
 *
 * <p>In exact mode the agent waits for all of it before the program's {@code main}, so that every
 * allocation is seen. When sampling, it runs on its own thread, "heapprof-reweaver", while the
 * program starts: weaving a thousand classes takes a third to half a second, which every run would
 * otherwise wait for, and the program's own classes are woven as they load either way. Until it is
 * done, allocations in the JDK's classes that were already loaded are not seen (the exit line says
 * when it finished). At exit it stops after its current batch and says how many it did not reach.
 *
 * <p>A batch waits while the heap is nearly full. Retransforming allocates in the heap (each class's
 * new version), and when that fails the JDK's instrument library, building the OutOfMemoryError to
 * report it, runs out of memory itself and crashes the JVM (measured: 3 crashes in 30 runs of a test
 * program that fills its 48 MiB heap at once, on a loaded machine, before this wait). The wait
 * makes the collision unlikely, not impossible: a program can fill its heap during a batch, which is
 * why batches stay short.
 */
final class LoadedClassReweaver {
    /**
     * The first batch's size; each next batch is twice as large. Every retransformation makes the
     * JIT throw away the compiled code that inlined a method of a retransformed class (most of
     * java.base), so few batches save the program much recompiling: batches of 64 classes cost javac
     * 0.3 to 0.6 s of CPU more than one batch. A small first batch lets a program that ends at once
     * wait little at exit.
     */
    private static final int FIRST_BATCH = 64;
    /** The largest batch: a few tens of milliseconds with the cache, the window in which the heap may fill. */
    static final int MAX_BATCH = 256;
    /** How often a batch waiting for free heap looks again. */
    private static final long HEAP_POLL_MILLIS = 10;
    /** Free heap a batch waits for: a quarter of the maximum, and at least this. */
    static final long MIN_FREE_HEAP_BYTES = 8L << 20;

    private final Instrumentation inst;
    private final AllocationWeaver weaver;
    private final WeavingStats stats;
    private final java.util.function.BooleanSupplier heapHasRoom;
    /** Set once by {@link #collect}, on the thread that weaves them. */
    private volatile List<Class<?>> candidates = List.of();
    private volatile boolean stopRequested;
    private volatile int reached;
    private volatile long finishedNanos = -1;
    private volatile long heapWaitNanos;
    private Thread thread;

    LoadedClassReweaver(Instrumentation inst, AllocationWeaver weaver, WeavingStats stats) {
        this(inst, weaver, stats, LoadedClassReweaver::heapHasRoom);
    }

    /** With another test of free heap (tests). */
    LoadedClassReweaver(Instrumentation inst, AllocationWeaver weaver, WeavingStats stats, java.util.function.BooleanSupplier heapHasRoom) {
        this.inst = inst;
        this.weaver = weaver;
        this.stats = stats;
        this.heapHasRoom = heapHasRoom;
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
     * Collects the loaded classes that can be woven, the first loaded first. Call after the
     * transformer is registered.
     *
     * <p>The order matters to the JIT: a batch makes it throw away every compiled method that inlined
     * a method of the batch's classes, and the classes loaded first ({@code Object}, {@code String},
     * the collections) are inlined into nearly everything. Woven in the first batch, they cost the
     * little compiled by then; HotSpot lists the newest class first, which put them in the last batch,
     * after a few hundred milliseconds of compiling (javac and jackson, bench/workloads/README.md).
     */
    private void collect() {
        List<Class<?>> found = new ArrayList<>();
        Class<?>[] loaded = inst.getAllLoadedClasses();
        if (loaded.length > 1 && loaded[loaded.length - 1] == Object.class) {
            java.util.Collections.reverse(java.util.Arrays.asList(loaded));
        }
        for (Class<?> c : loaded) {
            if (c.isArray() || c.isPrimitive() || c.isHidden() || !inst.isModifiableClass(c)) {
                continue;
            }
            if (weaver.reasonToSkip(c.getName().replace('.', '/')) != null) {
                continue;
            }
            found.add(c);
        }
        candidates = found;
    }

    /** Weaves them all on this thread. */
    void reweaveAll() {
        collect();
        run();
    }

    /** Weaves them on a daemon thread of the agent's; returns at once. */
    void startInBackground(long startNanoTime) {
        thread = new Thread(() -> {
            AllocationHook.sampler().parkForever(); // an agent thread: nothing it allocates is the program's
            // Collected here too, not before main: going over every loaded class costs the
            // start-up thread 25 ms otherwise.
            collect();
            run();
            finishedNanos = System.nanoTime() - startNanoTime;
        }, "heapprof-reweaver");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        List<Class<?>> candidates = this.candidates;
        int size = FIRST_BATCH;
        for (int i = 0; i < candidates.size() && !stopRequested; i += size, size = Math.min(2 * size, MAX_BATCH)) {
            if (!waitForFreeHeap()) {
                return;
            }
            List<Class<?>> batch = candidates.subList(i, Math.min(candidates.size(), i + size));
            retransform(batch);
            reached = Math.min(candidates.size(), i + size);
        }
    }

    /** Waits while the heap is nearly full (see the class comment); false if stopped meanwhile. */
    private boolean waitForFreeHeap() {
        if (heapHasRoom.getAsBoolean()) {
            return !stopRequested; // no wait to report: a slow look at the heap is not a wait
        }
        long start = System.nanoTime();
        try {
            do {
                if (stopRequested) {
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

    /** Stops a background run after its current batch (waiting up to {@code millis} for it). */
    void stop(long millis) {
        stopRequested = true;
        if (thread != null) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** For the exit line: when the start-up classes were woven, or how many were not. */
    String summary() {
        if (thread == null) {
            return null;
        }
        List<Class<?>> candidates = this.candidates;
        int missed = candidates.size() - reached;
        long waited = heapWaitNanos / 1_000_000;
        if (missed > 0) {
            return String.format(Locale.ROOT, "%,d of %,d start-up classes not woven (the program ended first%s)", missed, candidates.size(),
                    waited > 0 ? String.format(Locale.ROOT, "; the heap was nearly full for %,d ms", waited) : "");
        }
        long at = finishedNanos;
        return at < 0 ? null : String.format(Locale.ROOT, "start-up classes woven %,d ms after the agent started%s", at / 1_000_000,
                waited > 0 ? String.format(Locale.ROOT, ", %,d ms of it waiting for free heap", waited) : "");
    }
}
