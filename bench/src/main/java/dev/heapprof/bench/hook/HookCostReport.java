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
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("no agent", null);
        configs.put("agent, nothing sampled (interval=1g)", agent + ",interval=1g,live=false");
        configs.put("agent, default interval (512k)", agent);
        configs.put("agent, every allocation sampled", agent + ",interval=0,live=false");

        Map<String, Map<String, double[]>> results = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : configs.entrySet()) {
            String include = c.getKey().startsWith("agent, every") ? "deepAllocation" : "escapingAllocation|scalarReplaceable";
            OptionsBuilder builder = new OptionsBuilder();
            builder.include(HookBenchmark.class.getName() + ".(" + include + ")").forks(1).addProfiler("gc");
            if (c.getValue() != null) {
                builder.jvmArgsAppend(c.getValue());
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
        System.out.printf("%-40s %-20s %14s %12s%n", "JVM", "benchmark", "ns/op", "bytes/op");
        results.forEach((config, byBenchmark) -> byBenchmark.forEach((name, v) ->
                System.out.printf("%-40s %-20s %8.2f ± %4.2f %12.1f%n", config, name, v[0], v[1], v[2])));
        double base = results.get("no agent").get("escapingAllocation")[0];
        double hooked = results.get("agent, nothing sampled (interval=1g)").get("escapingAllocation")[0];
        double perSample = results.get("agent, every allocation sampled").get("deepAllocation")[0];
        System.out.printf("%nhook common path: %.2f ns per allocation (%.2f with the agent - %.2f without)%n", hooked - base, hooked, base);
        System.out.printf("sampled path at depth 64: %.2f us per sample (every allocation sampled, live=false)%n", perSample / 1000);
        System.out.printf("escape-analysis distortion: %.1f bytes/op without the agent, %.1f with it at 512k%n",
                results.get("no agent").get("scalarReplaceable")[2], results.get("agent, default interval (512k)").get("scalarReplaceable")[2]);
    }
}
