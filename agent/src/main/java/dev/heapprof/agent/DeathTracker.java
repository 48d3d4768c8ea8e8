package dev.heapprof.agent;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Notices when sampled objects die. Each sampled object gets one {@link TrackedSample}, a weak
 * reference that carries the sample's trace, size and allocation time; the GC enqueues it when the
 * object becomes unreachable. There is no cap on the number tracked: each costs one reference
 * object of 64 bytes or less (docs/agent.md, "Memory").
 *
 * <p>A reference must stay reachable until its referent dies, so the tracked ones form a doubly
 * linked list through their own fields: adding one (on the program's thread, for every sample) is
 * a few stores under a short lock, with no allocation besides the reference itself, where a
 * concurrent set cost a microsecond per sample.
 */
final class DeathTracker {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    /** Head of the list that keeps the references themselves reachable until their referent dies. */
    private final TrackedSample head = new TrackedSample(null, null, 0, 0);
    /** Size from which G1 allocates an object in regions of its own (Long.MAX_VALUE: not G1). */
    private final long humongousBytes;
    private int count;
    private long everTracked;
    private long humongous;
    private long humongousSizes;

    DeathTracker() {
        this(Long.MAX_VALUE);
    }

    /**
     * @param humongousBytes the size from which an object is humongous in G1 (half a region), or
     *     {@link Long#MAX_VALUE} under another collector. G1 frees a dead humongous object at a young
     *     collection only when nothing refers to it, and the tracking reference does: such objects
     *     stay in the heap until G1's next concurrent cycle. They are counted, for the exit line.
     */
    DeathTracker(long humongousBytes) {
        this.humongousBytes = humongousBytes;
    }

    static final class TrackedSample extends WeakReference<Object> {
        /** Set by the agent's thread once the sample's stack is decoded; -1 until then. */
        volatile long traceId = -1;
        final long size;
        final long allocTime;
        /** Neighbours in the tracker's list; guarded by the tracker. */
        private TrackedSample prev;
        private TrackedSample next;

        TrackedSample(Object referent, ReferenceQueue<Object> queue, long size, long allocTime) {
            super(referent, queue);
            this.size = size;
            this.allocTime = allocTime;
        }
    }

    TrackedSample track(Object o, long size, long allocTime) {
        TrackedSample t = new TrackedSample(o, queue, size, allocTime);
        synchronized (head) {
            t.next = head.next;
            t.prev = head;
            if (head.next != null) {
                head.next.prev = t;
            }
            head.next = t;
            count++;
            everTracked++;
            if (size >= humongousBytes) {
                humongous++;
                humongousSizes += size;
            }
        }
        return t;
    }

    /** Waits up to {@code timeoutMillis} for the first death, then takes every death already queued. */
    List<TrackedSample> drain(long timeoutMillis) throws InterruptedException {
        List<TrackedSample> dead = new ArrayList<>();
        Reference<?> r = timeoutMillis > 0 ? queue.remove(timeoutMillis) : queue.poll();
        while (r != null) {
            TrackedSample s = (TrackedSample) r;
            unlink(s);
            dead.add(s);
            r = queue.poll();
        }
        return dead;
    }

    private void unlink(TrackedSample s) {
        synchronized (head) {
            if (s.prev == null) {
                return; // not in the list (already unlinked)
            }
            s.prev.next = s.next;
            if (s.next != null) {
                s.next.prev = s.prev;
            }
            s.prev = null;
            s.next = null;
            count--;
        }
    }

    /** How many of the tracked samples, in all, were humongous objects that G1 keeps while they are tracked. */
    long humongousTracked() {
        synchronized (head) {
            return humongous;
        }
    }

    /** Their sizes added up, in bytes. */
    long humongousTrackedBytes() {
        synchronized (head) {
            return humongousSizes;
        }
    }

    /** How many sampled objects were tracked in all, the dead included. */
    long everTracked() {
        synchronized (head) {
            return everTracked;
        }
    }

    /** How many sampled objects are tracked and still alive as far as the tracker knows. */
    int trackedCount() {
        synchronized (head) {
            return count;
        }
    }
}
