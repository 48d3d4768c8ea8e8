package dev.heapprof.bench;

import dev.heapprof.format.EventLogReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the size of the .hpd encoding on the realistic stream: bytes per event (file size over
 * event count, so the prologue, header block and block framing are included), with a rough
 * single-shot write and read speed, and where the bytes go by event kind.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.heapprof.bench.EventSizeReport [events]}.
 */
public final class EventSizeReport {
    private static final long SEED = 42;
    private static final String[] KIND_NAMES = {"ALLOC", "FREE", "GC", "COUNTER"};

    private EventSizeReport() {}

    public static void main(String[] args) throws IOException {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        Path dir = Files.createTempDirectory("heapprof-size");
        Path file = dir.resolve("events.hpd");
        try {
            System.out.printf("heapprof .hpd size report: %,d events per mode, seed %d, 8-byte alignment%n", events, SEED);
            System.out.println("Speeds are ONE cold pass each (JIT warming up included): rough. EventLogBenchmark (JMH) gives the real figures.");
            System.out.println();
            System.out.printf("%-8s %12s %16s %12s %20s %20s%n", "mode", "events", "file size (B)", "bytes/event",
                    "write (Mevents/s)", "read (Mevents/s)");
            StringBuilder breakdown = new StringBuilder();
            for (SyntheticEventStream.Mode mode : SyntheticEventStream.Mode.values()) {
                SyntheticEventStream stream = SyntheticEventStream.generate(mode, events, SEED);
                long t0 = System.nanoTime();
                long bytes = stream.writeFile(file);
                long t1 = System.nanoTime();
                long read;
                try (EventLogReader reader = EventLogReader.open(file)) {
                    read = reader.readAll(new EventLogBenchmark.SummingVisitor());
                }
                long t2 = System.nanoTime();
                if (read != events) {
                    throw new IllegalStateException("read back " + read + " of " + events + " events");
                }
                System.out.printf("%-8s %,12d %,16d %12.2f %20.1f %20.1f%n", mode, events, bytes, (double) bytes / events,
                        events * 1e3 / (t1 - t0), events * 1e3 / (t2 - t1));
                breakdown.append(kindBreakdown(stream, bytes, file));
            }
            System.out.println();
            System.out.println("Where the bytes go. bytes/record = (file size - size of the file written without that kind) / records of that kind:");
            System.out.println("the marginal cost of a record, including its share of the time deltas of the records around it.");
            System.out.printf("%-8s %-8s %12s %10s %14s %18s%n", "mode", "kind", "records", "share", "bytes/record",
                    "bytes/event share");
            System.out.print(breakdown);
            System.out.println("(GC can come out negative: a short FREE died in the last GC recorded, so in a file");
            System.out.println(" without GC records every FREE takes the long form, with its size and GC id.)");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** One line per kind: its share of the events and its marginal bytes per record. */
    private static String kindBreakdown(SyntheticEventStream stream, long fullBytes, Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        for (byte k = 0; k < KIND_NAMES.length; k++) {
            long records = stream.count(k);
            if (records == 0) {
                continue;
            }
            try (var writer = stream.createWriter(file)) {
                stream.writeTo(writer, SyntheticEventStream.ALL_KINDS & ~(1 << k));
            }
            long without = Files.size(file);
            double perRecord = (double) (fullBytes - without) / records;
            out.append(String.format("%-8s %-8s %,12d %9.2f%% %14.2f %18.2f%n", stream.mode(), KIND_NAMES[k], records,
                    100.0 * records / stream.events(), perRecord, (double) (fullBytes - without) / stream.events()));
        }
        return out.toString();
    }
}
