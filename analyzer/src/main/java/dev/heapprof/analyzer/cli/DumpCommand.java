package dev.heapprof.analyzer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.format.Event;
import dev.heapprof.format.GcInfo;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof dump BASE}: every event as a line of text, for scripts. */
@Command(usageHelpWidth = 120, name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every event as a line of text or JSON, for scripts.", "",
            "The events as text, one per line, in file order, streamed (any size of profile):",
            "  TIME_S KIND key=value ...",
            "TIME_S is seconds since the start of profiling. ALLOC and FREE carry the trace, the sampled object's size in",
            "bytes and its scale factor (size x scale estimates the bytes it stands for); FREE also the allocation time and",
            "the GC that found it dead. With --json, one JSON object per line (fields in docs/cli.md)."},
        footer = {"", "Examples:", "  heapprof dump out/app | head", "  heapprof dump out/app --json | jq -c 'select(.kind == \"gc\")'",
            "  heapprof dump out/app --kind alloc --kind free"})
final class DumpCommand implements Callable<Integer> {
    enum Kind { alloc, free, gc, mark, counter }

    @Mixin
    ProfileArgument profile;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only these kinds (repeatable): ${COMPLETION-CANDIDATES}.")
    java.util.Set<Kind> kinds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Profile p = profile.open(spec.commandLine().getErr()); Stream<Event> events = p.events()) {
            Iterator<Event> it = events.iterator();
            long n = 0;
            while (it.hasNext()) {
                Event e = it.next();
                Kind kind = Kind.valueOf(e.kind().name().toLowerCase(Locale.ROOT));
                if (kinds != null && !kinds.contains(kind)) {
                    continue;
                }
                if (json) {
                    Json.printLine(out, toJson(e, kind));
                } else {
                    out.println(toText(e, kind));
                }
                if (++n % 10_000 == 0 && out.checkError()) {
                    return 0; // the reader went away (head, a closed pipe): stop quietly
                }
            }
            return 0;
        }
    }

    static String toText(Event e, Kind kind) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.9f %s", e.timeNanos() / 1e9, kind.name().toUpperCase(Locale.ROOT)));
        switch (kind) {
            case alloc -> s.append(String.format(Locale.ROOT, " trace=%d size=%d scale=%.6g thread=%d", e.traceId(), e.size(),
                    e.scaleFactor(), e.threadId()));
            case free -> s.append(String.format(Locale.ROOT, " trace=%d size=%d scale=%.6g alloc_time_s=%.9f gc=%d", e.traceId(),
                    -e.size(), e.scaleFactor(), e.allocTimeNanos() / 1e9, e.gcId()));
            case gc -> {
                GcInfo g = e.gcInfo();
                s.append(String.format(Locale.ROOT, " id=%d duration_s=%.6f heap_before_bytes=%d heap_after_bytes=%d collector=%s cause=%s",
                        g.id(), g.durationNanos() / 1e9, g.heapUsedBefore(), g.heapUsedAfter(), quote(g.collector()), quote(g.cause())));
            }
            case mark -> s.append(" label=").append(quote(e.label()));
            case counter -> s.append(" total_allocated_bytes=").append(e.totalAllocatedBytes());
        }
        return s.toString();
    }

    /** A string in double quotes, with quotes, backslashes and control characters escaped: one event stays one line. */
    static String quote(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    static ObjectNode toJson(Event e, Kind kind) {
        ObjectNode o = Json.object();
        o.put("time_s", e.timeNanos() / 1e9);
        o.put("timestamp_s", e.timestampSeconds());
        o.put("kind", kind.name());
        switch (kind) {
            case alloc -> {
                o.put("trace", e.traceId());
                o.put("size_bytes", e.size());
                o.put("scale_factor", e.scaleFactor());
                o.put("thread", e.threadId());
            }
            case free -> {
                o.put("trace", e.traceId());
                o.put("size_bytes", -e.size());
                o.put("scale_factor", e.scaleFactor());
                o.put("alloc_time_s", e.allocTimeNanos() / 1e9);
                o.put("gc", e.gcId());
            }
            case gc -> {
                GcInfo g = e.gcInfo();
                o.put("gc", g.id());
                o.put("start_s", g.startNanos() / 1e9);
                o.put("duration_s", g.durationNanos() / 1e9);
                o.put("collector", g.collector());
                o.put("cause", g.cause());
                o.put("heap_before_bytes", g.heapUsedBefore());
                o.put("heap_after_bytes", g.heapUsedAfter());
                o.put("heap_committed_bytes", g.heapCommitted());
            }
            case mark -> o.put("label", e.label());
            case counter -> o.put("total_allocated_bytes", e.totalAllocatedBytes());
        }
        return o;
    }
}
