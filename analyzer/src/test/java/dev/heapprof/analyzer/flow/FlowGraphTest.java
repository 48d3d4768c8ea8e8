package dev.heapprof.analyzer.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heapprof.analyzer.LineName;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.ProfileFixture;
import dev.heapprof.analyzer.digest.DigestOptions;
import dev.heapprof.analyzer.digest.DigestProgress;
import dev.heapprof.format.Frame;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class FlowGraphTest {
    @TempDir
    static Path dir;
    static Path base;

    static final Frame MAIN = ProfileFixture.frame("com.acme.Main", "main", "Main.java", 10);
    static final Frame RUN = ProfileFixture.frame("com.acme.Main", "run", "Main.java", 20);
    static final Frame WALK = ProfileFixture.frame("com.acme.Tree", "walk", "Tree.java", 30);
    static final Frame LEAF = ProfileFixture.frame("com.acme.Tree", "leaf", "Tree.java", 40);
    static final Frame CACHE = ProfileFixture.frame("com.acme.Cache<K>", "put&get", "Cache.java", 7);
    static final Frame WORKER = ProfileFixture.frame("com.acme.Worker", "loop", "Worker.java", 5);
    static final Frame TINY = ProfileFixture.frame("com.acme.Tiny", "bit", "Tiny.java", 1);

    @BeforeAll
    static void record() throws IOException {
        base = dir.resolve("p");
        try (ProfileFixture p = ProfileFixture.create(base, 0)) {
            long recursive = p.trace("int[]", LEAF, WALK, WALK, WALK, RUN, MAIN); // walk three times
            long cache = p.trace("java.util.Map<K,V>", CACHE, RUN, MAIN);
            long worker = p.trace("byte[]", WORKER);                        // another thread: a second root
            long tiny = p.trace("byte[]", TINY, RUN, MAIN);                  // below 1%: dropped
            p.alloc(1, recursive, 4_000).alloc(2, cache, 3_000).alloc(3, worker, 2_950).alloc(4, tiny, 50);
            p.alloc(100_000_000L, cache, 5_000);
        }
    }

    private static FlowGraph graph(FlowGraph.Options options, double... at) throws IOException {
        try (Profile p = Profile.open(base, new DigestOptions(50_000_000L, 0), DigestProgress.NONE, false)) {
            List<dev.heapprof.analyzer.HeapSnapshot> moments = new java.util.ArrayList<>();
            for (double t : at) {
                moments.add(p.snapshotAt(t));
            }
            return p.flowGraph(moments, options);
        }
    }

    private static String dot(FlowGraph g) throws IOException {
        StringWriter w = new StringWriter();
        g.writeDot(w);
        return w.toString();
    }

    @Test
    void localCumulativeAndEdgesFollowTheModelWithRecursionCountedOnce() throws IOException {
        FlowGraph g = graph(FlowGraph.Options.DEFAULT, 0.06);
        String walk = LineName.of(WALK);
        assertThat(g.cumulativeOf(walk)).containsExactly(4_000);
        assertThat(g.localOf(walk)).containsExactly(0);
        assertThat(g.localOf(LineName.of(LEAF))).containsExactly(4_000);
        assertThat(g.cumulativeOf(LineName.of(RUN))).containsExactly(7_050);
        assertThat(g.edge(LineName.of(RUN), walk)).containsExactly(4_000);
        assertThat(g.edge(walk, walk)).isNull(); // the recursion is one box, not a loop
        // Two entry points (main and the worker thread): a program root above them.
        assertThat(g.cumulativeOf(FlowGraph.ROOT)).containsExactly(10_000);
        assertThat(g.edge(FlowGraph.ROOT, LineName.of(WORKER))).containsExactly(2_950);
        // Bytes in = local + bytes out, for every node off the recursion.
        String run = LineName.of(RUN);
        long out = g.edge(run, walk)[0] + g.edge(run, LineName.of(CACHE))[0] + g.edge(run, LineName.of(TINY))[0];
        assertThat(g.edge(LineName.of(MAIN), run)[0]).isEqualTo(g.localOf(run)[0] + out);
    }

    @Test
    void theDotIsDeterministicEscapedAndMergesChains() throws IOException {
        String first = dot(graph(FlowGraph.Options.DEFAULT, 0.06));
        String second = dot(graph(FlowGraph.Options.DEFAULT, 0.06));
        assertThat(first).isEqualTo(second);
        // HTML-like labels escape &, <, >; tooltips are DOT strings (quotes and backslashes escaped).
        assertThat(first).contains(">Cache&lt;K&gt;.put&amp;get(Cache.java:7)").doesNotContain(">Cache<K>");
        // Boxes show names without the package; tooltips give them whole.
        assertThat(first).contains("tooltip=\"com.acme.Cache<K>.put&get(Cache.java:7)");
        // main -> run is one-to-one and allocates nothing at main: one box, main above run.
        assertThat(first).contains("Main.main(Main.java:10)<br align=\"left\"/>Main.run(Main.java:20)");
        // The tiny line is dropped, and the legend says what was not shown.
        assertThat(first).doesNotContain("Tiny.java").contains("allocated at lines not shown");
        assertThat(first).contains("LOCAL / CUMULATIVE");
        assertThat(first).contains("tooltip=");
    }

    @Test
    void comparingMomentsGivesOneCellPerMoment() throws IOException {
        String dot = dot(graph(FlowGraph.Options.DEFAULT, 0.06, 0.2));
        // The cache line grows from 3,000 to 8,000 bytes of 10,000 then 15,000.
        assertThat(dot).contains("2.93 KiB / 2.93 KiB = 30%").contains("7.81 KiB / 7.81 KiB = 53%");
        assertThat(dot).contains("2.93 KiB / 7.81 KiB"); // an edge label with one figure per moment
    }

    @Test
    void groupingByMethodOrClassMergesLines() throws IOException {
        FlowGraph byClass = graph(new FlowGraph.Options(FlowGraph.Group.clazz, 0.01, 0.05, true, true), 0.06);
        assertThat(byClass.cumulativeOf("com.acme.Tree")).containsExactly(4_000);
        assertThat(byClass.localOf("com.acme.Tree")).containsExactly(4_000);
        FlowGraph byMethod = graph(new FlowGraph.Options(FlowGraph.Group.method, 0.01, 0.05, true, true), 0.06);
        assertThat(byMethod.cumulativeOf("com.acme.Main.run")).containsExactly(7_050);
    }

    @Test
    void everyDotFileRendersWithoutAWarning() throws Exception {
        assumeTrue(dotInstalled(), "graphviz's dot is not installed");
        for (FlowGraph.Options o : List.of(FlowGraph.Options.DEFAULT, new FlowGraph.Options(FlowGraph.Group.method, 0, 0, false, false),
                new FlowGraph.Options(FlowGraph.Group.clazz, 0.3, 0.5, true, true))) {
            Path file = dir.resolve("flow-" + o.group() + "-" + o.minNodeFraction() + ".dot");
            graph(o, 0.06, 0.2).writeDotFile(file);
            Process p = new ProcessBuilder("dot", "-Tsvg", "-o", file + ".svg", file.toString()).redirectErrorStream(true).start();
            String messages = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(messages).isZero();
            assertThat(messages).as("dot's warnings for %s", file).isEmpty();
            assertThat(Files.readString(Path.of(file + ".svg"))).contains("<svg").contains("<title>");
        }
    }

    @Test
    void colorsGoFromBlueToRed() {
        assertThat(FlowGraphDot.color(0)).isEqualTo("#2c7bb6");
        assertThat(FlowGraphDot.color(1)).isEqualTo("#d7191c");
        assertThat(FlowGraphDot.color(7)).isEqualTo("#d7191c");
    }

    public static boolean dotInstalled() {
        return FlowGraph.dotInstalled();
    }
}
