package dev.heapprof.bench;

import dev.heapprof.analyzer.digest.DigestOptions;
import dev.heapprof.analyzer.digest.DigestSummary;
import dev.heapprof.analyzer.digest.Digester;
import dev.heapprof.format.EventLogWriter;
import dev.heapprof.format.Frame;
import dev.heapprof.format.GcInfo;
import dev.heapprof.format.MetadataWriter;
import dev.heapprof.format.ObjectLayout;
import dev.heapprof.format.ProfileHeader;
import dev.heapprof.format.ProfilePaths;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How fast the digest is, and how much memory it needs, on a profile of 50 million events.
 *
 * <p>The profile is synthetic ({@link SyntheticEventStream}, EXACT mode: 2,000 traces, every
 * allocation recorded, 90% of objects dying at the next GC): a 10-million-event stream written five
 * times in a row, each copy shifted in time and GC ids, into one {@code .hpd}, with the 2,000 traces
 * in its {@code .hpm}. It is written once under the given directory and reused. Then the digest runs
 * three times at its defaults (about 750 snapshots, precision 1%) and the report gives events per
 * second of each run and the heap it used at most (the peak of the heap pools, reset before each).
 * Run it pinned to one core and with a small heap to show both targets:
 *
 * <pre>taskset -c 0 java -Xmx64m -cp bench/target/benchmarks.jar dev.heapprof.bench.DigestSpeedReport /tmp/heapprof-digest-bench</pre>
 */
public final class DigestSpeedReport {
    private static final int CHUNK = 10_000_000;
    private static final int COPIES = 5;
    private static final long SEED = 42;

    private DigestSpeedReport() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/heapprof-digest-bench");
        Files.createDirectories(dir);
        ProfilePaths paths = new ProfilePaths(dir.resolve("synthetic-50m"));
        if (!Files.exists(paths.events()) || !Files.exists(paths.metadata())) {
            long start = System.nanoTime();
            long events = write(paths);
            System.out.printf("wrote %,d events (%,d bytes) to %s in %.1f s%n", events, Files.size(paths.events()), paths.events(),
                    (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("profile: %s, %,d bytes of events; JVM: %s, max heap %,d MiB, %d processors%n", paths.base(),
                Files.size(paths.events()), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        for (int run = 1; run <= 3; run++) {
            System.gc();
            resetPeaks();
            DigestSummary s = Digester.digest(paths, DigestOptions.DEFAULT, (done, total) -> true);
            System.out.printf("run %d: %,d events in %.2f s = %.1f million events/s; %,d snapshots every %,d ms; digest %,d bytes;"
                    + " heap used at most %.1f MiB%n", run, s.events(), s.elapsedNanos() / 1e9, s.eventsPerSecond() / 1e6, s.snapshots(),
                    s.intervalNanos() / 1_000_000, Files.size(paths.digest()), peakHeapBytes() / 1048576.0);
        }
    }

    private static long write(ProfilePaths paths) throws IOException {
        SyntheticEventStream stream = SyntheticEventStream.generate(SyntheticEventStream.Mode.EXACT, CHUNK, SEED);
        ProfileHeader header = new ProfileHeader(stream.header().runId(), stream.header().startEpochNanos(), 0, 1, "bench",
                "synthetic", "heapprof", "17", "synthetic 50M", "Synthetic", "interval=0", new ObjectLayout(true, true, false, 8), 128,
                Map.of());
        long span = stream.timeNanos(stream.events() - 1) + 1;
        long maxGc = 0;
        for (int i = 0; i < stream.events(); i++) {
            if (stream.kind(i) == SyntheticEventStream.GC || stream.kind(i) == SyntheticEventStream.FREE) {
                maxGc = Math.max(maxGc, stream.gcId(i));
            }
        }
        long written = 0;
        try (MetadataWriter hpm = MetadataWriter.create(paths.metadata(), header, true);
                EventLogWriter hpd = EventLogWriter.create(paths.events(), stream.header(), 8, hpm, true)) {
            for (int t = 1; t <= StreamGenerator.TRACES; t++) {
                hpm.trace("com.example.Type" + t, List.of(new Frame("com.example.Site" + t, "allocate", "Site" + t + ".java", t),
                        new Frame("com.example.Main", "main", "Main.java", 10)), false);
            }
            for (int copy = 0; copy < COPIES; copy++) {
                long shift = copy * span;
                long gcShift = copy * maxGc;
                for (int i = 0, n = stream.events(); i < n; i++) {
                    long time = stream.timeNanos(i) + shift;
                    switch (stream.kind(i)) {
                        case SyntheticEventStream.ALLOC -> hpd.alloc(time, stream.traceId(i), stream.sizeBytes(i), stream.aux(i));
                        case SyntheticEventStream.FREE -> hpd.free(time, stream.traceId(i), stream.sizeBytes(i), stream.aux(i) + shift,
                                stream.gcId(i) + gcShift);
                        case SyntheticEventStream.GC -> {
                            GcInfo g = stream.gcInfo(i);
                            hpd.gc(new GcInfo(g.id() + gcShift, g.collector(), g.cause(), g.startNanos() + shift, g.endNanos() + shift,
                                    g.heapUsedBefore(), g.heapUsedAfter(), g.heapCommitted()));
                        }
                        default -> hpd.counter(time, stream.aux(i) + copy * 1_000_000_000_000L);
                    }
                    written++;
                }
            }
        }
        return written;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
