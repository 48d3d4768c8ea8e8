package dev.heapprof.agent;

/**
 * One thread's sampling state: the byte countdown to its next sample and its random generator.
 * While the thread runs agent code (a sample being recorded, a class being woven, an agent thread)
 * the countdown is parked at {@link Long#MAX_VALUE}, so the hook's common path never samples and
 * needs no separate "busy" check.
 *
 * <p>Its constructor must not allocate through woven code: it runs inside {@code ThreadLocal.get}
 * on the thread's first allocation, where a woven allocation would recurse. Hence the inline
 * SplitMix64 generator instead of a {@code java.util} one.
 */
final class ThreadSampler {
    private static final long PARKED = Long.MAX_VALUE;

    /** Bytes left before the next sample; the hook subtracts each allocation's size. */
    long countdown;
    /** The thread this state belongs to (the hook's slot cache checks it). */
    final Thread thread;
    final long threadId;
    private long rng;
    private int busyDepth;
    private long savedCountdown;
    boolean nameRecorded;

    ThreadSampler(Thread thread, long threadId, long seed, long interval) {
        this.thread = thread;
        this.threadId = threadId;
        // Each thread gets its own stream, reproducible from the seed and the thread id.
        this.rng = seed ^ (threadId * 0x9E3779B97F4A7C15L);
        this.countdown = nextCountdown(interval);
    }

    /** An exponential draw with mean {@code interval} (0 = exact mode: every allocation). */
    long nextCountdown(long interval) {
        if (interval <= 0) {
            return 0;
        }
        double u = (nextLong() >>> 11) * 0x1.0p-53; // uniform in [0, 1)
        long bytes = (long) (-Math.log1p(-u) * interval);
        return Math.max(1, bytes);
    }

    private long nextLong() {
        long z = (rng += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Enters agent code: allocations from here on are not sampled. Nests. */
    void enter() {
        if (busyDepth++ == 0) {
            savedCountdown = countdown;
            countdown = PARKED;
        }
    }

    void exit() {
        if (--busyDepth == 0) {
            countdown = savedCountdown;
        }
    }

    /** For agent threads: never sample anything this thread allocates. */
    void parkForever() {
        busyDepth = Integer.MAX_VALUE / 2;
        countdown = PARKED;
    }

    /** After a sample: leave agent code with a fresh countdown. */
    void exitWithNewCountdown(long interval) {
        if (--busyDepth == 0) {
            countdown = nextCountdown(interval);
        }
    }
}
