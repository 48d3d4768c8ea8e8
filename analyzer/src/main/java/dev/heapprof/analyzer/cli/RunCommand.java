package dev.heapprof.analyzer.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof run [options] -- java ...}: runs a Java command with the agent attached. */
@Command(usageHelpWidth = 120, name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a Java program with the agent attached: records a profile.", "",
            "Runs a Java command with the heapprof agent attached, then says where the profile is and what to run next.",
            "Everything after -- is the command, as you would type it; its output, input and exit code are its own."},
        footer = {"", "Examples:", "  heapprof run -- java -jar app.jar --port 8080",
            "  heapprof run --file out/app --interval 64k -- java -cp app.jar com.acme.Main",
            "  heapprof run --interval 0 -- java -cp build/classes Tiny     exact mode: every allocation recorded",
            "", "The same as: java -javaagent:<heapprof.jar>=file=BASE,interval=... <the rest of the command>",
            "Agent options: docs/agent.md."})
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "BASE", defaultValue = "heapprof-%p",
            description = "File base of the profile: BASE.hpm and BASE.hpd; %%p becomes the pid, %%t the start time. Default: ${DEFAULT-VALUE}.")
    String file;

    @Option(names = "--interval", paramLabel = "BYTES", description = "Mean bytes between samples (k, m, g suffixes); 0 records every allocation. Agent default: 512k.")
    String interval;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sampling, for reproducible samples.")
    String seed;

    @Option(names = "--depth", paramLabel = "FRAMES", description = "Deepest stack recorded. Agent default: 128.")
    String depth;

    @Option(names = "--include", paramLabel = "GLOBS", description = "Only weave classes matching these patterns (':'-separated, e.g. com.acme.*).")
    String include;

    @Option(names = "--exclude", paramLabel = "GLOBS", description = "Never weave classes matching these patterns.")
    String exclude;

    @Option(names = "--no-live", description = "Do not track deaths (no FREE events): a little cheaper, live bytes unknown.")
    boolean noLive;

    @Option(names = "--flush", paramLabel = "DURATION", description = "Longest time an event stays in memory before it is written. Agent default: 1s.")
    String flush;

    @Option(names = {"-A", "--agent-option"}, paramLabel = "KEY=VALUE", description = "Any other agent option (repeatable).")
    List<String> extra = new ArrayList<>();

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The Java command to run, after --: java [jvm options] class|-jar jar [args].")
    List<String> command;

    @Spec
    CommandSpec spec;

    String agentOptions() {
        List<String> o = new ArrayList<>();
        o.add("file=" + file);
        add(o, "interval", interval);
        add(o, "seed", seed);
        add(o, "depth", depth);
        add(o, "include", include);
        add(o, "exclude", exclude);
        add(o, "flush", flush);
        if (noLive) {
            o.add("live=false");
        }
        for (String e : extra) {
            if (!e.contains("=")) {
                throw new HeapprofCli.UsageException("-A takes KEY=VALUE, not '" + e + "'");
            }
            o.add(e);
        }
        for (String option : o) {
            if (option.indexOf(',') >= 0) {
                throw new HeapprofCli.UsageException("agent option values cannot contain ',': " + option);
            }
        }
        return String.join(",", o);
    }

    private static void add(List<String> options, String key, String value) {
        if (value != null) {
            options.add(key + "=" + value);
        }
    }

    private void checkLauncher() {
        String launcher = Path.of(command.get(0)).getFileName().toString();
        if (!launcher.equals("java") && !launcher.equals("java.exe")) {
            throw new HeapprofCli.UsageException("heapprof run expects a java command after --, as in: heapprof run -- java -jar app.jar"
                    + " (got '" + command.get(0) + "')");
        }
    }

    /** The command with {@code -javaagent} inserted right after the java launcher. */
    List<String> commandWithAgent(Path agentJar) {
        checkLauncher();
        List<String> full = new ArrayList<>();
        full.add(command.get(0));
        full.add("-javaagent:" + agentJar + "=" + agentOptions());
        full.addAll(command.subList(1, command.size()));
        return full;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        checkLauncher();
        agentOptions();
        List<String> full = commandWithAgent(Installation.agentJar());
        Process process = new ProcessBuilder(full).inheritIO().start();
        int exit = process.waitFor();
        String base = file.replace("%p", Long.toString(process.pid()));
        Path hpd = Path.of(base + ".hpd");
        if (Files.exists(hpd)) {
            String shown = base.contains(" ") ? "'" + base + "'" : base;
            err.printf("heapprof: the program exited with %d; profile %s.hpm and %s.hpd (%,d bytes of events)%n", exit, base, base, Files.size(hpd));
            err.printf("heapprof: next: heapprof info %s%n          heapprof top %s%n          heapprof top %s --at end --group method%n",
                    shown, shown, shown);
        } else if (base.contains("%t")) {
            err.printf("heapprof: the program exited with %d; the profile's name has the start time in place of %%t: %s%n", exit,
                    Path.of(base).toAbsolutePath().getParent() + File.separator);
        } else {
            err.printf("heapprof: the program exited with %d and no profile was written at %s (see the agent's messages above)%n", exit, hpd);
        }
        err.flush();
        return exit;
    }
}
