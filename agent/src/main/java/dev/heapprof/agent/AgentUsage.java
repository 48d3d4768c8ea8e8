package dev.heapprof.agent;

import java.io.PrintStream;
import java.util.List;

/**
 * What the agent prints for {@code -javaagent:heapprof.jar=help} and for {@code java -jar
 * heapprof.jar}: how to attach it and every option with its default. The same table, in more
 * words, is in docs/agent.md; a test keeps the three (this, {@link AgentOptions}, the docs) in step.
 */
public final class AgentUsage {
    /** One option: its key, what its value is, its default and what it does. */
    record Row(String key, String value, String byDefault, String meaning) {}

    static final List<Row> OPTIONS = List.of(
            new Row(AgentOptions.FILE, "BASE", AgentOptions.DEFAULT_FILE,
                    "writes BASE.hpm and BASE.hpd; %p = pid, %t = start time (yyyyMMdd-HHmmss)"),
            new Row(AgentOptions.INTERVAL, "BYTES", "512k", "mean bytes between samples, per thread (suffix k, m, g); 0 = every allocation"),
            new Row(AgentOptions.SEED, "N", "random", "the same seed gives the same samples for the same allocations"),
            new Row(AgentOptions.DEPTH, "N", Integer.toString(AgentOptions.DEFAULT_DEPTH),
                    "most frames per stack, 1 to " + AgentOptions.MAX_DEPTH + "; a deeper one is marked truncated"),
            new Row(AgentOptions.INCLUDE, "PATTERNS", "everything", "classes to weave, ':' between patterns, e.g. com.acme.*:org.foo.Bar"),
            new Row(AgentOptions.EXCLUDE, "PATTERNS", "nothing", "classes not to weave; wins over include"),
            new Row(AgentOptions.LIVE, "BOOL", "true", "record deaths of samples (FREE events); off by default under generational ZGC"),
            new Row(AgentOptions.FLUSH, "DURATION", "1s", "longest an event stays in memory, 10ms to 10m: what a kill -9 can lose"),
            new Row(AgentOptions.LOG, "WHERE", "stderr", "the agent's messages: stderr, none or a file, one line each"),
            new Row(AgentOptions.CACHE, "DIR", "~/.cache/heapprof", "woven classes kept between runs ($XDG_CACHE_HOME/heapprof if set), or off"));

    private AgentUsage() {}

    /** {@code java -jar heapprof.jar}: the usage, since the jar is not a program of its own. */
    public static void main(String[] args) {
        print(System.out);
    }

    public static void print(PrintStream out) {
        String version = AgentUsage.class.getPackage().getImplementationVersion();
        out.println("heapprof agent" + (version == null ? "" : " " + version) + ": samples a Java program's allocations, with their stacks and deaths.");
        out.println();
        out.println("Usage: java -javaagent:path/to/heapprof.jar[=OPTIONS] [JVM options] MAIN-CLASS|-jar APP.jar [args]");
        out.println("  OPTIONS are key=value pairs separated by commas; without them, the defaults below.");
        out.println("  Keep the jar's name heapprof.jar: its manifest puts it on the boot class path by that name.");
        out.println();
        out.println("Options:");
        int width = 0;
        int defaults = 0;
        for (Row r : OPTIONS) {
            width = Math.max(width, r.key().length() + 1 + r.value().length());
            defaults = Math.max(defaults, r.byDefault().length());
        }
        String row = "  %-" + width + "s  %-" + defaults + "s  %s%n";
        out.printf(row, "key=VALUE", "default", "what it does");
        for (Row r : OPTIONS) {
            out.printf(row, r.key() + "=" + r.value(), r.byDefault(), r.meaning());
        }
        out.printf(row, "help", "", "this text; the JVM then exits");
        out.println();
        out.println("Example:");
        out.println("  java -javaagent:heapprof.jar=file=out/run-%p,interval=256k -jar app.jar");
        out.println("  heapprof info out/run-12345 && heapprof timeplot out/run-12345 -o memory.png");
        out.println();
        out.println("At exit the agent prints one line: samples, coverage, tracked objects, classes woven, bytes written.");
        out.println("More: docs/agent.md (options, what is recorded, costs), docs/format.md (the files).");
    }
}
