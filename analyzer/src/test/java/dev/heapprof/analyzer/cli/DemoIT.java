package dev.heapprof.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heapprof.analyzer.LineName;
import dev.heapprof.analyzer.LineUsage;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.format.Frame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, end to end: the bundled example runs in a forked JVM (this one's java) under the built
 * agent jar, the profile is digested, and info and top, as JSON, tell its story: a spike of the
 * report's columns at the peak, the session cache's leak among the biggest at the end.
 */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void theDemoRecordsAndExplainsTheExample() throws Exception {
        CliRun demo = CliRun.of("demo", "-o", dir.toString()); // scale 1: long enough for G1 to reclaim the spike
        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("== heapprof info").contains("== heapprof top").contains("records=")
                .contains("pipeline.hpd").contains("pipeline.hpc");
        Path base = dir.resolve("pipeline");
        assertThat(Files.size(Path.of(base + ".hpd"))).isPositive();
        // Every view, for the spike and the end.
        for (String view : List.of("-timeplot.png", "-timeplot-top.png", "-timeplot-top.csv", "-flow.dot", "-flame-spike.speedscope.json",
                "-flame-end.speedscope.json")) {
            assertThat(Path.of(base + view)).as(view).isNotEmptyFile();
            assertThat(demo.out()).contains(base + view);
        }
        if (dev.heapprof.analyzer.flow.FlowGraph.dotInstalled()) {
            assertThat(Path.of(base + "-flow.svg")).isNotEmptyFile();
        }
        assertThat(demo.out()).contains("== the spike: the most live memory during the report");

        JsonNode info = Json.MAPPER.readTree(CliRun.of("info", base.toString(), "--json").out());
        assertThat(info.get("program").asText()).isEqualTo(DemoCommand.MAIN_CLASS);
        assertThat(info.get("samples").asLong()).isGreaterThan(1_000);
        assertThat(info.get("frees").asLong()).isPositive();
        assertThat(info.get("gcs").asLong()).isPositive();
        assertThat(info.get("traces").asLong()).isGreaterThan(5);
        assertThat(info.get("duration_s").asDouble()).isPositive();
        assertThat(info.get("coverage_ratio").asDouble()).as("coverage").isBetween(0.7, 1.3);
        assertThat(info.get("agent_exit_line").asText()).contains("samples");
        assertThat(info.get("problems")).isEmpty();
        assertThat(info.get("snapshots").asInt()).isBetween(500, 1001);
        List<String> marks = new ArrayList<>();
        info.get("marks").forEach(m -> marks.add(m.get("label").asText()));
        assertThat(marks).containsExactly("report: start", "report: end");
        // The spike, as the demo finds it between the marks, is the report's columns.
        try (Profile p = Profile.open(base)) {
            JsonNode spike = Json.MAPPER.readTree(CliRun.of("top", base.toString(), "--at",
                    Double.toString(DemoCommand.spikeOf(p).timeSeconds()), "--json", "-n", "10").out());
            assertThat(names(spike)).anySatisfy(n -> assertThat(n).contains("WindowColumns.<init>"));
        }

        JsonNode peak = Json.MAPPER.readTree(CliRun.of("top", base.toString(), "--at", "peak", "--json", "-n", "10").out());
        assertThat(peak.get("time_s").asDouble()).isEqualTo(info.get("peak_time_s").asDouble());
        assertThat(peak.get("entries")).isNotEmpty().hasSizeLessThanOrEqualTo(10);

        // The story over time, through the API: the report's columns come and go, the sessions only grow.
        try (Profile p = Profile.open(base)) {
            Map<String, String> lines = new LinkedHashMap<>();
            for (Frame f : p.lines().lines()) {
                if (f.className().endsWith(".WindowColumns") && f.methodName().equals("<init>")) {
                    lines.put("columns " + f.line(), LineName.of(f));
                }
                if (f.className().endsWith(".SessionCache") && f.methodName().equals("open")) {
                    lines.put("sessions " + f.line(), LineName.of(f));
                }
            }
            LineUsage usage = p.lineUsage(lines);
            long[] columns = sum(usage, "columns");
            long[] sessions = sum(usage, "sessions");
            int n = columns.length;
            long columnsPeak = java.util.Arrays.stream(columns).max().orElse(0);
            assertThat(columnsPeak).as("the spike").isGreaterThan(20L << 20);
            assertThat(columns[n - 1]).as("the spike is over at the end").isLessThan(columnsPeak / 10);
            assertThat(sessions[n - 1]).as("the leak at the end").isGreaterThan(2 * sessions[n / 4]).isGreaterThan(20L << 20);
        }

        JsonNode end = Json.MAPPER.readTree(CliRun.of("top", base.toString(), "--at", "end", "--json", "-n", "4").out());
        assertThat(names(end)).as("the biggest at the end").anySatisfy(n -> assertThat(n).contains("SessionCache.open"));
        assertThat(names(end)).noneSatisfy(n -> assertThat(n).contains("WindowColumns"));
    }

    private static long[] sum(LineUsage usage, String prefix) {
        long[] total = new long[usage.totalBytes().length];
        for (LineUsage.Series s : usage.lines()) {
            if (s.label().startsWith(prefix)) {
                for (int k = 0; k < total.length; k++) {
                    total[k] += s.bytes()[k];
                }
            }
        }
        return total;
    }

    private static List<String> names(JsonNode top) {
        List<String> names = new ArrayList<>();
        top.get("entries").forEach(e -> names.add(e.get("name").asText()));
        return names;
    }
}
