package dev.heapprof.analyzer.digest;

import dev.heapprof.format.DigestHeader;
import dev.heapprof.format.DigestWriter;
import dev.heapprof.format.EventLogHeader;
import dev.heapprof.format.EventLogReader;
import dev.heapprof.format.EventVisitor;
import dev.heapprof.format.FormatException;
import dev.heapprof.format.GcInfo;
import dev.heapprof.format.ProfilePaths;
import dev.heapprof.format.SamplingWeights;
import java.io.IOException;

/**
 * Turns {@code BASE.hpd} into {@code BASE.hpc}: one pass over the events, keeping estimated live
 * bytes and objects per trace, and a snapshot every interval (docs/format.md, "Digest file").
 *
 * <p>Snapshot {@code k} stands for time {@code k x interval} and includes every event up to and
 * including that time; the last snapshot stands for the run's end, so the final partial interval is
 * kept, and a run shorter than one interval still has two snapshots (its start and its end). The
 * events file is read up to where it ended when the digest began ({@link EventLogReader#tail}), so
 * a profile still being written is digested as far as it went. Each snapshot is on disk as soon as it
 * is made: an interrupted digest (stopped by its {@link DigestProgress}, or the process killed) leaves a valid partial
 * digest, which readers use and {@code heapprof digest} rebuilds.
 */
public final class Digester implements EventVisitor {
    private final TraceTable table = new TraceTable();
    private final SnapshotAssembler assembler;
    private final DigestWriter writer;
    private final long interval;
    private final WeightCache weights;

    private long nextIndex;
    private long nextTime;
    private double liveBytes;
    private double peakBytes;
    private long peakTime;
    private long heapUsedAfterLastGc = -1;
    private long unmatchedFrees;
    private long peakOfRun;
    private long peakOfRunTime;
    private IOException writeFailure;

    private Digester(DigestWriter writer, long interval, long samplingInterval, double precision) {
        this.writer = writer;
        this.interval = interval;
        this.assembler = new SnapshotAssembler(precision);
        this.weights = new WeightCache(samplingInterval);
    }

    /** Digests the profile at {@code paths}, replacing its digest. */
    public static DigestSummary digest(ProfilePaths paths, DigestOptions options, DigestProgress progress) throws IOException {
        long started = System.nanoTime();
        EventLogReader.Tail tail = EventLogReader.tail(paths.events());
        try (EventLogReader reader = EventLogReader.open(paths.events())) {
            EventLogHeader events = reader.header();
            if (events == null) {
                throw new FormatException(paths.events(), 8, "the events file's header block is damaged or missing: it cannot be digested"
                        + " (its run id and start time are in it)");
            }
            long duration = tail.lastEventNanos();
            long interval = options.intervalFor(duration);
            DigestHeader header = new DigestHeader(events.runId(), tail.endOffset(), tail.lastBlockCrc(), events.startEpochNanos(),
                    events.samplingInterval(), interval, options.precision());
            reader.limitTo(tail.endOffset());
            try (DigestWriter writer = DigestWriter.create(paths.digest(), header, true)) {
                Digester d = new Digester(writer, interval, events.samplingInterval(), options.precision());
                boolean complete = true;
                while (reader.readBlock(d)) {
                    d.rethrowWriteFailure();
                    if (!progress.progress(reader.position(), tail.endOffset())) {
                        complete = false;
                        break;
                    }
                }
                if (complete) {
                    d.finishAt(duration);
                    writer.finish();
                }
                return new DigestSummary(reader.eventCount(), writer.count(), interval, duration, reader.position(), d.table.size(),
                        d.unmatchedFrees, d.peakOfRun, d.peakOfRunTime, System.nanoTime() - started, complete);
            }
        }
    }

    /** Writes the snapshots up to the run's end: every full interval, then the end itself. */
    private void finishAt(long end) throws IOException {
        emitBefore(end + 1); // every k with k x interval <= end
        if (nextIndex == 0 || (nextIndex - 1) * interval < end) {
            emit(end);
        }
        rethrowWriteFailure();
    }

    private void rethrowWriteFailure() throws IOException {
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    /** Writes every snapshot that stands for a time before {@code time}. */
    private void emitBefore(long time) {
        while (nextTime < time && writeFailure == null) {
            emit(nextTime);
            nextTime = nextIndex * interval;
        }
    }

    private void emit(long time) {
        try {
            long peak = Math.round(peakBytes);
            var snapshot = assembler.assemble(nextIndex, time, table, peak, peakTime, heapUsedAfterLastGc);
            writer.append(snapshot);
            if (snapshot.peakLiveBytes() > peakOfRun) {
                peakOfRun = snapshot.peakLiveBytes();
                peakOfRunTime = snapshot.peakTimeNanos();
            }
        } catch (IOException e) {
            writeFailure = e;
        }
        nextIndex++;
        table.clearAllocated();
        peakBytes = liveBytes;
        peakTime = time;
    }

    @Override
    public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
        if (timeNanos > nextTime) {
            emitBefore(timeNanos);
        }
        int i = table.slot(traceId);
        double objects = weights.objects(sizeBytes);
        double bytes = sizeBytes * objects;
        table.liveBytes[i] += bytes;
        table.liveObjects[i] += objects;
        table.allocatedBytes[i] += bytes;
        table.allocatedObjects[i] += objects;
        liveBytes += bytes;
        if (liveBytes > peakBytes) {
            peakBytes = liveBytes;
            peakTime = timeNanos;
        }
    }

    @Override
    public void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) {
        if (timeNanos > nextTime) {
            emitBefore(timeNanos);
        }
        int i = table.slot(traceId);
        double objects = weights.objects(sizeBytes);
        double bytes = sizeBytes * objects;
        if (table.liveBytes[i] < bytes * 0.5) {
            unmatchedFrees++; // its allocation was lost (a damaged block): nothing to free
            return;
        }
        table.liveBytes[i] -= bytes;
        table.liveObjects[i] = Math.max(0, table.liveObjects[i] - objects);
        liveBytes -= bytes;
    }

    @Override
    public void gc(GcInfo gc) {
        if (gc.endNanos() > nextTime) {
            emitBefore(gc.endNanos());
        }
        heapUsedAfterLastGc = gc.heapUsedAfter();
    }

    /** Sampling weights by size: sizes repeat, and an exponential per event would dominate the digest's time. */
    static final class WeightCache {
        private static final int SLOTS = 4096;
        private final long interval;
        private final long[] sizes = new long[SLOTS];
        private final double[] factors = new double[SLOTS];

        WeightCache(long interval) {
            this.interval = interval;
            java.util.Arrays.fill(sizes, -1);
        }

        double objects(long size) {
            if (interval <= 0) {
                return 1;
            }
            int i = (int) (size ^ (size >>> 17)) & (SLOTS - 1);
            if (sizes[i] != size) {
                sizes[i] = size;
                factors[i] = SamplingWeights.scaleFactor(size, interval);
            }
            return factors[i];
        }

    }
}
