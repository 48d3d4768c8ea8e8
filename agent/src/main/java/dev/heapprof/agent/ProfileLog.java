package dev.heapprof.agent;

import dev.heapprof.format.EventLogWriter;
import dev.heapprof.format.Frame;
import dev.heapprof.format.GcInfo;
import dev.heapprof.format.MetadataWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's two files behind one lock. All event times are taken under that lock, so events reach
 * the .hpd in time order (a late FREE or GC starts a new block, as the format allows). When a write
 * fails (disk full, file removed) the log says so once, stops writing and the program carries on.
 */
final class ProfileLog {
    private final MetadataWriter metadata;
    private final EventLogWriter events;
    private final Path base;
    private final AgentLog log;
    private final long startNanoTime;
    private final Map<StackKey, Long> traces = new HashMap<>();
    private boolean failed;
    private boolean closed;
    private long lostEvents;

    ProfileLog(Path base, MetadataWriter metadata, EventLogWriter events, long startNanoTime, AgentLog log) {
        this.base = base;
        this.metadata = metadata;
        this.events = events;
        this.startNanoTime = startNanoTime;
        this.log = log;
    }

    /** Now, in ns since the start of profiling. */
    long now() {
        return System.nanoTime() - startNanoTime;
    }

    private boolean writable() {
        if (failed || closed) {
            lostEvents++;
            return false;
        }
        return true;
    }

    private void fail(IOException e) {
        failed = true;
        AllocationHook.disable();
        log.once("write-failed", "cannot write " + base + ".hpd/.hpm (" + e.getMessage()
                + "); profiling stopped, the program carries on");
    }

    /**
     * Records a sampled allocation made at {@code time} and returns its trace id, or -1 if nothing
     * can be written. {@code stack[from..from+count)} are the frames, innermost first.
     */
    synchronized long alloc(long time, long threadId, String newThreadName, String type, StackTraceElement[] stack, int from,
            int count, boolean truncated, long size) {
        if (!writable()) {
            return -1;
        }
        try {
            StackKey key = new StackKey(type, Arrays.copyOfRange(stack, from, from + count), truncated);
            Long id = traces.get(key);
            if (id == null) {
                List<Frame> frames = new ArrayList<>(count);
                for (int i = from; i < from + count; i++) {
                    StackTraceElement e = stack[i];
                    frames.add(new Frame(e.getClassName(), e.getMethodName(), e.getFileName(), Math.max(0, e.getLineNumber())));
                }
                id = metadata.trace(type, frames, truncated);
                traces.put(key, id);
            }
            if (newThreadName != null) {
                metadata.thread(threadId, newThreadName);
            }
            events.alloc(time, id, size, threadId);
            return id;
        } catch (IOException e) {
            fail(e);
            return -1;
        }
    }

    /** An ALLOC of a trace this log already wrote (its id from {@link #alloc}); -1 if nothing can be written. */
    synchronized long allocOfTrace(long time, long threadId, String newThreadName, long traceId, long size) {
        if (!writable()) {
            return -1;
        }
        try {
            if (newThreadName != null) {
                metadata.thread(threadId, newThreadName);
            }
            events.alloc(time, traceId, size, threadId);
            return traceId;
        } catch (IOException e) {
            fail(e);
            return -1;
        }
    }

    synchronized void free(long time, long traceId, long size, long allocTime, long gcId) {
        if (!writable()) {
            return;
        }
        try {
            events.free(Math.max(time, allocTime), traceId, size, allocTime, gcId);
        } catch (IOException e) {
            fail(e);
        }
    }

    synchronized void gc(GcInfo gc) {
        if (!writable()) {
            return;
        }
        try {
            events.gc(gc);
        } catch (IOException e) {
            fail(e);
        }
    }

    synchronized void mark(String label) {
        if (!writable()) {
            return;
        }
        try {
            events.mark(now(), label == null ? "" : label);
        } catch (IOException e) {
            fail(e);
        }
    }

    synchronized void counter(long totalAllocatedBytes) {
        if (!writable() || totalAllocatedBytes < 0) {
            return;
        }
        try {
            events.counter(now(), totalAllocatedBytes);
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Writes what is buffered: after this, a kill -9 loses nothing recorded so far. */
    synchronized void flush() {
        if (failed || closed) {
            return;
        }
        try {
            events.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            events.close();
            metadata.close();
        } catch (IOException e) {
            if (!failed) {
                fail(e);
            }
        }
    }

    synchronized long bytesWritten() {
        return events.bytesWritten();
    }

    synchronized long eventCount() {
        return events.eventCount();
    }

    synchronized int traceCount() {
        return traces.size();
    }

    synchronized long lostEvents() {
        return lostEvents;
    }

    Path base() {
        return base;
    }

    /** A stack as the VM reported it: the key that makes a repeated stack cost one lookup. */
    private record StackKey(String type, StackTraceElement[] frames, boolean truncated) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StackKey k && k.truncated == truncated && k.type.equals(type) && Arrays.equals(k.frames, frames);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + Arrays.hashCode(frames);
        }
    }
}
