package dev.heapprof.analyzer.cli;

import static dev.heapprof.analyzer.ByteUnits.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.LineName;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.format.Frame;
import dev.heapprof.format.StackTrace;
import dev.heapprof.format.TraceUsage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof top BASE}: the biggest consumers at a moment. */
@Command(usageHelpWidth = 120, name = "top", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The biggest memory consumers at one moment, by line, trace, type or method.", "",
            "The biggest memory consumers at one moment of the run: bytes, objects and share of the total,",
            "with a 95%% confidence interval when the figures are estimated from samples."},
        footer = {"", "Examples:",
            "  heapprof top out/app                           lines holding the most live bytes at the peak",
            "  heapprof top out/app --at end -n 5",
            "  heapprof top out/app --at 12.5 --group method",
            "  heapprof top out/app --by allocated --group type   what allocated the most, from the start up to the peak",
            "", "A line is where the allocation happened: the innermost frame of its stack, written as a Java stack trace",
            "writes it. \"(other)\" gathers the traces the digest folded together (see heapprof digest --precision)."})
final class TopCommand implements Callable<Integer> {
    enum By { live, allocated, objects }

    enum Group { line, trace, type, method }

    @Mixin
    ProfileArgument profile;

    @Option(names = "--at", paramLabel = "MOMENT", converter = Moment.Converter.class, defaultValue = "peak",
            description = "When: peak (the snapshot with the most live bytes), end, start, or seconds since the start. Default: ${DEFAULT-VALUE}.")
    Moment at;

    @Option(names = "--by", paramLabel = "WHAT", defaultValue = "live",
            description = "Rank by live bytes, by bytes allocated from the start up to the moment, or by live objects: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    By by;

    @Option(names = "--group", paramLabel = "HOW", defaultValue = "line",
            description = "Group by allocation line, by whole stack trace, by allocated type, or by allocating method: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Group group;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "20", description = "How many to show. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--json", description = "Print one JSON document (fields in docs/cli.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    /** One group's figures. */
    static final class Entry {
        final String name;
        double bytes;
        double objects;
        final TreeSet<Long> traces = new TreeSet<>();

        Entry(String name) {
            this.name = name;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new HeapprofCli.UsageException("-n must be at least 1, not " + count);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Profile p = profile.open(spec.commandLine().getErr())) {
            HeapSnapshot s = at.resolve(p);
            Map<Long, double[]> perTrace = figures(p, s);
            Map<String, Entry> groups = new LinkedHashMap<>();
            double totalBytes = 0;
            double totalObjects = 0;
            for (Map.Entry<Long, double[]> e : perTrace.entrySet()) {
                String key = keyOf(p, e.getKey());
                Entry g = groups.computeIfAbsent(key, Entry::new);
                g.bytes += e.getValue()[0];
                g.objects += e.getValue()[1];
                g.traces.add(e.getKey());
                totalBytes += e.getValue()[0];
                totalObjects += e.getValue()[1];
            }
            Comparator<Entry> order = by == By.objects ? Comparator.comparingDouble((Entry g) -> g.objects)
                    : Comparator.comparingDouble((Entry g) -> g.bytes);
            List<Entry> ranked = new ArrayList<>(groups.values());
            ranked.removeIf(g -> g.bytes <= 0 && g.objects <= 0);
            ranked.sort(order.reversed().thenComparing(g -> g.name));
            List<Entry> shown = ranked.subList(0, Math.min(count, ranked.size()));
            long interval = p.run().samplingInterval();
            String what = by == By.allocated ? "allocated bytes (from the start)" : by == By.objects ? "live objects" : "live bytes";
            if (json) {
                ObjectNode o = Json.object();
                o.put("base", p.paths().base().toString());
                o.put("at", at.label());
                o.put("time_s", s.timeSeconds());
                o.put("snapshot_index", s.index());
                o.put("by", by.name());
                o.put("group", group.name());
                o.put("total_bytes", Math.round(totalBytes));
                o.put("total_objects", Math.round(totalObjects));
                o.put("sampling_interval_bytes", interval);
                o.put("groups", ranked.size());
                ArrayNode entries = o.putArray("entries");
                int rank = 1;
                for (Entry g : shown) {
                    ObjectNode e = entries.addObject();
                    e.put("rank", rank++);
                    e.put("name", g.name);
                    e.put("bytes", Math.round(g.bytes));
                    double half = halfWidth(g.bytes, g.objects, interval);
                    e.put("bytes_ci95_low", Math.round(Math.max(0, g.bytes - half)));
                    e.put("bytes_ci95_high", Math.round(g.bytes + half));
                    e.put("objects", Math.round(g.objects));
                    e.put("share", totalBytes > 0 ? (by == By.objects ? g.objects / Math.max(1, totalObjects) : g.bytes / totalBytes) : 0);
                    ArrayNode ids = e.putArray("trace_ids");
                    g.traces.forEach(ids::add);
                }
                Json.print(out, o);
                return 0;
            }
            out.printf("top %d of %,d %ss by %s at %.3f s (%s; snapshot %d of %d): %s in %,.0f objects%n", shown.size(), ranked.size(),
                    group.name(), what, s.timeSeconds(), at.label(), s.index(), p.snapshotCount(), format(totalBytes), totalObjects);
            if (interval > 0) {
                out.printf("estimated from samples taken every %s on average: ± is a 95%% confidence interval%n", format(interval));
            } else {
                out.println("exact mode: every allocation was recorded");
            }
            out.println();
            out.printf("%4s  %10s  %11s  %6s  %12s  %s%n", "#", "bytes", interval > 0 ? "±" : "", "share", "objects", group.name());
            int rank = 1;
            for (Entry g : shown) {
                double share = by == By.objects ? g.objects / Math.max(1, totalObjects) : totalBytes > 0 ? g.bytes / totalBytes : 0;
                out.printf("%4d  %10s  %11s  %5.1f%%  %,12.0f  %s%n", rank++, format(g.bytes),
                        interval > 0 ? "± " + format(halfWidth(g.bytes, g.objects, interval)) : "", share * 100, g.objects, g.name);
            }
            return 0;
        }
    }

    /**
     * Half the width of a 95% confidence interval for an estimate of {@code bytes} in {@code objects}
     * objects from Poisson sampling by bytes. Taking every object at the group's mean size {@code s},
     * each is sampled with probability {@code p = 1 - exp(-s / interval)} and the estimate of the
     * bytes has variance {@code N s^2 (1 - p) / p}: about {@code bytes x interval} for objects much
     * smaller than the interval, and near 0 for objects far larger (they are always sampled).
     */
    static double halfWidth(double bytes, double objects, long interval) {
        if (interval <= 0 || bytes <= 0 || objects <= 0) {
            return 0;
        }
        double size = bytes / objects;
        double p = -Math.expm1(-size / interval);
        return 1.96 * size * Math.sqrt(objects * (1 - p) / p);
    }

    /** Bytes and objects per trace at the moment, as {@code --by} asks. */
    private Map<Long, double[]> figures(Profile p, HeapSnapshot s) {
        Map<Long, double[]> perTrace = new LinkedHashMap<>();
        if (by == By.allocated) {
            for (int k = 0; k <= s.index(); k++) {
                for (TraceUsage u : p.snapshot(k).traces()) {
                    double[] f = perTrace.computeIfAbsent(u.traceId(), id -> new double[2]);
                    f[0] += u.allocatedBytes();
                    f[1] += u.allocatedObjects();
                }
            }
        } else {
            for (TraceUsage u : s.traces()) {
                perTrace.put(u.traceId(), new double[] {u.liveBytes(), u.liveObjects()});
            }
        }
        return perTrace;
    }

    private String keyOf(Profile p, long traceId) {
        if (traceId == 0) {
            return "(other: small traces folded together, and unknown stacks)";
        }
        StackTrace t = p.rawTrace(traceId);
        if (t.isUnknown()) {
            return "(trace " + traceId + ": not in the metadata)";
        }
        Frame site = t.frames().isEmpty() ? null : t.frames().get(0);
        return switch (group) {
            case line -> site == null ? "(no frames) " + t.allocatedType() : LineName.of(site);
            case trace -> "#" + traceId + " " + t.allocatedType() + " at " + (site == null ? "(no frames)" : LineName.of(site));
            case type -> t.allocatedType();
            case method -> site == null ? "(no frames)" : site.className() + "." + site.methodName();
        };
    }
}
