package dev.heapprof.bench.hook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Measures the agent's hook with {@link HookBenchmark} in three JVMs: without the agent, with it at
 * an interval so large that nothing is sampled (the common path), and sampling every allocation
 * (the sampled path, 64 frames deep). It also reports bytes allocated per operation ({@code -prof gc})
 * for the scalar-replaceable loop without and with the agent at its default interval: the
 * escape-analysis distortion.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.heapprof.bench.hook.HookCostReport agent/target/heapprof.jar</pre>
 */
public final class HookCostReport {
    private HookCostReport() {}

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        Path jar = Path.of(args.length > 0 ? args[0] : "agent/target/heapprof.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            System.err.println("no agent jar at " + jar + "; build it with ./mvnw -B -q install -DskipTests");
            System.exit(2);
        }
        Path out = Files.createTempDirectory("heapprof-hook");
        String agent = "-javaagent:" + jar + "=log=none,file=" + out.resolve("p");
        String none = "no agent";
        String idle = "agent, nothing sampled (interval=1g)";
        String standard = "agent, default interval (512k)";
        String frequent = "agent, interval=16k";
        Map<String, String[]> configs = new LinkedHashMap<>();
        configs.put(none, new String[] {null, "escapingAllocation|scalarReplaceable|deepAllocation"});
        configs.put(idle, new String[] {agent + ",interval=1g,live=false", "escapingAllocation|scalarReplaceable"});
        configs.put(standard, new String[] {agent, "escapingAllocation|scalarReplaceable"});
        configs.put(frequent, new String[] {agent + ",interval=16k", "deepAllocation"});

        Map<String, Map<String, double[]>> results = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> c : configs.entrySet()) {
            OptionsBuilder builder = new OptionsBuilder();
            builder.include(HookBenchmark.class.getName() + ".(" + c.getValue()[1] + ")").forks(1).addProfiler("gc");
            if (c.getValue()[0] != null) {
                builder.jvmArgsAppend(c.getValue()[0]);
            }
            Options options = builder.build();
            Collection<RunResult> run = new Runner(options).run();
            Map<String, double[]> byBenchmark = new LinkedHashMap<>();
            for (RunResult r : run) {
                String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
                double ns = r.getPrimaryResult().getScore();
                double err = r.getPrimaryResult().getScoreError();
                double bytes = r.getSecondaryResults().containsKey("gc.alloc.rate.norm")
                        ? r.getSecondaryResults().get("gc.alloc.rate.norm").getScore() : Double.NaN;
                byBenchmark.put(name, new double[] {ns, err, bytes});
            }
            results.put(c.getKey(), byBenchmark);
        }

        System.out.println();
        System.out.printf("%-40s %-20s %18s %10s%n", "JVM", "benchmark", "ns/op", "bytes/op");
        results.forEach((config, byBenchmark) -> byBenchmark.forEach((name, v) ->
                System.out.printf("%-40s %-20s %9.2f ± %6.2f %10.1f%n", config, name, v[0], v[1], v[2])));
        double base = results.get(none).get("escapingAllocation")[0];
        double hooked = results.get(idle).get("escapingAllocation")[0];
        System.out.printf("%nhook common path: %.2f ns per allocation (%.2f with the agent - %.2f without)%n", hooked - base, hooked, base);
        // deepAllocation allocates one 24-byte object (HookBenchmark.Point) per operation: at a 16 KiB
        // interval it is sampled with probability p = 1 - exp(-24/16384), so the extra time per
        // operation, less the common path, divided by p is the sampled path's cost on the program's thread.
        double p = -Math.expm1(-24.0 / 16384);
        double deepBase = results.get(none).get("deepAllocation")[0];
        double deepSampled = results.get(frequent).get("deepAllocation")[0];
        System.out.printf("sampled path at depth 64, on the allocating thread: %.2f us per sample (%.1f ns/op - %.1f ns/op without the agent, p = %.5f)%n",
                (deepSampled - deepBase - (hooked - base)) / p / 1000, deepSampled, deepBase, p);
        System.out.printf("escape-analysis distortion (scalar-replaceable allocation): %.1f bytes/op without the agent, %.1f nothing sampled, %.1f at 512k%n",
                results.get(none).get("scalarReplaceable")[2], results.get(idle).get("scalarReplaceable")[2],
                results.get(standard).get("scalarReplaceable")[2]);
    }
}
