package dev.heapprof.bench;

import dev.heapprof.format.GcInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds one {@link SyntheticEventStream} (the model is documented there). A single simulated
 * clock only moves forward, so times never decrease. Setup code: clarity over speed.
 */
final class StreamGenerator {
    static final int TRACES = 2_000;
    static final double ZIPF_EXPONENT = 1.0;
    /** Thread ids as {@code Thread.threadId()} gives them: main, then three workers. */
    static final long[] THREADS = {1, 21, 22, 23};
    static final int MIN_BURST = 50;
    static final int MAX_BURST = 500;
    static final double DIE_YOUNG = 0.90;
    /** Of the rest, this share dies some GCs later; the others outlive the stream. */
    static final double DIE_LATER = 0.06;
    static final double MEAN_EXTRA_GCS = 8;
    static final double MEAN_FREE_GAP_NANOS = 10;
    static final int COUNTER_EVERY = 1_000;
    /** Share of a young generation's bytes that survives into the old generation. */
    static final double PROMOTED = 0.10;

    // Cumulative tables are pure functions of the mode: computed once per mode, not per stream.
    private static final double[] ZIPF = Distributions.zipf(TRACES, ZIPF_EXPONENT);
    private static final double[][] SIZES = new double[SyntheticEventStream.Mode.values().length][];

    private final SyntheticEventStream.Mode mode;
    private final long seed;
    private final SplittableRandom rng;
    private final double[] sizes;
    private final int n;
    private final byte[] kind;
    private final long[] time;
    private final int[] trace;
    private final int[] size;
    private final long[] aux;
    private final int[] gc;
    private final List<GcInfo> gcs = new ArrayList<>();
    /** Live samples, keyed {@code dieAtGc << 32 | allocation index} (never-dying ones are not kept). */
    private final LongMinHeap pending = new LongMinHeap();

    private int i;
    private double clock;
    private long programBytes;
    private long programBytesAtLastGc;
    private long oldGenBytes;
    private int thread;
    private int burstLeft;
    private long nextGcAt;
    private long nextCounterAt;

    StreamGenerator(SyntheticEventStream.Mode mode, int events, long seed) {
        if (events < 0) {
            throw new IllegalArgumentException("negative event count");
        }
        this.mode = mode;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
        this.sizes = sizeTable(mode);
        this.n = events;
        kind = new byte[n];
        time = new long[n];
        trace = new int[n];
        size = new int[n];
        aux = new long[n];
        gc = new int[n];
    }

    static synchronized double[] sizeTable(SyntheticEventStream.Mode mode) {
        if (SIZES[mode.ordinal()] == null) {
            SIZES[mode.ordinal()] = Distributions.objectSizes(mode.samplingInterval);
        }
        return SIZES[mode.ordinal()];
    }

    SyntheticEventStream run() {
        thread = rng.nextInt(THREADS.length);
        burstLeft = burstLength();
        nextGcAt = jitter(mode.gcEveryEvents);
        nextCounterAt = jitter(COUNTER_EVERY);
        while (i < n) {
            if (i >= nextGcAt) {
                gcAndFrees();
            } else if (i >= nextCounterAt) {
                counter();
            } else {
                alloc();
            }
        }
        return new SyntheticEventStream(mode, seed, kind, time, trace, size, aux, gc, gcs.toArray(new GcInfo[0]));
    }

    /** Uniform in [mean/2, 3*mean/2]: regular, but never in lock step with other periodic events. */
    private long jitter(int mean) {
        return i + mean / 2 + rng.nextInt(mean + 1);
    }

    private int burstLength() {
        return MIN_BURST + rng.nextInt(MAX_BURST - MIN_BURST + 1);
    }

    private void alloc() {
        clock += Distributions.exponential(rng, mode.meanGapNanos);
        if (burstLeft-- == 0) {
            // The next thread's buffer is flushed: any thread but the current one.
            thread = (thread + 1 + rng.nextInt(THREADS.length - 1)) % THREADS.length;
            burstLeft = burstLength() - 1;
        }
        int bytes = Distributions.sizeOf(Distributions.draw(rng, sizes));
        kind[i] = SyntheticEventStream.ALLOC;
        time[i] = (long) clock;
        trace[i] = Distributions.draw(rng, ZIPF) + 1;
        size[i] = bytes;
        aux[i] = THREADS[thread];
        programBytes += bytes;

        double fate = rng.nextDouble();
        int gcNow = gcs.size(); // the next GC has id gcNow + 1
        if (fate < DIE_YOUNG) {
            pending.add((long) (gcNow + 1) << 32 | i);
        } else if (fate < DIE_YOUNG + DIE_LATER) {
            // Geometric number of extra GCs survived, at least one.
            long extra = 1 + (long) (StrictMath.log(1.0 - rng.nextDouble()) / StrictMath.log(1.0 - 1.0 / MEAN_EXTRA_GCS));
            pending.add((gcNow + 1 + extra) << 32 | i);
        }
        i++;
    }

    /** A stop-the-world young GC, then the FREEs of every sample it found dead. */
    private void gcAndFrees() {
        long start = (long) (clock += Distributions.exponential(rng, mode.meanGapNanos));
        long pause = (long) (mode.meanPauseNanos * (0.5 + rng.nextDouble()));
        clock += pause;
        long id = gcs.size() + 1;
        long young = allocatedBytes() - programBytesAtLastGc;
        programBytesAtLastGc = allocatedBytes();
        long before = oldGenBytes + young;
        oldGenBytes += (long) (young * PROMOTED);
        if (oldGenBytes > mode.heapCommitted / 2) {
            oldGenBytes /= 2; // a mixed collection: the old generation never fills the heap
        }
        gcs.add(new GcInfo(id, "G1 Young Generation", "G1 Evacuation Pause", start, start + pause,
                before, oldGenBytes, mode.heapCommitted));
        kind[i] = SyntheticEventStream.GC;
        time[i] = start + pause;
        gc[i] = (int) id - 1;
        i++;
        nextGcAt = jitter(mode.gcEveryEvents);

        while (i < n && !pending.isEmpty() && pending.peek() >>> 32 <= id) {
            if (i >= nextCounterAt) {
                counter(); // the counter thread keeps ticking during a long burst
                continue;
            }
            int allocated = (int) pending.poll();
            clock += Distributions.exponential(rng, MEAN_FREE_GAP_NANOS);
            kind[i] = SyntheticEventStream.FREE;
            time[i] = (long) clock;
            trace[i] = trace[allocated];
            size[i] = size[allocated];
            aux[i] = time[allocated];
            gc[i] = (int) id;
            i++;
        }
    }

    private void counter() {
        kind[i] = SyntheticEventStream.COUNTER;
        time[i] = (long) clock;
        aux[i] = allocatedBytes();
        i++;
        nextCounterAt = jitter(COUNTER_EVERY);
    }

    /**
     * The program's own total of allocated bytes. Exact mode sees every allocation, so the total
     * is the sum of their sizes; a sampled program allocates one interval per sample on average.
     */
    private long allocatedBytes() {
        if (mode.samplingInterval == 0) {
            return programBytes;
        }
        return (long) (clock * mode.samplingInterval / mode.meanGapNanos);
    }
}
