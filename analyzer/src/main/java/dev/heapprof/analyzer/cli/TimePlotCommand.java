package dev.heapprof.analyzer.cli;

import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.plot.TimePlot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heapprof timeplot BASE}: memory over time, as a picture. */
@Command(usageHelpWidth = 120, name = "timeplot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Memory over time as a picture (PNG or SVG), per line of code if you name lines.", "",
            "Without lines: live bytes over time and the JVM's own heap after each GC, GCs and marks as ticks.",
            "With --line: three rows on one time axis: the total; the bytes through each line (cumulative: every trace",
            "through the line counts, once); each line's share of the total. With --top K: the K allocation lines holding",
            "the most at the peak, stacked, with an \"others\" band, so the areas add up to the total."},
        footer = {"", "Examples:", "  heapprof timeplot out/app -o memory.png",
            "  heapprof timeplot out/app --line cache=SessionCache.java:35 --line parser=com.acme.Parser.read:42 -o lines.svg",
            "  heapprof timeplot out/app --top 5 -o top.png --csv top.csv",
            "", "Lines are named as a Java developer writes them: Foo.java:42, com/acme/Foo.java:42, com.acme.Foo.bar:42 or",
            "com.acme.Foo.bar(Foo.java:42). A name that matches nothing, or several lines, lists the closest candidates."})
final class TimePlotCommand implements Callable<Integer> {
    @Mixin
    ProfileArgument profile;

    @Option(names = "--line", paramLabel = "LABEL=LINE", description = "A line of code to plot, with its label in the legend (repeatable).")
    List<String> lines;

    @Option(names = "--top", paramLabel = "K", description = "Stack the K allocation lines holding the most at the peak.")
    Integer top;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "PNG (default) or SVG (a name ending in .svg). Default: BASE-timeplot.png.")
    Path output;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the plotted numbers, every snapshot, as CSV.")
    Path csv;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1200x800", description = "Picture size in pixels. Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--show", description = "Open an interactive window (drag to zoom) instead of writing a picture; needs a display.")
    boolean show;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (lines != null && top != null) {
            throw new HeapprofCli.UsageException("--line and --top draw different plots: choose one");
        }
        int[] wh = parseSize(size);
        Map<String, String> named = new LinkedHashMap<>();
        if (lines != null) {
            for (String l : lines) {
                int eq = l.indexOf('=');
                if (eq <= 0 || eq == l.length() - 1) {
                    throw new HeapprofCli.UsageException("--line takes LABEL=LINE, as in cache=SessionCache.java:35, not '" + l + "'");
                }
                if (named.put(l.substring(0, eq), l.substring(eq + 1)) != null) {
                    throw new HeapprofCli.UsageException("the label '" + l.substring(0, eq) + "' is used twice");
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Profile p = profile.open(spec.commandLine().getErr())) {
            TimePlot plot = top != null ? p.timePlotTop(top) : named.isEmpty() ? p.timePlot() : p.timePlot(named);
            if (csv != null) {
                OutputFile.write(csv, plot::writeCsv);
                out.printf("%s: %,d snapshots%n", csv, plot.times().length);
            }
            if (show) {
                plot.show();
                return 0;
            }
            Path file = OutputFile.write(output != null ? output : Path.of(p.paths().base() + "-timeplot.png"),
                    f -> plot.write(f, wh[0], wh[1]));
            out.printf("%s: %s, %dx%d%n", file, plot, wh[0], wh[1]);
            return 0;
        }
    }

    static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(parts[0].strip());
            int h = Integer.parseInt(parts[1].strip());
            if (parts.length == 2 && w >= 200 && h >= 150 && w <= 10_000 && h <= 10_000) {
                return new int[] {w, h};
            }
        } catch (RuntimeException e) {
            // fall through
        }
        throw new HeapprofCli.UsageException("--size takes WIDTHxHEIGHT in pixels, 200x150 to 10000x10000, not '" + text + "'");
    }
}
