package dev.heapprof.format;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends {@code BASE.hpm}: the header, then interned strings, frames, stack traces and thread
 * names (docs/format.md, "Metadata file"). Interning makes a repeated stack cost a map lookup and
 * no new record. Ids are dense and start at 1; 0 always means "unknown".
 *
 * <p>Not thread-safe. The event writer flushes this writer before each of its own blocks (see
 * {@link EventLogWriter}), which is what makes every trace durable before an event refers to it.
 */
public final class MetadataWriter implements Closeable, Flushable {
    private final BlockWriter blocks;
    private final RecordBuffer records = new RecordBuffer(FormatConstants.TARGET_BLOCK_PAYLOAD);
    private final Map<String, Long> strings = new HashMap<>();
    private final Map<Frame, Long> frames = new HashMap<>();
    private final Map<TraceKey, Long> traces = new HashMap<>();
    private long nextStringId = 1;
    private long nextFrameId = 1;
    private long nextTraceId = 1;

    private MetadataWriter(BlockWriter blocks, ProfileHeader header) throws IOException {
        this.blocks = blocks;
        header.writeTo(records);
        blocks.writeBlock(records);
    }

    /** Creates the file (owner-only, never through a symlink) and writes its header block. */
    public static MetadataWriter create(Path file, ProfileHeader header, boolean replace) throws IOException {
        BlockWriter blocks = new BlockWriter(file, OwnerOnlyFiles.create(file, replace), FileKind.METADATA);
        try {
            return new MetadataWriter(blocks, header);
        } catch (IOException | RuntimeException e) {
            blocks.close();
            throw e;
        }
    }

    /** The id of {@code s}, defining it on first use; {@code null} and "" are id 0. */
    public long string(String s) throws IOException {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        Long id = strings.get(s);
        if (id != null) {
            return id;
        }
        long newId = nextStringId++;
        strings.put(s, newId);
        records.putByte(FormatConstants.HPM_STRING);
        records.putVarLong(newId);
        records.putString(s);
        maybeFlush();
        return newId;
    }

    /** The id of {@code frame}, defining it (and its strings) on first use. */
    public long frame(Frame frame) throws IOException {
        Long id = frames.get(frame);
        if (id != null) {
            return id;
        }
        long classId = string(frame.className());
        long methodId = string(frame.methodName());
        long fileId = string(frame.sourceFile());
        long newId = nextFrameId++;
        frames.put(frame, newId);
        records.putByte(FormatConstants.HPM_FRAME);
        records.putVarLong(newId);
        records.putVarLong(classId);
        records.putVarLong(methodId);
        records.putVarLong(fileId);
        records.putVarLong(frame.line());
        maybeFlush();
        return newId;
    }

    /** The id of the stack (frames innermost first) allocating {@code allocatedType}. */
    public long trace(String allocatedType, List<Frame> stack, boolean truncated) throws IOException {
        if (stack.size() > FormatConstants.MAX_TRACE_FRAMES) {
            throw new IllegalArgumentException("a trace holds at most " + FormatConstants.MAX_TRACE_FRAMES + " frames");
        }
        long[] frameIds = new long[stack.size()];
        for (int i = 0; i < frameIds.length; i++) {
            frameIds[i] = frame(stack.get(i));
        }
        long typeId = string(allocatedType);
        TraceKey key = new TraceKey(typeId, frameIds, truncated);
        Long id = traces.get(key);
        if (id != null) {
            return id;
        }
        long newId = nextTraceId++;
        traces.put(key, newId);
        records.putByte(FormatConstants.HPM_TRACE);
        records.putVarLong(newId);
        records.putVarLong(typeId);
        records.putByte(truncated ? FormatConstants.TRACE_FLAG_TRUNCATED : 0);
        records.putVarLong(frameIds.length);
        for (long frameId : frameIds) {
            records.putVarLong(frameId);
        }
        maybeFlush();
        return newId;
    }

    /** Records a thread's name; a thread renamed later is recorded again and the last name wins. */
    public void thread(long threadId, String name) throws IOException {
        records.putByte(FormatConstants.HPM_THREAD);
        records.putVarLong(threadId);
        records.putString(name);
        maybeFlush();
    }

    private void maybeFlush() throws IOException {
        if (records.payloadLength() >= FormatConstants.TARGET_BLOCK_PAYLOAD) {
            flush();
        }
    }

    /** Writes pending records as one block: after this returns they survive a crash of the process. */
    @Override
    public void flush() throws IOException {
        if (!records.isEmpty()) {
            blocks.writeBlock(records);
        }
    }

    /** Flushes, then forces the file to the storage device. */
    public void sync() throws IOException {
        flush();
        blocks.sync();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            blocks.close();
        }
    }

    private record TraceKey(long typeId, long[] frameIds, boolean truncated) {
        @Override
        public boolean equals(Object o) {
            return o instanceof TraceKey k && k.typeId == typeId && k.truncated == truncated && Arrays.equals(k.frameIds, frameIds);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(typeId) * 31 + Arrays.hashCode(frameIds) + (truncated ? 1 : 0);
        }
    }
}
