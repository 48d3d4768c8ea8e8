package dev.heapprof.agent;

import dev.heapprof.format.EventLogWriter;
import dev.heapprof.format.Frame;
import dev.heapprof.format.GcInfo;
import dev.heapprof.format.MetadataWriter;
import dev.heapprof.format.ProfilePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's two files behind one lock. All event times are taken under that lock, so events reach
 * the .hpd in time order (a late FREE or GC starts a new block, as the format allows). When a write
 * fails (disk full) the log says so once, stops writing and the program carries on. A file removed
 * or replaced under it is the same failure, found at each flush: on Unix the writes would go on
 * succeeding into a file no one can open any more, filling the disk until the program exits.
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
    /** The two files as created, to notice one removed or replaced. */
    private final List<CreatedFile> files;

    /** A file and its identity when it was created (device and inode on Unix; null where the OS has none). */
    private record CreatedFile(Path path, Object key) {}

    /** Call right after the two files are created. */
    ProfileLog(Path base, MetadataWriter metadata, EventLogWriter events, long startNanoTime, AgentLog log) {
        this.base = base;
        this.metadata = metadata;
        this.events = events;
        this.startNanoTime = startNanoTime;
        this.log = log;
        ProfilePaths paths = new ProfilePaths(base);
        List<CreatedFile> created = new ArrayList<>();
        for (Path f : List.of(paths.events(), paths.metadata())) {
            BasicFileAttributes now = attributes(f);
            created.add(new CreatedFile(f, now == null ? null : now.fileKey()));
        }
        this.files = created;
    }

    /** The file's attributes, not following a link, or {@code null} if there is no such file. */
    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Why the files are no longer the ones this log writes, or {@code null} while they are. */
    private String filesGone() {
        for (CreatedFile f : files) {
            BasicFileAttributes now = attributes(f.path());
            if (now == null) {
                return f.path() + " was removed";
            }
            if (f.key() != null && !f.key().equals(now.fileKey())) {
                return f.path() + " was replaced by another file";
            }
        }
        return null;
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
        fail("cannot write " + base + ".hpd/.hpm (" + e.getMessage() + ")");
    }

    /** Stops recording for good; {@code what} happened, said once. */
    private void fail(String what) {
        failed = true;
        AllocationHook.disable();
        log.once("write-failed", what + "; profiling stopped, the program carries on");
        // Give the space back now (a removed file's blocks are freed when it is closed), not at exit.
        try {
            events.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing: nothing more to say
        }
        try {
            metadata.close();
        } catch (IOException | RuntimeException ignored) {
            // idem
        }
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

    /**
     * Writes what is buffered: after this, a kill -9 loses nothing recorded so far. First checks that
     * the files are still there: writing into a removed one would only fill the disk.
     */
    synchronized void flush() {
        if (failed || closed) {
            return;
        }
        String gone = filesGone();
        if (gone != null) {
            fail(gone + " while the program ran");
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
        if (failed) {
            return; // closed when it failed
        }
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
