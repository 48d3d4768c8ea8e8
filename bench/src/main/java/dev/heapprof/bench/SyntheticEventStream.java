package dev.heapprof.bench;

import dev.heapprof.format.EventLogHeader;
import dev.heapprof.format.EventLogWriter;
import dev.heapprof.format.GcInfo;
import dev.heapprof.format.RunId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A deterministic, seeded stream of .hpd events shaped like what the agent writes for a busy
 * program, held in primitive arrays so that replaying it into an {@link EventLogWriter} costs a
 * few array loads per event and the benchmarks measure the writer and reader, not this class.
 *
 * <p>The model, and why (see {@link StreamGenerator} for the code):
 * <ul>
 *   <li><b>Program.</b> It allocates about 1 GB/s (objects of about 60 bytes on average, every
 *       50 ns) on 4 threads, on a 64-bit HotSpot VM with 8-byte object alignment.</li>
 *   <li><b>Sampling.</b> {@link Mode#EXACT} records every allocation, so consecutive ALLOCs are
 *       an exponential 50 ns apart on average; {@link Mode#SAMPLED} samples by bytes with a
 *       512 KiB interval, so at 1 GB/s samples are an exponential ~500 us apart, and big objects
 *       are over-represented in proportion to their chance {@code 1 - exp(-size/interval)} of
 *       being picked.</li>
 *   <li><b>Threads.</b> Each thread's ALLOCs reach the file in bursts of 50 to 500 events (a
 *       per-thread buffer being flushed), so THREAD records are rare. The stream keeps times
 *       non-decreasing across bursts, as if the agent merged the buffers in time order; a real
 *       agent whose buffers overlap in time would start more blocks, which costs a few bytes per
 *       flush, not per event.</li>
 *   <li><b>Stacks.</b> Trace ids are Zipf(1.0) over 2,000 traces: a few allocation sites do most
 *       of the allocating, and since the agent interns a trace on its first sample, the popular
 *       traces got the small ids (1 is the most frequent; 0, "unknown", is never used).</li>
 *   <li><b>Sizes.</b> 90% plain objects of 16-64 bytes, 10% arrays of 72 bytes to 16 KiB, 0.01%
 *       big arrays up to 4 MiB, all multiples of 8 ({@link Distributions#objectSizes}).</li>
 *   <li><b>Deaths.</b> 90% of sampled objects die young: their FREEs come in a burst (~10 ns
 *       apart) right after the next GC, with that GC's id, so their lifetimes spread over one GC
 *       period. 6% survive a few more GCs (geometric, 8 on average) and 4% never die within the
 *       stream. FREEs carry the allocation's trace, size and time.</li>
 *   <li><b>GCs.</b> One young GC about every {@link Mode#gcEveryEvents()} events, counting every
 *       kind (so a cycle holds about as many FREEs as ALLOCs): in EXACT mode every ~400,000
 *       events, ~200,000 allocations or ~12 MB, ~13 ms with the pause (1 ms) and the FREE burst
 *       (a young generation near G1's floor on a small test heap); in SAMPLED mode every ~200
 *       events, ~100 samples or ~50 MB, ~55 ms with the pause (5 ms). Nothing is allocated
 *       during the pause.</li>
 *   <li><b>Counter.</b> One COUNTER (the JVM's total allocated bytes) about every 1,000 events.</li>
 * </ul>
 * The same seed, mode and length always give the same stream (StrictMath and SplittableRandom).
 */
public final class SyntheticEventStream {
    /** How the agent records allocations; the figures are those of the class comment. */
    public enum Mode {
        EXACT(0, 50.0, 400_000, 1_000_000, 256L << 20),
        SAMPLED(512 << 10, 500_000.0, 200, 5_000_000, 4L << 30);

        final long samplingInterval;
        final double meanGapNanos;
        final int gcEveryEvents;
        final long meanPauseNanos;
        final long heapCommitted;

        Mode(long samplingInterval, double meanGapNanos, int gcEveryEvents, long meanPauseNanos, long heapCommitted) {
            this.samplingInterval = samplingInterval;
            this.meanGapNanos = meanGapNanos;
            this.gcEveryEvents = gcEveryEvents;
            this.meanPauseNanos = meanPauseNanos;
            this.heapCommitted = heapCommitted;
        }

        /** Bytes; 0 = every allocation recorded. */
        public long samplingInterval() {
            return samplingInterval;
        }

        public int gcEveryEvents() {
            return gcEveryEvents;
        }
    }

    // Event kinds, one byte per event in kind(). Bit i of a kind mask selects kind i.
    public static final byte ALLOC = 0;
    public static final byte FREE = 1;
    public static final byte GC = 2;
    public static final byte COUNTER = 3;
    public static final int ALL_KINDS = 0b1111;

    /** Time 0 of every stream: a fixed instant, so files of one seed are identical byte for byte. */
    public static final long START_EPOCH_NANOS = 1_750_000_000_000_000_000L;
    public static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;

    private final Mode mode;
    private final long seed;
    private final byte[] kind;
    private final long[] time;
    private final int[] trace;
    private final int[] size;
    /** ALLOC: thread id; FREE: allocation time; COUNTER: total allocated bytes. */
    private final long[] aux;
    /** FREE: GC id; GC: index into {@link #gcs}. */
    private final int[] gc;
    private final GcInfo[] gcs;

    SyntheticEventStream(Mode mode, long seed, byte[] kind, long[] time, int[] trace, int[] size, long[] aux, int[] gc,
            GcInfo[] gcs) {
        this.mode = mode;
        this.seed = seed;
        this.kind = kind;
        this.time = time;
        this.trace = trace;
        this.size = size;
        this.aux = aux;
        this.gc = gc;
        this.gcs = gcs;
    }

    /** Exactly {@code events} events of the given mode; same arguments, same stream. */
    public static SyntheticEventStream generate(Mode mode, int events, long seed) {
        return new StreamGenerator(mode, events, seed).run();
    }

    public Mode mode() {
        return mode;
    }

    public long seed() {
        return seed;
    }

    public int events() {
        return kind.length;
    }

    public byte kind(int i) {
        return kind[i];
    }

    public long timeNanos(int i) {
        return time[i];
    }

    /** ALLOC and FREE only. */
    public long traceId(int i) {
        return trace[i];
    }

    /** ALLOC and FREE only. */
    public long sizeBytes(int i) {
        return size[i];
    }

    /** ALLOC: thread id; FREE: allocation time; COUNTER: total allocated bytes. */
    public long aux(int i) {
        return aux[i];
    }

    /** FREE: the GC that found the object dead; GC: its id. */
    public long gcId(int i) {
        return kind[i] == GC ? gcs[gc[i]].id() : gc[i];
    }

    public GcInfo gcInfo(int i) {
        return gcs[gc[i]];
    }

    /** How many events of one kind. */
    public long count(byte k) {
        long n = 0;
        for (byte b : kind) {
            n += b == k ? 1 : 0;
        }
        return n;
    }

    /** The header a file of this stream gets: a run id derived from the seed, for reproducible bytes. */
    public EventLogHeader header() {
        return new EventLogHeader(new RunId(seed, mode.ordinal()), START_EPOCH_NANOS, mode.samplingInterval, FLUSH_INTERVAL_NANOS);
    }

    /** A writer for this stream's header at {@code file}, replacing any file there. */
    public EventLogWriter createWriter(Path file) throws IOException {
        return EventLogWriter.create(file, header(), Distributions.ALIGNMENT, null, true);
    }

    /** Writes the whole stream to {@code file} and returns the file's size in bytes. */
    public long writeFile(Path file) throws IOException {
        try (EventLogWriter writer = createWriter(file)) {
            writeTo(writer);
        }
        return Files.size(file);
    }

    /** Replays every event into {@code writer}, in order. This is the loop the write benchmark times. */
    public void writeTo(EventLogWriter writer) throws IOException {
        writeTo(writer, ALL_KINDS);
    }

    /** Replays the events whose kind is in {@code kindMask} (bit i = kind i). */
    public void writeTo(EventLogWriter writer, int kindMask) throws IOException {
        for (int i = 0, n = kind.length; i < n; i++) {
            int k = kind[i];
            if ((kindMask & (1 << k)) == 0) {
                continue;
            }
            switch (k) {
                case ALLOC -> writer.alloc(time[i], trace[i], size[i], aux[i]);
                case FREE -> writer.free(time[i], trace[i], size[i], aux[i], gc[i]);
                case GC -> writer.gc(gcs[gc[i]]);
                default -> writer.counter(time[i], aux[i]);
            }
        }
    }
}
