package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.flow.FlowGraph;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof flowgraph BASE --at T [--at T2 ...] -o flow.dot [--render svg]}. */
@Command(usageHelpWidth = 120, name = "flowgraph", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Where live memory flows, from the program's entry to the lines that allocated it (graphviz).", "",
            "A box is a line of code (or a method, a class); its cells read LOCAL / CUMULATIVE = SHARE for each moment:",
            "bytes allocated at the line, bytes of all traces through it (once per trace, even under recursion), and",
            "that share of the total, coloured from blue (small) to red (large). An edge carries the bytes of the traces",
            "where the callee follows the caller, one figure per moment. Chains of one-to-one lines that allocate nothing",
            "themselves are merged into one box; small boxes and edges are dropped, and the legend says how much."},
        footer = {"", "Examples:", "  heapprof flowgraph out/app --at peak -o flow.dot --render svg",
            "  heapprof flowgraph out/app --at 2.5 --at end -o compare.dot --render png   one cell per moment",
            "  heapprof flowgraph out/app --at peak --group method --min-node 0.05 -o methods.dot"})
final class FlowGraphCommand implements Callable<Integer> {
    enum Format { svg, png, pdf }

    @Mixin
    ProfileArgument profile;

    @Option(names = "--at", paramLabel = "MOMENT", converter = Moment.Converter.class,
            description = "A moment (repeatable: the boxes then compare them): peak, end, start, or seconds. Default: peak.")
    List<Moment> at;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The DOT file. Default: BASE-flow.dot.")
    Path output;

    @Option(names = "--render", paramLabel = "FORMAT",
            description = "Also render it with graphviz's dot, next to the DOT file: ${COMPLETION-CANDIDATES}.")
    Format render;

    @Option(names = "--group", paramLabel = "HOW", defaultValue = "line",
            description = "A box per line, method or class: line, method, class. Default: ${DEFAULT-VALUE}.")
    String group;

    @Option(names = "--min-node", paramLabel = "FRACTION", defaultValue = "0.01",
            description = "Drop boxes below this share of the live bytes at every moment. Default: ${DEFAULT-VALUE}.")
    double minNode;

    @Option(names = "--min-edge", paramLabel = "FRACTION", defaultValue = "0.05",
            description = "Drop edges below this share of their caller's cumulative bytes (a box's largest incoming edge always"
                    + " stays). Default: ${DEFAULT-VALUE}.")
    double minEdge;

    @Option(names = "--no-collapse", description = "Keep one box per line even in one-to-one chains.")
    boolean noCollapse;

    @Option(names = "--no-font-scale", description = "Same font size for every box (by default it grows with local usage).")
    boolean noFontScale;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FlowGraph.Group g = switch (group) {
            case "line" -> FlowGraph.Group.line;
            case "method" -> FlowGraph.Group.method;
            case "class" -> FlowGraph.Group.clazz;
            default -> throw new HeapprofCli.UsageException("--group takes line, method or class, not '" + group + "'");
        };
        FlowGraph.Options options;
        try {
            options = new FlowGraph.Options(g, minNode, minEdge, !noCollapse, !noFontScale);
        } catch (IllegalArgumentException e) {
            throw new HeapprofCli.UsageException("--min-node and --min-edge are fractions from 0 to 1, as in 0.01");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Profile p = profile.open(spec.commandLine().getErr())) {
            List<HeapSnapshot> moments = new ArrayList<>();
            for (Moment m : at == null ? List.of(Moment.parse("peak")) : at) {
                moments.add(m.resolve(p));
            }
            Path dot = OutputFile.write(output != null ? output : Path.of(p.paths().base() + "-flow.dot"),
                    p.flowGraph(moments, options)::writeDotFile);
            out.printf("%s: flow graph of %d moment(s)%n", dot, moments.size());
            if (render != null) {
                Path picture = renderWithDot(dot, render.name());
                out.printf("%s: rendered by graphviz%n", picture);
            }
            return 0;
        }
    }

    /** Runs graphviz's {@code dot}; a missing dot or any warning from it is a failure naming what to do. */
    static Path renderWithDot(Path dotFile, String format) throws IOException, InterruptedException {
        String name = dotFile.getFileName().toString();
        String stem = name.endsWith(".dot") || name.endsWith(".gv") ? name.substring(0, name.lastIndexOf('.')) : name;
        return OutputFile.write(dotFile.resolveSibling(stem + "." + format), picture -> runDot(dotFile, format, picture));
    }

    private static void runDot(Path dotFile, String format, Path picture) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("dot", "-T" + format, "-o", picture.toString(), dotFile.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("graphviz's dot is not installed (or not on the PATH): install graphviz (apt-get install graphviz,"
                    + " brew install graphviz, https://graphviz.org/download/) or render " + dotFile + " elsewhere");
        }
        String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("dot did not finish rendering " + dotFile + " in 2 minutes");
        }
        if (p.exitValue() != 0 || !messages.isEmpty()) {
            throw new IOException("dot could not render " + dotFile + " (exit " + p.exitValue() + "): " + messages);
        }
    }
}
