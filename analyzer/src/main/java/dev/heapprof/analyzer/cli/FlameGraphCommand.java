package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.ByteUnits;
import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.flame.FlameGraph;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof flamegraph BASE --at T -o FILE}: the heap at a moment as a flame graph. */
@Command(usageHelpWidth = 120, name = "flamegraph", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The heap at one moment as a flame graph, for speedscope or flamegraph tools.", "",
            "One stack per trace, root first, weighted by the bytes it holds live; the allocated type is the leaf frame.",
            "speedscope JSON (a name ending in .json) holds two profiles, live bytes and live objects; open it at",
            "https://www.speedscope.app or in the offline speedscope, and use its Left Heavy and Sandwich views (Time",
            "Order means nothing here). Folded stacks (any other name, e.g. .collapsedstack.txt) hold live bytes."},
        footer = {"", "Examples:", "  heapprof flamegraph out/app --at peak -o peak.speedscope.json",
            "  heapprof flamegraph out/app --at end -o end.collapsedstack.txt --no-type"})
final class FlameGraphCommand implements Callable<Integer> {
    @Mixin
    ProfileArgument profile;

    @Option(names = "--at", paramLabel = "MOMENT", converter = Moment.Converter.class, defaultValue = "peak",
            description = "When: peak, end, start, or seconds since the start. Default: ${DEFAULT-VALUE}.")
    Moment at;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write: NAME.speedscope.json or NAME.collapsedstack.txt. Default: BASE-flame-MOMENT.speedscope.json.")
    Path output;

    @Option(names = "--no-type", description = "Leave out the allocated type as the leaf frame.")
    boolean noType;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Profile p = profile.open(spec.commandLine().getErr())) {
            HeapSnapshot s = at.resolve(p);
            FlameGraph graph = p.flameGraph(s, !noType);
            Path file = OutputFile.write(output != null ? output
                    : Path.of(p.paths().base() + "-flame-" + at.label().replace(" ", "").replace('.', '_') + ".speedscope.json"), graph::write);
            out.printf(Locale.ROOT, "%s: %,d stacks, %s live at %.3f s (%s)%n", file, graph.stacks().size(),
                    ByteUnits.format(graph.totalBytes()), s.timeSeconds(), at.label());
            return 0;
        }
    }
}
