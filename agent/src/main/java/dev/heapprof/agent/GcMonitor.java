package dev.heapprof.agent;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.heapprof.format.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Turns the JVM's GC notifications into GC records with our own ids: 1, 2, 3 ... in the order the
 * collections end, across all collectors. The end time is when the notification arrived (our
 * monotonic clock, a little after the real end); the duration is the VM's.
 */
final class GcMonitor implements NotificationListener {
    private final List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
    private final ConcurrentLinkedQueue<GcInfo> arrived = new ConcurrentLinkedQueue<>();
    private final ProfileLog log;
    /** Recent GC end times by id, for attributing deaths to the GC that found them. */
    private static final int RECENT = 256;
    private final long[] recentEnds = new long[RECENT];
    private long nextId = 1;
    private volatile long received;
    /** Collections finished before we listened: they were never notified to us. */
    private long baseline;
    private long lastId;
    private long lastEnd;

    GcMonitor(ProfileLog log) {
        this.log = log;
    }

    void start() {
        baseline = completedCollections();
        for (GarbageCollectorMXBean bean : beans) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
            }
        }
    }

    void stop() {
        for (GarbageCollectorMXBean bean : beans) {
            if (bean instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // never registered: nothing to undo
                }
            }
        }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        ThreadSampler self = AllocationHook.sampler();
        self.enter();
        try {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            com.sun.management.GcInfo gc = info.getGcInfo();
            long end = log.now();
            long duration = Math.max(0, gc.getDuration()) * 1_000_000L;
            synchronized (this) {
                arrived.add(new GcInfo(nextId++, info.getGcName(), info.getGcCause(), Math.max(0, end - duration), end,
                        used(gc.getMemoryUsageBeforeGc()), used(gc.getMemoryUsageAfterGc()), committed(gc.getMemoryUsageAfterGc())));
                received++;
            }
        } catch (RuntimeException e) {
            // A malformed notification is not worth disturbing the program for.
        } finally {
            self.exit();
        }
    }

    private static long used(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (MemoryUsage u : pools.values()) {
            sum += Math.max(0, u.getUsed());
        }
        return sum;
    }

    private static long committed(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (MemoryUsage u : pools.values()) {
            sum += Math.max(0, u.getCommitted());
        }
        return sum;
    }

    /** Collections the VM has finished, by its own counters. */
    long completedCollections() {
        long sum = 0;
        for (GarbageCollectorMXBean bean : beans) {
            sum += Math.max(0, bean.getCollectionCount());
        }
        return sum;
    }

    /**
     * The id of the GC that found the deaths just dequeued: the latest collection the VM reports
     * finished (at least one, since something died). Waits up to {@code timeoutMillis} for its
     * notification, which can trail the reference queue; 0 if it never came (a GC from before
     * the agent listened, say).
     */
    long gcOfDeathsJustFound(long timeoutMillis) throws InterruptedException {
        long target = Math.max(1, completedCollections() - baseline);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (received < target && System.nanoTime() < deadline) {
            Thread.sleep(2);
            target = Math.max(target, completedCollections() - baseline);
        }
        return Math.min(target, received);
    }

    /** End time of GC {@code id} if it is recent, else the last GC's end. */
    long endOf(long id) {
        if (id > 0 && id <= lastId && lastId - id < RECENT) {
            return recentEnds[(int) (id % RECENT)];
        }
        return lastEnd;
    }

    /** Writes the GC records that arrived since the last call; returns how many. */
    int writeArrived() {
        List<GcInfo> batch = new ArrayList<>();
        for (GcInfo gc = arrived.poll(); gc != null; gc = arrived.poll()) {
            batch.add(gc);
        }
        for (GcInfo gc : batch) {
            log.gc(gc);
            lastId = gc.id();
            lastEnd = gc.endNanos();
            recentEnds[(int) (gc.id() % RECENT)] = gc.endNanos();
        }
        return batch.size();
    }

    /** Id of the last GC written, 0 before the first. */
    long lastId() {
        return lastId;
    }

    /** End time of the last GC written (ns since the start of profiling). */
    long lastEnd() {
        return lastEnd;
    }

    long count() {
        return received;
    }
}
