package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.ByteUnits;
import dev.heapprof.analyzer.EventTotals;
import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.Profile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof demo}: profiles the bundled example and shows what the profile says. */
@Command(usageHelpWidth = 120, name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Profile the bundled example (a spike and a slow leak) and show the results.", "",
            "Runs the bundled example, a small data pipeline with a memory spike in the middle and a slow leak",
            "(examples/README.md), under the agent; digests the profile; prints what info and top find at the spike and at",
            "the end; writes every view (time plots, the flow graph comparing spike and end, flame graphs of both) and",
            "lists the files written."},
        footer = {"", "Examples:", "  heapprof demo", "  heapprof demo -o /tmp/demo --scale 0.5"})
final class DemoCommand implements Callable<Integer> {
    static final String MAIN_CLASS = "dev.heapprof.examples.pipeline.DataPipeline";
    // -XX:G1HeapRegionSize=16m: the report's columns (a few MiB each) are then ordinary objects, not
    // G1 "humongous" ones. G1 frees a dead humongous array at the next young collection only if
    // nothing refers to it, and the agent's weak reference (how it notices the death) does: under
    // the defaults the spike would stay "live" until a concurrent cycle (docs/agent.md, "Deaths").

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "heapprof-demo",
            description = "Directory for the profile (created if needed). Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--scale", paramLabel = "FACTOR", defaultValue = "1.0",
            description = "Amount of work relative to the default run (about 6 s). Default: ${DEFAULT-VALUE}.")
    double scale;

    @Option(names = "--interval", paramLabel = "BYTES", defaultValue = "64k",
            description = "The agent's sampling interval for the demo: finer than its 512k default, for a short run. Default: ${DEFAULT-VALUE}.")
    String interval;

    @Spec
    CommandSpec spec;

    /** The most live memory between the example's "report: start" and "report: end" marks; the peak without them. */
    static HeapSnapshot spikeOf(Profile p) throws java.io.IOException {
        double from = -1;
        double to = -1;
        for (EventTotals.Mark m : p.eventTotals().marks()) {
            if (m.label().equals("report: start")) {
                from = m.timeNanos() / 1e9;
            } else if (m.label().equals("report: end")) {
                to = m.timeNanos() / 1e9;
            }
        }
        if (from < 0 || to < from) {
            return p.peak();
        }
        int first = p.snapshotAt(from).index();
        int last = Math.min(p.snapshotCount() - 1, p.snapshotAt(to).index() + 1);
        HeapSnapshot best = p.snapshot(first);
        for (int k = first + 1; k <= last; k++) {
            HeapSnapshot s = p.snapshot(k);
            if (s.liveBytes() > best.liveBytes()) {
                best = s;
            }
        }
        return best;
    }

    @Override
    public Integer call() throws Exception {
        if (!(scale > 0 && scale <= 100)) {
            throw new HeapprofCli.UsageException("--scale must be above 0 and at most 100, not " + scale);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(output);
        Path base = output.resolve("pipeline").toAbsolutePath();
        List<String> command = List.of(Installation.java().toString(), "-Xmx256m", "-XX:G1HeapRegionSize=16m",
                "-javaagent:" + Installation.agentJar() + "=file=" + base + ",interval=" + interval,
                "-cp", Installation.examples().toString(), MAIN_CLASS, String.format(Locale.ROOT, "--scale=%s", scale));
        out.println("== running the example under the agent:");
        out.println("   " + String.join(" ", command));
        out.flush();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println("   | " + line);
            }
        }
        int exit = process.waitFor();
        out.flush();
        if (exit != 0) {
            err.println("heapprof: the example exited with " + exit + "; see its output above");
            return 1;
        }
        HeapSnapshot spike;
        HeapSnapshot end;
        try (Profile p = Profile.open(base)) {
            out.printf("%n== digested: %,d snapshots every %.0f ms%n", p.snapshotCount(), p.snapshotIntervalNanos() / 1e6);
            spike = spikeOf(p);
            end = p.end();
        }
        out.printf("%n== heapprof info %s%n", base);
        out.flush();
        int code = HeapprofCli.execute(new String[] {"info", base.toString()}, out, err);
        String spikeAt = String.format(Locale.ROOT, "%.3f", spike.timeSeconds());
        out.printf("%n== the spike: the most live memory during the report (between its marks), at %s s%n", spikeAt);
        out.printf("== heapprof top %s --at %s -n 8%n", base, spikeAt);
        out.flush();
        code = Math.max(code, HeapprofCli.execute(new String[] {"top", base.toString(), "--at", spikeAt, "-n", "8"}, out, err));
        out.printf("%n== the end: heapprof top %s --at end -n 8%n", base);
        out.flush();
        code = Math.max(code, HeapprofCli.execute(new String[] {"top", base.toString(), "--at", "end", "-n", "8"}, out, err));
        out.printf("%n== the views%n");
        out.flush();
        String b = base.toString();
        List<String[]> views = new java.util.ArrayList<>(List.of(
                new String[] {"timeplot", b, "-o", b + "-timeplot.png"},
                new String[] {"timeplot", b, "--top", "5", "-o", b + "-timeplot-top.png", "--csv", b + "-timeplot-top.csv"},
                new String[] {"flamegraph", b, "--at", spikeAt, "-o", b + "-flame-spike.speedscope.json"},
                new String[] {"flamegraph", b, "--at", "end", "-o", b + "-flame-end.speedscope.json"}));
        String[] flow = {"flowgraph", b, "--at", spikeAt, "--at", "end", "-o", b + "-flow.dot"};
        views.add(dev.heapprof.analyzer.flow.FlowGraph.dotInstalled()
                ? new String[] {flow[0], flow[1], flow[2], flow[3], flow[4], flow[5], flow[6], flow[7], "--render", "svg"} : flow);
        for (String[] view : views) {
            code = Math.max(code, HeapprofCli.execute(view, out, err));
        }
        if (!dev.heapprof.analyzer.flow.FlowGraph.dotInstalled()) {
            out.println("   (graphviz's dot is not installed: " + b + "-flow.dot is not rendered)");
        }
        out.printf("%n== files written:%n");
        for (Path f : Installation.filesStartingWith(base.getParent(), base.getFileName().toString())) {
            out.printf("   %s  (%s)%n", f, ByteUnits.format(Files.size(f)));
        }
        out.printf("%nNext: heapprof top %s --at peak --group method; heapprof dump %s | head; docs/cli.md%n", base, base);
        return code;
    }
}
