package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.ByteUnits;
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
            "(examples/README.md), under the agent; digests the profile; prints what info and top find, and the files written."},
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
        try (Profile p = Profile.open(base)) {
            out.printf("%n== digested: %,d snapshots every %.0f ms%n", p.snapshotCount(), p.snapshotIntervalNanos() / 1e6);
        }
        out.printf("%n== heapprof info %s%n", base);
        out.flush();
        int code = HeapprofCli.execute(new String[] {"info", base.toString()}, out, err);
        for (String at : List.of("peak", "end")) {
            out.printf("%n== heapprof top %s --at %s -n 8%n", base, at);
            out.flush();
            code = Math.max(code, HeapprofCli.execute(new String[] {"top", base.toString(), "--at", at, "-n", "8"}, out, err));
        }
        out.printf("%n== files written:%n");
        for (Path f : Installation.filesStartingWith(base.getParent(), base.getFileName().toString())) {
            out.printf("   %s  (%s)%n", f, ByteUnits.format(Files.size(f)));
        }
        out.printf("%nNext: heapprof top %s --at peak --group method; heapprof dump %s | head; docs/cli.md%n", base, base);
        return code;
    }
}
