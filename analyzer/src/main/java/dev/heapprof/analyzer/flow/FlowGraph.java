package dev.heapprof.analyzer.flow;

import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.LineName;
import dev.heapprof.format.Frame;
import dev.heapprof.format.StackTrace;
import dev.heapprof.format.TraceUsage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The model's flow graph: memory flowing from the program's entry down the call paths to the lines
 * that allocated it, at one or several moments. A node is a line of code (or a method, or a class);
 * its <i>local</i> usage is the live bytes of the traces that allocate there, its <i>cumulative</i>
 * usage the live bytes of the traces that pass through it, counted once per trace even under
 * recursion; an edge A to B carries the bytes of the traces where B follows A directly. Small nodes
 * and edges are dropped (and the legend says how much), chains of one-to-one nodes with nothing
 * allocated locally are merged into one box, and several roots hang from a synthetic program root.
 * Rendered as graphviz DOT with deterministic ids, escaped labels and tooltips.
 */
public final class FlowGraph {
    /** What a node stands for. */
    public enum Group { line, method, clazz }

    /** Options; the defaults are the model's. */
    public record Options(Group group, double minNodeFraction, double minEdgeFraction, boolean collapse, boolean scaleFont) {
        public static final Options DEFAULT = new Options(Group.line, 0.01, 0.05, true, true);

        public Options {
            if (!(minNodeFraction >= 0 && minNodeFraction < 1) || !(minEdgeFraction >= 0 && minEdgeFraction < 1)) {
                throw new IllegalArgumentException("node and edge fractions must be in [0, 1)");
            }
        }
    }

    static final String ROOT = "(program)";
    static final String OTHER = "(other: small traces and unknown stacks)";

    final String title;
    final double[] times;
    final long[] totals;
    /** Per node key: cumulative and local bytes per moment. */
    final Map<String, long[]> cumulative = new TreeMap<>();
    final Map<String, long[]> local = new TreeMap<>();
    /** Per edge "from\u0000to": bytes per moment. */
    final Map<String, long[]> edges = new TreeMap<>();
    final Options options;

    private FlowGraph(String title, double[] times, long[] totals, Options options) {
        this.title = title;
        this.times = times;
        this.totals = totals;
        this.options = options;
    }

    /** The flow graph of one or several snapshots (each gives one cell per node and one figure per edge). */
    public static FlowGraph of(String title, List<HeapSnapshot> moments, LongFunction<StackTrace> traces, Options options) {
        int m = moments.size();
        if (m == 0) {
            throw new IllegalArgumentException("a flow graph needs at least one moment");
        }
        double[] times = new double[m];
        long[] totals = new long[m];
        for (int i = 0; i < m; i++) {
            times[i] = moments.get(i).timeSeconds();
            totals[i] = moments.get(i).liveBytes();
        }
        FlowGraph g = new FlowGraph(title, times, totals, options);
        Map<Long, List<String>> paths = new HashMap<>();
        Set<String> roots = new LinkedHashSet<>();
        for (int i = 0; i < m; i++) {
            for (TraceUsage u : moments.get(i).traces()) {
                if (u.liveBytes() <= 0) {
                    continue;
                }
                List<String> path = paths.computeIfAbsent(u.traceId(), id -> g.pathOf(id, traces));
                roots.add(path.get(0));
                g.add(path, i, u.liveBytes());
            }
        }
        if (roots.size() > 1) {
            // A synthetic root joins the program's entry points (threads, and "other").
            for (int i = 0; i < m; i++) {
                long sum = 0;
                for (String r : roots) {
                    long[] c = g.cumulative.get(r);
                    long b = c == null ? 0 : c[i];
                    g.edges.computeIfAbsent(ROOT + "\u0000" + r, k -> new long[m])[i] += b;
                    sum += b;
                }
                g.cumulative.computeIfAbsent(ROOT, k -> new long[m])[i] += sum;
                g.local.computeIfAbsent(ROOT, k -> new long[m]);
            }
        }
        return g;
    }

    /** A trace as node keys, root first, consecutive repeats merged. */
    private List<String> pathOf(long traceId, LongFunction<StackTrace> traces) {
        List<String> path = new ArrayList<>();
        if (traceId == 0) {
            path.add(OTHER);
            return path;
        }
        StackTrace t = traces.apply(traceId);
        if (t.isUnknown() || t.frames().isEmpty()) {
            path.add(OTHER);
            return path;
        }
        List<Frame> frames = t.frames();
        for (int i = frames.size() - 1; i >= 0; i--) {
            String key = keyOf(frames.get(i));
            if (path.isEmpty() || !path.get(path.size() - 1).equals(key)) {
                path.add(key);
            }
        }
        return path;
    }

    private String keyOf(Frame f) {
        return switch (options.group()) {
            case line -> LineName.of(f);
            case method -> f.className() + "." + f.methodName();
            case clazz -> f.className();
        };
    }

    private void add(List<String> path, int moment, long bytes) {
        int m = times.length;
        Set<String> seen = new LinkedHashSet<>(path); // once per trace, even under recursion
        for (String node : seen) {
            cumulative.computeIfAbsent(node, k -> new long[m])[moment] += bytes;
            local.computeIfAbsent(node, k -> new long[m]);
        }
        local.get(path.get(path.size() - 1))[moment] += bytes;
        Set<String> seenEdges = new LinkedHashSet<>();
        for (int i = 1; i < path.size(); i++) {
            String e = path.get(i - 1) + "\u0000" + path.get(i);
            if (!path.get(i - 1).equals(path.get(i)) && seenEdges.add(e)) {
                edges.computeIfAbsent(e, k -> new long[m])[moment] += bytes;
            }
        }
    }

    double share(long bytes, int moment) {
        return totals[moment] <= 0 ? 0 : (double) bytes / totals[moment];
    }

    private double maxShare(long[] bytes) {
        double max = 0;
        for (int i = 0; i < bytes.length; i++) {
            max = Math.max(max, share(bytes[i], i));
        }
        return max;
    }

    /** A box: one node, or a chain of nodes merged, top to bottom. */
    record Box(String id, List<String> nodes) {
        String head() {
            return nodes.get(0);
        }

        String tail() {
            return nodes.get(nodes.size() - 1);
        }
    }

    /** The kept graph: boxes, edges between them (as tail of one box to head of another), and what was dropped. */
    record Layout(List<Box> boxes, Map<String, long[]> edges, List<String> dottedFromRoot, int nodesTotal, int nodesKept, long[] droppedLocal) {}

    Layout layout() {
        int m = times.length;
        Set<String> kept = new LinkedHashSet<>();
        for (Map.Entry<String, long[]> e : cumulative.entrySet()) {
            if (e.getKey().equals(ROOT) || maxShare(e.getValue()) >= options.minNodeFraction()) {
                kept.add(e.getKey());
            }
        }
        long[] droppedLocal = new long[m];
        for (Map.Entry<String, long[]> e : local.entrySet()) {
            if (!kept.contains(e.getKey())) {
                for (int i = 0; i < m; i++) {
                    droppedLocal[i] += e.getValue()[i];
                }
            }
        }
        // Edges between kept nodes that carry enough of their source; a node's largest incoming edge always stays,
        // so that no kept node floats unconnected.
        Map<String, long[]> keptEdges = new TreeMap<>();
        Map<String, String> bestIn = new HashMap<>();
        Map<String, Long> bestInBytes = new HashMap<>();
        for (Map.Entry<String, long[]> e : edges.entrySet()) {
            String[] ends = e.getKey().split("\u0000", 2);
            if (!kept.contains(ends[0]) || !kept.contains(ends[1])) {
                continue;
            }
            long max = 0;
            for (long b : e.getValue()) {
                max = Math.max(max, b);
            }
            if (max > bestInBytes.getOrDefault(ends[1], -1L) || (max == bestInBytes.get(ends[1]) && e.getKey().compareTo(bestIn.get(ends[1])) < 0)) {
                bestIn.put(ends[1], e.getKey());
                bestInBytes.put(ends[1], max);
            }
            long[] source = cumulative.get(ends[0]);
            boolean enough = false;
            for (int i = 0; i < m; i++) {
                enough |= source[i] > 0 && (double) e.getValue()[i] / source[i] >= options.minEdgeFraction();
            }
            if (enough) {
                keptEdges.put(e.getKey(), e.getValue());
            }
        }
        bestIn.values().forEach(k -> keptEdges.putIfAbsent(k, edges.get(k)));
        // Kept nodes whose callers were all dropped: a dotted edge keeps them attached.
        Set<String> hasKeptIn = new LinkedHashSet<>();
        Set<String> hasIn = new LinkedHashSet<>();
        for (String k : keptEdges.keySet()) {
            hasKeptIn.add(k.split("\u0000", 2)[1]);
        }
        for (String k : edges.keySet()) {
            hasIn.add(k.split("\u0000", 2)[1]);
        }
        List<String> dotted = new ArrayList<>();
        for (String n : kept) {
            if (hasIn.contains(n) && !hasKeptIn.contains(n)) {
                dotted.add(n);
            }
        }
        // Chains: A -> B where A has one kept edge out, B one kept edge in, and A allocates next to nothing.
        Map<String, List<String>> outs = new HashMap<>();
        Map<String, List<String>> ins = new HashMap<>();
        for (String k : keptEdges.keySet()) {
            String[] ends = k.split("\u0000", 2);
            outs.computeIfAbsent(ends[0], x -> new ArrayList<>()).add(ends[1]);
            ins.computeIfAbsent(ends[1], x -> new ArrayList<>()).add(ends[0]);
        }
        Map<String, String> next = new HashMap<>();
        Set<String> merged = new LinkedHashSet<>();
        if (options.collapse()) {
            for (String a : kept) {
                List<String> o = outs.getOrDefault(a, List.of());
                if (o.size() == 1 && !a.equals(ROOT) && maxShare(local.get(a)) < options.minNodeFraction()) {
                    String b = o.get(0);
                    if (ins.getOrDefault(b, List.of()).size() == 1 && !dotted.contains(b)) {
                        next.put(a, b);
                        merged.add(b);
                    }
                }
            }
        }
        List<List<String>> chains = new ArrayList<>();
        for (String n : kept) {
            if (merged.contains(n)) {
                continue; // it hangs under its chain's head
            }
            List<String> chain = new ArrayList<>();
            for (String x = n; x != null && chain.size() <= kept.size(); x = next.get(x)) {
                chain.add(x);
            }
            chains.add(chain);
        }
        chains.sort(Comparator.comparing((List<String> c) -> !c.get(0).equals(ROOT)).thenComparing(c -> c.get(0)));
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            boxes.add(new Box("n" + (i + 1), List.copyOf(chains.get(i))));
        }
        // Edges inside a chain are drawn by the box itself.
        Map<String, long[]> between = new TreeMap<>();
        for (Map.Entry<String, long[]> e : keptEdges.entrySet()) {
            String[] ends = e.getKey().split("\u0000", 2);
            if (!ends[1].equals(next.get(ends[0]))) {
                between.put(e.getKey(), e.getValue());
            }
        }
        return new Layout(boxes, between, dotted, cumulative.size(), kept.size(), droppedLocal);
    }

    /** Writes the graph as graphviz DOT. */
    public void writeDotFile(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeDot(w);
        }
    }

    public void writeDot(Writer w) throws IOException {
        new FlowGraphDot(this).write(w);
    }

    /** Whether graphviz's {@code dot} can be run. */
    public static boolean dotInstalled() {
        try {
            Process p = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Cumulative bytes per moment of a node (line, method or class name), or null. */
    public long[] cumulativeOf(String node) {
        long[] c = cumulative.get(node);
        return c == null ? null : c.clone();
    }

    public long[] localOf(String node) {
        long[] l = local.get(node);
        return l == null ? null : l.clone();
    }

    /** Bytes per moment on the edge from {@code caller} to {@code callee}, or null. */
    public long[] edge(String caller, String callee) {
        long[] e = edges.get(caller + "\u0000" + callee);
        return e == null ? null : e.clone();
    }
}
