package dev.heapprof.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams the events of a {@code BASE.hpd}, one block in memory at a time. Damaged blocks and
 * undecodable records are skipped and reported ({@link #report()}); only a file that is not an
 * .hpd, or of an unknown major version, is an exception.
 */
public final class EventLogReader implements Closeable {
    private final BlockReader blocks;
    private final PayloadCursor in;
    private EventLogHeader header;
    private long samplingInterval;
    private long eventCount;
    /** The header block was lost and the first block already read holds events: readBlock starts with it. */
    private boolean pendingFirst;

    private EventLogReader(BlockReader blocks) {
        this.blocks = blocks;
        this.in = new PayloadCursor(blocks.file());
    }

    public static EventLogReader open(Path file) throws IOException {
        EventLogReader reader = new EventLogReader(new BlockReader(file, FileKind.EVENTS));
        reader.readHeader();
        return reader;
    }

    private void readHeader() throws IOException {
        if (!blocks.next()) {
            return;
        }
        if (blocks.blockOffset() != FormatConstants.PROLOGUE_SIZE) {
            // The header block was damaged; what follows are events. Keep them for readBlock.
            pendingFirst = true;
            return;
        }
        in.reset(blocks.payload(), blocks.payloadLength(), blocks.payloadOffset());
        try {
            int tag = in.getByte();
            if (tag != FormatConstants.TAG_HEADER) {
                throw new FormatException(blocks.file(), in.offset() - 1, "first block must hold the header record, found tag "
                        + MetadataReader.hex(tag));
            }
            header = EventLogHeader.readFrom(in);
            samplingInterval = header.samplingInterval();
        } catch (FormatException e) {
            blocks.report().problem(e.offset(), "unreadable header (" + e.problem() + ")");
        }
    }

    /** The header, or {@code null} if the file was cut or damaged before its end. */
    public EventLogHeader header() {
        return header;
    }

    public ReadReport report() {
        return blocks.report();
    }

    /** The sampling interval in force for the block last read (bytes; 0 = exact mode). */
    public long samplingInterval() {
        return samplingInterval;
    }

    /** Events decoded so far. */
    public long eventCount() {
        return eventCount;
    }

    /** Offset just past the last complete block read: how much of the file has been consumed. */
    public long position() {
        return blocks.position();
    }

    /** CRC32C of the payload of the last block read (identifies the file's content up to {@link #position()}). */
    public int lastBlockCrc() {
        return blocks.payloadCrc();
    }

    /**
     * Where the readable part of an events file ends, and the time of its last event: read from
     * the file's last blocks only (blocks are self-contained), so it costs a few reads however
     * long the file is.
     *
     * @param endOffset offset just past the last complete, valid block
     * @param lastBlockCrc payload CRC32C of that block (0 if there is none)
     * @param lastEventNanos time of the latest event in the file, ns since the start of profiling (0 if none)
     */
    public record Tail(long endOffset, int lastBlockCrc, long lastEventNanos) {}

    /** Reads the end of an events file: see {@link Tail}. */
    public static Tail tail(Path file) throws IOException {
        long size = java.nio.file.Files.size(file);
        for (long window = 1 << 20; ; window *= 8) {
            try (EventLogReader reader = new EventLogReader(new BlockReader(file, FileKind.EVENTS))) {
                boolean whole = window >= size;
                if (whole) {
                    reader.readHeader();
                } else {
                    reader.blocks.startNear(size - window);
                }
                long[] last = {0};
                EventVisitor latest = new EventVisitor() {
                    @Override
                    public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
                        last[0] = Math.max(last[0], timeNanos);
                    }

                    @Override
                    public void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) {
                        last[0] = Math.max(last[0], timeNanos);
                    }

                    @Override
                    public void gc(GcInfo gc) {
                        last[0] = Math.max(last[0], gc.endNanos());
                    }

                    @Override
                    public void mark(long timeNanos, String label) {
                        last[0] = Math.max(last[0], timeNanos);
                    }

                    @Override
                    public void counter(long timeNanos, long totalAllocatedBytes) {
                        last[0] = Math.max(last[0], timeNanos);
                    }
                };
                boolean any = false;
                while (reader.readBlock(latest)) {
                    any = true;
                }
                if (any || whole) {
                    return new Tail(reader.position(), any ? reader.lastBlockCrc() : 0, last[0]);
                }
            }
        }
    }

    /**
     * Stops reading at {@code endOffset}: blocks that start there or later are left alone, so that
     * a file still being written is read up to a fixed point (see {@link #tail}).
     */
    public void limitTo(long endOffset) {
        this.limit = endOffset;
    }

    private long limit = Long.MAX_VALUE;

    /** Reads every remaining event; returns how many were delivered. */
    public long readAll(EventVisitor visitor) throws IOException {
        long before = eventCount;
        while (readBlock(visitor)) {
            // one block at a time keeps memory bounded by the block size
        }
        return eventCount - before;
    }

    /** Decodes the next good block into {@code visitor}; false at the end of the readable prefix. */
    public boolean readBlock(EventVisitor visitor) throws IOException {
        if (pendingFirst) {
            pendingFirst = false;
        } else if (blocks.position() >= limit || !blocks.next()) {
            return false;
        }
        in.reset(blocks.payload(), blocks.payloadLength(), blocks.payloadOffset());
        try {
            decodeBlock(visitor);
        } catch (FormatException e) {
            blocks.report().problem(e.offset(), "malformed record (" + e.problem() + "); rest of the block skipped");
        }
        return true;
    }

    private void decodeBlock(EventVisitor v) throws FormatException {
        PayloadCursor in = this.in;
        long time = in.getVarLong();
        int shift = in.getByte();
        if (shift > 20) {
            throw in.error("size shift " + shift + " is above 20");
        }
        samplingInterval = in.getVarLong();
        long gc = in.getVarLong();
        if (time < 0 || samplingInterval < 0 || gc < 0) {
            throw in.error("negative block time, sampling interval or GC id");
        }
        long thread = 0;
        lastAllocTime = time;
        while (in.hasRemaining()) {
            long at = in.offset();
            int tag = in.getByte();
            if (tag >= FormatConstants.HPD_ALLOC_SMALL) {
                time = advance(time, in.getVarLong(), at);
                long trace = in.getVarLong();
                if (trace < 0) {
                    throw new FormatException(in.file(), at, "trace id out of range");
                }
                v.alloc(time, trace, (long) ((tag & 0x7F) + 1) << shift, thread);
                eventCount++;
            } else if (tag >= FormatConstants.HPD_FREE_SMALL) {
                time = advance(time, in.getVarLong(), at);
                long trace = in.getVarLong();
                free(v, time, trace, (long) ((tag & 0x3F) + 1) << shift, allocTime(at), gc, at);
            } else {
                switch (tag) {
                    case FormatConstants.HPD_THREAD -> thread = nonNegative(in.getVarLong(), "thread id", at);
                    case FormatConstants.HPD_ALLOC -> {
                        time = advance(time, in.getVarLong(), at);
                        long trace = nonNegative(in.getVarLong(), "trace id", at);
                        long size = nonNegative(in.getVarLong(), "size", at);
                        v.alloc(time, trace, size, thread);
                        eventCount++;
                    }
                    case FormatConstants.HPD_FREE -> {
                        time = advance(time, in.getVarLong(), at);
                        long trace = in.getVarLong();
                        long size = nonNegative(in.getVarLong(), "size", at);
                        long allocTime = allocTime(at);
                        free(v, time, trace, size, allocTime, gc + in.getSignedVarLong(), at);
                    }
                    case FormatConstants.HPD_GC -> {
                        time = advance(time, in.getVarLong(), at);
                        gc = nonNegative(in.getVarLong(), "GC id", at);
                        long duration = in.getVarLong();
                        if (duration < 0 || duration > time) {
                            throw new FormatException(in.file(), at, "GC duration " + duration + " ns exceeds its end time");
                        }
                        String collector = in.getString();
                        String cause = in.getString();
                        long before = nonNegative(in.getVarLong(), "heap size", at);
                        long after = nonNegative(in.getVarLong(), "heap size", at);
                        long committed = nonNegative(in.getVarLong(), "heap size", at);
                        v.gc(new GcInfo(gc, collector, cause, time - duration, time, before, after, committed));
                        eventCount++;
                    }
                    case FormatConstants.HPD_MARK -> {
                        time = advance(time, in.getVarLong(), at);
                        v.mark(time, in.getString());
                        eventCount++;
                    }
                    case FormatConstants.HPD_COUNTER -> {
                        time = advance(time, in.getVarLong(), at);
                        v.counter(time, nonNegative(in.getVarLong(), "allocated bytes", at));
                        eventCount++;
                    }
                    default -> MetadataReader.skipExtension(in, tag, at);
                }
            }
        }
    }

    /** Allocation time of the previous FREE in the block: each FREE stores its own as a difference. */
    private long lastAllocTime;

    private long allocTime(long at) throws FormatException {
        long t = lastAllocTime + in.getSignedVarLong();
        if (t < 0) {
            throw new FormatException(in.file(), at, "FREE record's allocation time is before the start of profiling");
        }
        lastAllocTime = t;
        return t;
    }

    private void free(EventVisitor v, long time, long trace, long size, long allocTime, long gcId, long at) throws FormatException {
        if (trace < 0 || allocTime > time || gcId < 0) {
            throw new FormatException(in.file(), at, "FREE record holds an impossible trace id, allocation time or GC id");
        }
        v.free(time, trace, size, allocTime, gcId);
        eventCount++;
    }

    private long advance(long time, long delta, long at) throws FormatException {
        long t = time + delta;
        if (delta < 0 || t < time) {
            throw new FormatException(in.file(), at, "time delta overflows 64 bits");
        }
        return t;
    }

    private long nonNegative(long value, String what, long at) throws FormatException {
        if (value < 0) {
            throw new FormatException(in.file(), at, what + " " + Long.toUnsignedString(value) + " is beyond 2^63");
        }
        return value;
    }

    /** The events as objects, in file order, one block in memory at a time. */
    public Iterator<Event> iterator() {
        return new EventIterator();
    }

    /** The events as a sequential stream; close the reader when done. */
    public Stream<Event> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private final class EventIterator implements Iterator<Event>, EventVisitor {
        private final ArrayDeque<Event> pending = new ArrayDeque<>();
        private boolean exhausted;

        @Override
        public boolean hasNext() {
            try {
                while (pending.isEmpty() && !exhausted) {
                    exhausted = !readBlock(this);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return !pending.isEmpty();
        }

        @Override
        public Event next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.removeFirst();
        }

        private double seconds(long timeNanos) {
            long start = header == null ? 0 : header.startEpochNanos();
            return (start / 1_000_000_000L) + ((start % 1_000_000_000L) + timeNanos) / 1e9;
        }

        @Override
        public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
            pending.add(new Event(Event.Kind.ALLOC, timeNanos, seconds(timeNanos), traceId, sizeBytes,
                    SamplingWeights.scaleFactor(sizeBytes, samplingInterval), threadId, timeNanos, 0, null, null, 0));
        }

        @Override
        public void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) {
            pending.add(new Event(Event.Kind.FREE, timeNanos, seconds(timeNanos), traceId, -sizeBytes,
                    SamplingWeights.scaleFactor(sizeBytes, samplingInterval), 0, allocTimeNanos, gcId, null, null, 0));
        }

        @Override
        public void gc(GcInfo gc) {
            pending.add(new Event(Event.Kind.GC, gc.endNanos(), seconds(gc.endNanos()), 0, 0, 1.0, 0, 0, gc.id(), gc, null, 0));
        }

        @Override
        public void mark(long timeNanos, String label) {
            pending.add(new Event(Event.Kind.MARK, timeNanos, seconds(timeNanos), 0, 0, 1.0, 0, 0, 0, null, label, 0));
        }

        @Override
        public void counter(long timeNanos, long totalAllocatedBytes) {
            pending.add(new Event(Event.Kind.COUNTER, timeNanos, seconds(timeNanos), 0, 0, 1.0, 0, 0, 0, null, null, totalAllocatedBytes));
        }
    }

    @Override
    public void close() throws IOException {
        blocks.close();
    }
}
