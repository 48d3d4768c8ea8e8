package dev.heapprof.agent;

import dev.heapprof.agent.DeathTracker.TrackedSample;
import java.util.Comparator;
import java.util.List;

/**
 * The agent's one background thread. It turns GC notifications into GC records and dead samples
 * into FREE records (sorted by allocation time, which keeps them small in the file), writes the
 * JVM's allocated-bytes counter, and flushes at least every {@code flush} interval, so that a
 * {@code kill -9} loses at most that much. Nothing it allocates is sampled.
 */
final class ProfileWriterThread extends Thread {
    /** How long to wait for a death before looking at the clock again. */
    private static final long POLL_MILLIS = 20;
    /** A class, not a lambda: a lambda's first use costs a bootstrap (the agent avoids them). */
    private static final Comparator<TrackedSample> BY_ALLOCATION_TIME = new Comparator<>() {
        @Override
        public int compare(TrackedSample a, TrackedSample b) {
            return Long.compare(a.allocTime, b.allocTime);
        }
    };
    /** How long a death may wait for the notification of the GC that found it. */
    private static final long GC_NOTIFICATION_WAIT_MILLIS = 1_000;

    private final ProfileLog log;
    private final SampleRecorder samples;
    private final DeathTracker deaths;
    /** Deaths whose sample was not decoded yet when they were found (rare: a very short life). */
    private final List<TrackedSample> undecided = new java.util.ArrayList<>();
    private final GcMonitor gcs;
    private final long flushNanos;
    private volatile boolean stopping;
    /** What this thread has allocated, kept current because a finished thread's count is gone. */
    private volatile long allocatedBytes;

    ProfileWriterThread(ProfileLog log, SampleRecorder samples, DeathTracker deaths, GcMonitor gcs, long flushNanos) {
        super("heapprof-writer");
        setDaemon(true);
        this.log = log;
        this.samples = samples;
        this.deaths = deaths;
        this.gcs = gcs;
        this.flushNanos = flushNanos;
    }

    @Override
    public void run() {
        AllocationHook.sampler().parkForever();
        // A first counter at the start: the JVM's allocation during the run is the last one minus this.
        try {
            log.counter(VmFacts.totalAllocatedBytes());
        } catch (Throwable t) {
            // out of memory at once (a heap of a few MiB): the run goes on without it
        }
        long lastFlush = System.nanoTime();
        while (!stopping) {
            try {
                step(POLL_MILLIS);
                allocatedBytes = VmFacts.currentThreadAllocatedBytes();
                if (System.nanoTime() - lastFlush >= flushNanos) {
                    log.counter(VmFacts.totalAllocatedBytes());
                    log.flush();
                    lastFlush = System.nanoTime();
                }
            } catch (InterruptedException e) {
                break;
            } catch (Throwable t) {
                // Never let the agent's thread die: what it missed is counted by the log. Out of
                // memory, the flush may fail too; the next round tries again.
                try {
                    log.flush();
                } catch (Throwable again) {
                    // as above
                }
            }
        }
    }

    /** One round; synchronized so that the exit's last round never overlaps the thread's. */
    private synchronized void step(long waitMillis) throws InterruptedException {
        samples.writePending();
        List<TrackedSample> dead = deaths == null ? new java.util.ArrayList<>() : deaths.drain(waitMillis);
        if (deaths == null) {
            Thread.sleep(waitMillis);
        }
        // Deaths found while their sample waited to be decoded: decode first, so the FREE has its trace.
        samples.writePending();
        dead.addAll(undecided);
        undecided.clear();
        for (java.util.Iterator<TrackedSample> it = dead.iterator(); it.hasNext(); ) {
            TrackedSample s = it.next();
            if (s.traceId < 0) {
                undecided.add(s);
                it.remove();
            }
        }
        long gcId = dead.isEmpty() ? 0 : gcs.gcOfDeathsJustFound(GC_NOTIFICATION_WAIT_MILLIS);
        gcs.writeArrived();
        if (dead.isEmpty()) {
            return;
        }
        dead.sort(BY_ALLOCATION_TIME);
        long time = gcId > 0 ? gcs.endOf(gcId) : log.now();
        for (TrackedSample s : dead) {
            log.free(time, s.traceId, s.size, s.allocTime, gcId);
        }
    }

    /** Bytes the agent's thread allocated (in the JVM's total, not the program's). */
    long allocatedBytes() {
        return allocatedBytes;
    }

    /** Stops the thread, then records what is left and flushes (at exit). */
    void finish() {
        // No interrupt: it could abandon deaths already taken off the queue. The current round ends
        // within about a second (the longest wait for a GC notification).
        stopping = true;
        try {
            join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            step(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.counter(VmFacts.totalAllocatedBytes());
        log.flush();
    }
}
