package dev.heapprof.analyzer.cli;

import static dev.heapprof.analyzer.ByteUnits.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heapprof.analyzer.EventTotals;
import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.RunInfo;
import dev.heapprof.analyzer.digest.Durations;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof info BASE}: what a profile holds. */
@Command(usageHelpWidth = 120, name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What a profile holds: the run, its peak, GCs, coverage, problems.", "",
            "What a profile holds: the run (program, JVM, when, how long), the events and samples, the traces,",
            "the peak of live bytes and when, GCs, the bytes allocated (estimated from the samples, and as the JVM",
            "counted them: their ratio is the coverage) and the problems the agent reported."},
        footer = {"", "Examples:", "  heapprof info out/app", "  heapprof info out/app --json | jq .peak_live_bytes"})
final class InfoCommand implements Callable<Integer> {
    @Mixin
    ProfileArgument profile;

    @Option(names = "--json", description = "Print one JSON document (fields in docs/cli.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    /** {@code 1 sample}, {@code 2 samples}. */
    static String count(long n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** A long text cut in the middle of nowhere important: its start, an ellipsis, and how much was left out. */
    static String abbreviate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + String.format(" ... (%,d more characters; --json has it all)", text.length() - max);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Profile p = profile.open(err)) {
            EventTotals t = p.eventTotals();
            RunInfo run = p.run();
            HeapSnapshot peak = p.peak();
            HeapSnapshot end = p.end();
            long jvm = t.jvmAllocatedBytes();
            long program = t.programAllocatedBytes();
            double coverage = program > 0 ? t.estimatedAllocatedBytes() / program : Double.NaN;
            List<String> problems = new ArrayList<>(p.notes());
            if (!t.agentProblems().isEmpty()) {
                problems.add("the agent reported: " + t.agentProblems());
            }
            if (t.agentExitLine() == null) {
                problems.add("no exit line from the agent: the program was killed or crashed, or is still running");
            }
            int traces = p.metadata() == null ? 0 : p.metadata().traceCount();
            if (json) {
                ObjectNode o = Json.object();
                o.put("base", p.paths().base().toString());
                o.put("start_time", run.start().toString());
                o.put("end_time", run.end().toString());
                o.put("duration_s", run.durationSeconds());
                o.put("sampling_interval_bytes", run.samplingInterval());
                o.put("exact_mode", run.exactMode());
                o.put("program", run.mainClass());
                o.put("command_line", run.commandLine());
                o.put("pid", run.pid());
                o.put("host", run.host());
                o.put("jvm_name", run.jvmName());
                o.put("jvm_vendor", run.jvmVendor());
                o.put("jvm_version", run.jvmVersion());
                o.put("agent_options", run.agentOptions());
                o.put("events", t.events());
                o.put("samples", t.samples());
                o.put("frees", t.frees());
                o.put("traces", traces);
                o.put("gcs", t.gcs());
                o.put("gc_pause_s", Json.seconds(t.gcPauseNanos()));
                o.put("peak_live_bytes", peak.liveBytes());
                o.put("peak_time_s", peak.timeSeconds());
                o.put("end_live_bytes", end.liveBytes());
                o.put("deaths_tracked", run.deathsNotTrackedBecause() == null);
                o.put("estimated_allocated_bytes", Math.round(t.estimatedAllocatedBytes()));
                o.put("estimated_allocated_objects", Math.round(t.estimatedAllocatedObjects()));
                if (jvm >= 0) {
                    o.put("jvm_allocated_bytes", jvm);
                    o.put("program_allocated_bytes", program);
                    o.put("coverage_ratio", coverage);
                } else {
                    o.putNull("jvm_allocated_bytes");
                    o.putNull("program_allocated_bytes");
                    o.putNull("coverage_ratio");
                }
                if (t.agentAllocatedBytes() >= 0) {
                    o.put("agent_allocated_bytes", t.agentAllocatedBytes());
                } else {
                    o.putNull("agent_allocated_bytes");
                }
                o.put("snapshots", p.snapshotCount());
                o.put("snapshot_interval_s", Json.seconds(p.snapshotIntervalNanos()));
                o.put("digest_precision", p.precision());
                ArrayNode marks = o.putArray("marks");
                for (EventTotals.Mark m : t.marks()) {
                    marks.addObject().put("time_s", Json.seconds(m.timeNanos())).put("label", m.label());
                }
                o.put("agent_exit_line", t.agentExitLine());
                ArrayNode ps = o.putArray("problems");
                problems.forEach(ps::add);
                Json.print(out, o);
                return 0;
            }
            out.printf("profile     %s%n", p.paths().base());
            out.printf("program     %s (pid %d on %s)%n", run.mainClass().isEmpty() ? "(unknown)" : run.mainClass(), run.pid(), run.host());
            out.printf("command     %s%n", abbreviate(run.commandLine(), 300));
            out.printf("JVM         %s %s (%s)%n", run.jvmName(), run.jvmVersion(), run.jvmVendor());
            out.printf("started     %s, ran %s%n", run.start(), Durations.format(run.durationNanos()));
            out.printf("sampling    %s%n", run.exactMode() ? "exact mode: every allocation recorded"
                    : "one sample every " + format(run.samplingInterval()) + " allocated, on average (Poisson by bytes)");
            out.printf("events      %,d: %s, %s, %s (%s of pauses), %s%n", t.events(), count(t.samples(), "sample"),
                    count(t.frees(), "free"), count(t.gcs(), "GC"), Durations.format(t.gcPauseNanos()), count(t.marks().size(), "mark"));
            out.printf("traces      %,d%n", traces);
            out.printf("live        peak %s at %.3f s; %s at the end (%.3f s)%n", format(peak.liveBytes()), peak.timeSeconds(),
                    format(end.liveBytes()), end.timeSeconds());
            String untracked = run.deathsNotTrackedBecause();
            if (untracked != null) {
                out.printf("            deaths not tracked %s: \"live\" is every byte allocated so far%n",
                        untracked.startsWith("(") ? untracked : "(" + untracked + ")");
            }
            out.printf("allocated   about %s (%,.0f objects), estimated from the samples", format(t.estimatedAllocatedBytes()),
                    t.estimatedAllocatedObjects());
            if (jvm >= 0) {
                out.printf("%n            the JVM counted %s%s: coverage %.0f%%%n", format(jvm),
                        t.agentAllocatedBytes() >= 0 ? ", " + format(t.agentAllocatedBytes()) + " of it the agent's" : "", coverage * 100);
            } else {
                out.println("; the JVM's own count is not in the profile");
            }
            out.printf("digest      %,d snapshots every %s, precision %s%n", p.snapshotCount(), Durations.format(p.snapshotIntervalNanos()),
                    p.precision() == 0 ? "exact (nothing pruned)" : Math.round(p.precision() * 1000) / 10.0 + "%");
            for (EventTotals.Mark m : t.marks()) {
                out.printf("mark        %.3f s  %s%n", m.timeNanos() / 1e9, m.label());
            }
            out.printf("agent       %s%n", t.agentExitLine() == null ? "(no exit line)" : t.agentExitLine());
            out.printf("problems    %s%n", problems.isEmpty() ? "none" : problems.get(0));
            for (int i = 1; i < problems.size(); i++) {
                out.printf("            %s%n", problems.get(i));
            }
            return 0;
        }
    }
}
