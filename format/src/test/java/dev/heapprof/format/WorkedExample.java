package dev.heapprof.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The tiny profile of docs/format.md, "Worked example": two traces, three allocations, a GC, a free,
 * a marker and a counter, recorded in exact mode, and its digest at 5 us intervals. The golden files
 * in src/test/resources/golden are these bytes.
 */
final class WorkedExample {
    static final RunId RUN_ID = new RunId(0x0123456789ABCDEFL, 0x0FEDCBA987654321L);
    static final long START_EPOCH_NANOS = 1_764_000_000_000_000_000L;
    static final ObjectLayout LAYOUT = new ObjectLayout(true, true, false, 8);

    static final Frame LOAD = new Frame("Demo", "load", "Demo.java", 12);
    static final Frame MAIN_5 = new Frame("Demo", "main", "Demo.java", 5);
    static final Frame BUFFER = new Frame("Demo", "buffer", "Demo.java", 20);
    static final Frame MAIN_6 = new Frame("Demo", "main", "Demo.java", 6);

    static final GcInfo GC = new GcInfo(1, "G1 Young Generation", "G1 Evacuation Pause", 5_000, 6_000,
            4L << 20, 1L << 20, 8L << 20);

    private WorkedExample() {}

    static ProfileHeader header() {
        return new ProfileHeader(RUN_ID, START_EPOCH_NANOS, 0, 4242, "box", "OpenJDK 64-Bit Server VM", "Temurin",
                "25.0.1", "java Demo", "Demo", "interval=0", LAYOUT, 128, Map.of());
    }

    static EventLogHeader eventsHeader() {
        return new EventLogHeader(RUN_ID, START_EPOCH_NANOS, 0, 1_000_000_000L);
    }

    /** Writes BASE.hpm and BASE.hpd. */
    static void writeProfile(ProfilePaths paths) throws IOException {
        try (MetadataWriter hpm = MetadataWriter.create(paths.metadata(), header(), true);
                EventLogWriter hpd = EventLogWriter.create(paths.events(), eventsHeader(), LAYOUT.objectAlignment(), hpm, true)) {
            long stringTrace = hpm.trace("java.lang.String", List.of(LOAD, MAIN_5), false);
            long bytesTrace = hpm.trace("byte[]", List.of(BUFFER, MAIN_6), false);
            hpm.thread(1, "main");
            hpd.alloc(1_000, stringTrace, 24, 1);
            hpd.alloc(2_500, bytesTrace, 1_040, 1);
            hpd.alloc(4_000, stringTrace, 24, 1);
            hpd.gc(GC);
            hpd.free(6_000, stringTrace, 24, 1_000, 1);
            hpd.mark(7_000, "done");
            hpd.counter(8_000, 123_456);
        }
    }

    static DigestHeader digestHeader(long eventsBytes, int lastCrc) {
        return new DigestHeader(RUN_ID, eventsBytes, lastCrc, START_EPOCH_NANOS, 0, 5_000, 0.01);
    }

    /** The three snapshots of the example: at 0 ns, at 5,000 ns, and the partial last interval ending at 8,000 ns. */
    static List<Snapshot> snapshots() {
        return List.of(
                new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, -1, List.of()),
                new Snapshot(1, 5_000, 1_088, 3_000, 1_088, 3_000, 1_088, 4_000, -1, List.of(
                        new TraceUsage(1, 48, 2_000, 48, 2_000),
                        new TraceUsage(2, 1_040, 1_000, 1_040, 1_000))),
                new Snapshot(2, 8_000, 1_064, 2_000, 0, 0, 1_088, 5_000, 1L << 20, List.of(
                        new TraceUsage(1, 24, 1_000, 0, 0),
                        new TraceUsage(2, 1_040, 1_000, 0, 0))));
    }

    /** Writes BASE.hpc for the .hpd already at {@code paths.events()}. */
    static void writeDigest(ProfilePaths paths) throws IOException {
        long bytes;
        int crc;
        try (EventLogReader reader = EventLogReader.open(paths.events())) {
            reader.readAll(new EventVisitor() {});
            bytes = reader.position();
            crc = reader.lastBlockCrc();
        }
        try (DigestWriter hpc = DigestWriter.create(paths.digest(), digestHeader(bytes, crc), true)) {
            for (Snapshot s : snapshots()) {
                hpc.append(s);
            }
            hpc.finish();
        }
    }

    static ProfilePaths writeAll(Path dir) throws IOException {
        ProfilePaths paths = new ProfilePaths(dir.resolve("example"));
        writeProfile(paths);
        writeDigest(paths);
        return paths;
    }
}
