package dev.heapprof.analyzer.cli;

import static dev.heapprof.analyzer.ByteUnits.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heapprof.analyzer.EventTotals;
import dev.heapprof.analyzer.Profile;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof stats BASE}: allocation sizes, and a sampling interval to suggest. */
@Command(usageHelpWidth = 120, name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Allocation sizes by power of two, and a suggested sampling interval.", "",
            "The histogram of allocation sizes (objects and bytes per power-of-two bucket, estimated from the samples)",
            "and a suggested sampling interval for this program."},
        footer = {"", "Examples:", "  heapprof stats out/app", "  heapprof stats out/app --json",
            "", "The suggestion aims at about 1,000 samples per second of run: enough for estimates within a few percent",
            "for any site holding 1%% of the allocation over a few seconds, at a small cost (a sample costs the program",
            "tens of microseconds; see bench/README.md)."})
final class StatsCommand implements Callable<Integer> {
    static final double TARGET_SAMPLES_PER_SECOND = 1_000;
    static final long MIN_SUGGESTED = 16 * 1024;
    static final long MAX_SUGGESTED = 64L * 1024 * 1024;

    @Mixin
    ProfileArgument profile;

    @Option(names = "--json", description = "Print one JSON document (fields in docs/cli.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    /** A power of two (in bytes) that gives about {@link #TARGET_SAMPLES_PER_SECOND} samples per second at this allocation rate. */
    static long suggestInterval(double bytesPerSecond) {
        double raw = bytesPerSecond / TARGET_SAMPLES_PER_SECOND;
        long p = Long.highestOneBit(Math.max(1, Math.round(raw)));
        if (raw - p > 2 * p - raw) {
            p *= 2;
        }
        return Math.max(MIN_SUGGESTED, Math.min(MAX_SUGGESTED, p));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Profile p = profile.open(spec.commandLine().getErr())) {
            EventTotals t = p.eventTotals();
            double seconds = Math.max(1e-9, p.run().durationSeconds());
            double rate = t.estimatedAllocatedBytes() / seconds;
            long suggested = suggestInterval(rate);
            double totalBytes = Math.max(1e-9, t.estimatedAllocatedBytes());
            double totalObjects = Math.max(1e-9, t.estimatedAllocatedObjects());
            if (json) {
                ObjectNode o = Json.object();
                o.put("base", p.paths().base().toString());
                o.put("sampling_interval_bytes", p.run().samplingInterval());
                o.put("samples", t.samples());
                o.put("estimated_allocated_bytes", Math.round(t.estimatedAllocatedBytes()));
                o.put("estimated_allocated_objects", Math.round(t.estimatedAllocatedObjects()));
                o.put("duration_s", p.run().durationSeconds());
                o.put("allocation_rate_bytes_per_s", Math.round(rate));
                o.put("suggested_interval_bytes", suggested);
                ArrayNode buckets = o.putArray("buckets");
                for (int b = 0; b < EventTotals.BUCKETS - 1; b++) {
                    if (t.samplesInBucket(b) == 0) {
                        continue;
                    }
                    ObjectNode e = buckets.addObject();
                    e.put("min_size_bytes", 1L << b);
                    e.put("max_size_bytes", b == 62 ? Long.MAX_VALUE : (1L << (b + 1)) - 1);
                    e.put("samples", t.samplesInBucket(b));
                    e.put("objects", Math.round(t.objectsInBucket(b)));
                    e.put("bytes", Math.round(t.bytesInBucket(b)));
                    e.put("objects_share", t.objectsInBucket(b) / totalObjects);
                    e.put("bytes_share", t.bytesInBucket(b) / totalBytes);
                }
                Json.print(out, o);
                return 0;
            }
            out.printf("allocation sizes in %s: %,d samples standing for about %,.0f objects and %s%n", p.paths().base(), t.samples(),
                    t.estimatedAllocatedObjects(), format(t.estimatedAllocatedBytes()));
            out.println();
            out.printf("%-22s %12s %16s %7s %12s %7s%n", "size", "samples", "objects", "share", "bytes", "share");
            for (int b = 0; b < EventTotals.BUCKETS - 1; b++) {
                if (t.samplesInBucket(b) == 0) {
                    continue;
                }
                String range = format(1L << b) + " - " + format(b == 62 ? Long.MAX_VALUE : (1L << (b + 1)) - 1);
                out.printf("%-22s %,12d %,16.0f %6.1f%% %12s %6.1f%%%n", range, t.samplesInBucket(b), t.objectsInBucket(b),
                        100 * t.objectsInBucket(b) / totalObjects, format(t.bytesInBucket(b)), 100 * t.bytesInBucket(b) / totalBytes);
            }
            out.println();
            out.printf("allocation rate: about %s per second over %.1f s%n", format(rate), p.run().durationSeconds());
            out.printf("suggested sampling interval: %s (interval=%s): about %,.0f samples per second%n", format(suggested),
                    agentValue(suggested), rate / suggested);
            if (p.run().samplingInterval() > 0) {
                out.printf("this profile was sampled every %s: about %,.0f samples per second%n", format(p.run().samplingInterval()),
                        t.samples() / seconds);
            }
            return 0;
        }
    }

    /** As the agent's {@code interval} option takes it: {@code 512k}, {@code 4m}. */
    static String agentValue(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "g";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        if (bytes % 1024 == 0) {
            return (bytes >> 10) + "k";
        }
        return Long.toString(bytes);
    }
}
