package dev.heapprof.agent;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices when sampled objects die. Each sampled object gets one {@link TrackedSample}, a weak
 * reference that carries the sample's trace, size and allocation time; the GC enqueues it when the
 * object becomes unreachable. There is no cap on the number tracked: each costs one reference
 * object and one set entry, about 100 bytes (docs/agent.md, "Memory").
 */
final class DeathTracker {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    /** Keeps the references themselves reachable until their referent dies. */
    private final Set<TrackedSample> tracked = ConcurrentHashMap.newKeySet();

    static final class TrackedSample extends WeakReference<Object> {
        /** Set by the agent's thread once the sample's stack is decoded; -1 until then. */
        volatile long traceId = -1;
        final long size;
        final long allocTime;

        TrackedSample(Object referent, ReferenceQueue<Object> queue, long size, long allocTime) {
            super(referent, queue);
            this.size = size;
            this.allocTime = allocTime;
        }
    }

    TrackedSample track(Object o, long size, long allocTime) {
        TrackedSample t = new TrackedSample(o, queue, size, allocTime);
        tracked.add(t);
        return t;
    }

    /** Waits up to {@code timeoutMillis} for the first death, then takes every death already queued. */
    List<TrackedSample> drain(long timeoutMillis) throws InterruptedException {
        List<TrackedSample> dead = new ArrayList<>();
        Reference<?> r = timeoutMillis > 0 ? queue.remove(timeoutMillis) : queue.poll();
        while (r != null) {
            TrackedSample s = (TrackedSample) r;
            tracked.remove(s);
            dead.add(s);
            r = queue.poll();
        }
        return dead;
    }

    int trackedCount() {
        return tracked.size();
    }
}
