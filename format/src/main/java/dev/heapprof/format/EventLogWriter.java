package dev.heapprof.format;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Appends events to {@code BASE.hpd} (docs/format.md, "Event file"). Events are packed into blocks
 * of about {@link FormatConstants#TARGET_BLOCK_PAYLOAD} bytes; each block starts its own time base,
 * thread and GC context, so every block can be decoded alone. Writing an ALLOC, FREE or COUNTER
 * allocates nothing.
 *
 * <p>Before writing a block it flushes the metadata writer it was given, so a trace an event refers
 * to is always durable first. Not thread-safe.
 */
public final class EventLogWriter implements Closeable, Flushable {
    private final BlockWriter blocks;
    private final RecordBuffer records = new RecordBuffer(FormatConstants.TARGET_BLOCK_PAYLOAD + 256);
    private final Flushable writtenFirst;
    private final int sizeShift;
    private final long samplingInterval;
    private long lastTime;
    private long thread;
    /** Id of the last GC written; carried from block to block through the preamble. */
    private long gc;
    /** Allocation time of the previous FREE in the block: FREEs store theirs as a difference. */
    private long lastAllocTime;
    private long eventCount;

    private EventLogWriter(BlockWriter blocks, EventLogHeader header, int objectAlignment, Flushable writtenFirst) throws IOException {
        if (objectAlignment < 1 || Integer.bitCount(objectAlignment) != 1 || objectAlignment > 1 << 20) {
            throw new IllegalArgumentException("object alignment must be a power of two up to 1 MiB, got " + objectAlignment);
        }
        this.blocks = blocks;
        this.writtenFirst = writtenFirst;
        this.sizeShift = Integer.numberOfTrailingZeros(objectAlignment);
        this.samplingInterval = header.samplingInterval();
        header.writeTo(records);
        blocks.writeBlock(records);
    }

    /**
     * Creates the file (owner-only, never through a symlink) and writes its header block.
     *
     * @param objectAlignment the VM's object alignment: sizes that are multiples of it take fewer bytes
     * @param writtenFirst flushed before every block of events (the run's {@link MetadataWriter}), or null
     */
    public static EventLogWriter create(Path file, EventLogHeader header, int objectAlignment, Flushable writtenFirst,
            boolean replace) throws IOException {
        BlockWriter blocks = new BlockWriter(file, OwnerOnlyFiles.create(file, replace), FileKind.EVENTS);
        try {
            return new EventLogWriter(blocks, header, objectAlignment, writtenFirst);
        } catch (IOException | RuntimeException e) {
            blocks.close();
            throw e;
        }
    }

    /** Events written so far. */
    public long eventCount() {
        return eventCount;
    }

    /** Bytes in the file so far (excluding events still buffered). */
    public long bytesWritten() {
        return blocks.position();
    }

    /** Opens a block if none is open, or a new one if time went backwards (times only grow in a block). */
    private void at(long timeNanos) throws IOException {
        if (records.isEmpty()) {
            startBlock(timeNanos);
        } else if (timeNanos < lastTime) {
            flush();
            startBlock(timeNanos);
        }
    }

    private void startBlock(long timeNanos) {
        records.putVarLong(timeNanos);
        records.putByte(sizeShift);
        records.putVarLong(samplingInterval);
        records.putVarLong(gc);
        lastTime = timeNanos;
        lastAllocTime = timeNanos;
        thread = 0;
    }

    private void putTime(long timeNanos) {
        records.putVarLong(timeNanos - lastTime);
        lastTime = timeNanos;
    }

    /** A sampled allocation of {@code sizeBytes} by {@code threadId}, at the stack {@code traceId}. */
    public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) throws IOException {
        if ((timeNanos | traceId | sizeBytes | threadId) < 0) {
            throw new IllegalArgumentException("negative time, trace, size or thread");
        }
        at(timeNanos);
        if (threadId != thread) {
            records.putByte(FormatConstants.HPD_THREAD);
            records.putVarLong(threadId);
            thread = threadId;
        }
        long units = sizeBytes >>> sizeShift;
        boolean small = units << sizeShift == sizeBytes && units >= 1 && units <= FormatConstants.HPD_ALLOC_SMALL_UNITS;
        records.putByte(small ? FormatConstants.HPD_ALLOC_SMALL | (int) (units - 1) : FormatConstants.HPD_ALLOC);
        putTime(timeNanos);
        records.putVarLong(traceId);
        if (!small) {
            records.putVarLong(sizeBytes);
        }
        ended();
    }

    /**
     * The death of a sampled object, found after GC {@code gcId}. Trace and size are the
     * allocation's; {@code allocTimeNanos} is when it was allocated. The record is shortest when
     * the GC is the last one written and the deaths of one GC come in order of allocation time
     * (docs/format.md, "Event blocks").
     */
    public void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) throws IOException {
        if ((timeNanos | traceId | sizeBytes | allocTimeNanos | gcId) < 0 || allocTimeNanos > timeNanos) {
            throw new IllegalArgumentException("negative field, or an object freed before it was allocated");
        }
        at(timeNanos);
        long units = sizeBytes >>> sizeShift;
        boolean small = gcId == gc && units << sizeShift == sizeBytes && units >= 1 && units <= FormatConstants.HPD_FREE_SMALL_UNITS;
        records.putByte(small ? FormatConstants.HPD_FREE_SMALL | (int) (units - 1) : FormatConstants.HPD_FREE);
        putTime(timeNanos);
        records.putVarLong(traceId);
        if (!small) {
            records.putVarLong(sizeBytes);
        }
        records.putSignedVarLong(allocTimeNanos - lastAllocTime);
        lastAllocTime = allocTimeNanos;
        if (!small) {
            records.putSignedVarLong(gcId - gc);
        }
        ended();
    }

    /** A garbage collection; its record is placed at its end time. */
    public void gc(GcInfo info) throws IOException {
        at(info.endNanos());
        records.putByte(FormatConstants.HPD_GC);
        putTime(info.endNanos());
        records.putVarLong(info.id());
        records.putVarLong(info.durationNanos());
        records.putString(info.collector());
        records.putString(info.cause());
        records.putVarLong(info.heapUsedBefore());
        records.putVarLong(info.heapUsedAfter());
        records.putVarLong(info.heapCommitted());
        gc = info.id();
        ended();
    }

    /** A marker set by the program or a test framework. */
    public void mark(long timeNanos, String label) throws IOException {
        if (timeNanos < 0) {
            throw new IllegalArgumentException("negative time");
        }
        at(timeNanos);
        records.putByte(FormatConstants.HPD_MARK);
        putTime(timeNanos);
        records.putString(label);
        ended();
    }

    /** The JVM's own total of bytes allocated so far, by all threads. */
    public void counter(long timeNanos, long totalAllocatedBytes) throws IOException {
        if ((timeNanos | totalAllocatedBytes) < 0) {
            throw new IllegalArgumentException("negative time or byte count");
        }
        at(timeNanos);
        records.putByte(FormatConstants.HPD_COUNTER);
        putTime(timeNanos);
        records.putVarLong(totalAllocatedBytes);
        ended();
    }

    private void ended() throws IOException {
        eventCount++;
        if (records.payloadLength() >= FormatConstants.TARGET_BLOCK_PAYLOAD) {
            flush();
        }
    }

    /** Writes buffered events as a block (after flushing the metadata): they then survive a crash. */
    @Override
    public void flush() throws IOException {
        if (records.isEmpty()) {
            return;
        }
        if (writtenFirst != null) {
            writtenFirst.flush();
        }
        blocks.writeBlock(records);
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
}
