package dev.heapprof.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heapprof.analyzer.ProfileFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on one small, fully known profile: sampled every 64 KiB, three lines of a made-up
 * program, a GC that frees one sample, a mark, the JVM's counter and the agent's exit line. The
 * text outputs are golden files; the JSON outputs are checked field by field.
 */
class CliTest {
    @TempDir
    static Path dir;
    static Path base;

    @BeforeAll
    static void recordProfile() throws IOException {
        base = dir.resolve("app");
        try (ProfileFixture p = ProfileFixture.create(base, 64 * 1024)) {
            long parse = p.trace("byte[]", ProfileFixture.frame("com.acme.Parser", "read", "Parser.java", 42),
                    ProfileFixture.frame("com.acme.Main", "main", "Main.java", 10));
            long cache = p.trace("com.acme.Session", ProfileFixture.frame("com.acme.Cache", "put", "Cache.java", 7),
                    ProfileFixture.frame("com.acme.Main", "main", "Main.java", 12));
            long report = p.trace("java.lang.Object[]", ProfileFixture.frame("com.acme.Report", "build", "Report.java", 88),
                    ProfileFixture.frame("com.acme.Main", "main", "Main.java", 14));
            p.counter(0, 1_000_000);
            p.thread(1, "main");
            for (int i = 0; i < 10; i++) {
                p.alloc(100_000_000L * i + 1, parse, 1_048_576);
                p.alloc(100_000_000L * i + 2, cache, 48);
            }
            p.alloc(500_000_000L, report, 4_194_304);
            p.gc(1, 600_000_000L, 610_000_000L, 90_000_000, 20_000_000);
            p.free(610_000_000L, report, 4_194_304, 500_000_000L, 1);
            p.mark(700_000_000L, "phase two");
            p.counter(1_000_000_000L, 31_000_000);
            p.mark(1_000_000_000L, "heapprof:agent-allocated-bytes 5000000");
            p.mark(1_000_000_000L, "heapprof:exit 21 samples, about 24.0 MiB allocated");
        }
    }

    @Test
    void infoTellsWhatTheProfileHolds() throws IOException {
        CliRun.of("info", base.toString()).matchesGolden("info.txt", dir);
    }

    @Test
    void numbersAreWrittenTheSameInEveryLocale() throws IOException {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
            CliRun.of("info", base.toString()).matchesGolden("info.txt", dir);
            CliRun.of("stats", base.toString()).matchesGolden("stats.txt", dir);
            assertThat(Locale.getDefault(Locale.Category.FORMAT)).as("the caller's locale, restored").isEqualTo(Locale.GERMANY);
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }

    @Test
    void infoJsonHasUnitsInItsFieldNames() throws IOException {
        CliRun r = CliRun.of("info", base.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertThat(j.get("duration_s").asDouble()).isEqualTo(1.0);
        assertThat(j.get("sampling_interval_bytes").asLong()).isEqualTo(65536);
        assertThat(j.get("samples").asLong()).isEqualTo(21);
        assertThat(j.get("frees").asLong()).isEqualTo(1);
        assertThat(j.get("gcs").asLong()).isEqualTo(1);
        assertThat(j.get("traces").asLong()).isEqualTo(3);
        assertThat(j.get("jvm_allocated_bytes").asLong()).isEqualTo(30_000_000);
        assertThat(j.get("agent_allocated_bytes").asLong()).isEqualTo(5_000_000);
        assertThat(j.get("program_allocated_bytes").asLong()).isEqualTo(25_000_000);
        assertThat(j.get("peak_time_s").asDouble()).isBetween(0.9, 1.0); // the parser's buffers are never freed
        assertThat(j.get("marks")).hasSize(1);
        assertThat(j.get("marks").get(0).get("label").asText()).isEqualTo("phase two");
        assertThat(j.get("agent_exit_line").asText()).startsWith("21 samples");
        assertThat(j.get("problems")).isEmpty();
        assertThat(j.get("coverage_ratio").asDouble()).isBetween(0.5, 1.5);
        assertThat(j.get("deaths_tracked").asBoolean()).isTrue();
    }

    @Test
    void topRanksLinesAtThePeak() throws IOException {
        CliRun.of("top", base.toString()).matchesGolden("top.txt", dir);
        CliRun.of("top", base.toString(), "--by", "allocated", "--group", "type", "--at", "end").matchesGolden("top-allocated-type.txt", dir);
    }

    @Test
    void topJsonListsEntriesWithConfidenceIntervals() throws IOException {
        CliRun r = CliRun.of("top", base.toString(), "--at", "end", "--json", "-n", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertThat(j.get("at").asText()).isEqualTo("end");
        assertThat(j.get("entries")).hasSize(2);
        JsonNode first = j.get("entries").get(0);
        assertThat(first.get("name").asText()).isEqualTo("com.acme.Parser.read(Parser.java:42)");
        assertThat(first.get("rank").asInt()).isEqualTo(1);
        assertThat(first.get("bytes_ci95_low").asLong()).isLessThan(first.get("bytes").asLong());
        assertThat(first.get("bytes_ci95_high").asLong()).isGreaterThan(first.get("bytes").asLong());
        assertThat(first.get("trace_ids").get(0).asLong()).isEqualTo(1);
    }

    @Test
    void statsGivesTheSizeHistogramAndASuggestion() throws IOException {
        CliRun.of("stats", base.toString()).matchesGolden("stats.txt", dir);
        CliRun r = CliRun.of("stats", base.toString(), "--json");
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertThat(j.get("buckets")).hasSize(3);
        assertThat(j.get("suggested_interval_bytes").asLong()).isPositive();
    }

    @Test
    void dumpPrintsEveryEvent() throws IOException {
        CliRun.of("dump", base.toString()).matchesGolden("dump.txt", dir);
        CliRun r = CliRun.of("dump", base.toString(), "--json", "--kind", "free");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode free = Json.MAPPER.readTree(lines.get(0));
        assertThat(free.get("kind").asText()).isEqualTo("free");
        assertThat(free.get("size_bytes").asLong()).isEqualTo(4_194_304);
        assertThat(free.get("alloc_time_s").asDouble()).isEqualTo(0.5);
    }

    @Test
    void digestReportsWhatItBuilt() throws IOException {
        Path copy = dir.resolve("copy");
        for (String suffix : List.of(".hpm", ".hpd")) {
            Files.copy(Path.of(base + suffix), Path.of(copy + suffix));
        }
        CliRun r = CliRun.of("digest", copy.toString(), "--interval", "100ms", "--precision", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("copy.hpc: 11 snapshots every 100 ms").contains("million events/s").contains("3 traces");
        // The views use the digest as it is now: ten intervals of 100 ms, and the end.
        CliRun top = CliRun.of("top", copy.toString(), "--at", "0.25", "--json");
        assertThat(top.out()).contains("\"time_s\" : 0.2,");
    }

    @Test
    void flamegraphWritesSpeedscopeOrFoldedStacks() throws IOException {
        Path json = dir.resolve("flames/peak.speedscope.json");
        CliRun r = CliRun.of("flamegraph", base.toString(), "--at", "end", "-o", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("peak.speedscope.json: 2 stacks"); // the report was freed before the end
        JsonNode j = Json.MAPPER.readTree(json.toFile());
        assertThat(j.get("profiles")).hasSize(2);
        Path folded = dir.resolve("flames/end.collapsedstack.txt");
        assertThat(CliRun.of("flamegraph", base.toString(), "--at", "end", "--no-type", "-o", folded.toString()).exitCode()).isZero();
        assertThat(Files.readAllLines(folded)).allSatisfy(l -> assertThat(l).matches("^[^;]+(;[^;]+)* \\d+$"))
                .anySatisfy(l -> assertThat(l).startsWith("com.acme.Main.main(Main.java:10);com.acme.Parser.read(Parser.java:42) "));
        assertOwnerOnlyAndAlone(json, folded);
    }

    /** Views name the program's classes and threads: owner-only, like the profile, and no temporary file left beside them. */
    private static void assertOwnerOnlyAndAlone(Path... files) throws IOException {
        for (Path f : files) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
            try (var siblings = Files.list(f.getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString())).as(f.getParent().toString())
                        .noneMatch(n -> n.startsWith(".heapprof-"));
            }
        }
    }

    @Test
    void timeplotDrawsTheTotalLinesOrTheTopStacked() throws IOException {
        Path png = dir.resolve("plots/total.png");
        CliRun total = CliRun.of("timeplot", base.toString(), "-o", png.toString(), "--size", "800x600");
        assertThat(total.exitCode()).as(total.err()).isZero();
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(800);
        Path svg = dir.resolve("plots/lines.svg");
        Path csv = dir.resolve("plots/lines.csv");
        CliRun lines = CliRun.of("timeplot", base.toString(), "--line", "parser=Parser.java:42", "--line", "cache=com.acme.Cache.put:7",
                "-o", svg.toString(), "--csv", csv.toString());
        assertThat(lines.exitCode()).as(lines.err()).isZero();
        assertThat(Files.readString(svg)).startsWith("<!DOCTYPE svg").contains("<svg").contains("parser").contains("cache");
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("time_s,live_bytes,heap_after_gc_bytes,parser_bytes,parser_share,cache_bytes,cache_share");
        CliRun top = CliRun.of("timeplot", base.toString(), "--top", "2", "-o", dir.resolve("plots/top.png").toString());
        assertThat(top.exitCode()).as(top.err()).isZero();
        assertThat(top.out()).contains("STACKED time plot").contains("3 series");
        assertOwnerOnlyAndAlone(png, svg, csv, dir.resolve("plots/top.png"));
    }

    @Test
    void flowgraphWritesDotAndRendersItWithGraphviz() throws Exception {
        Path dot = dir.resolve("flows/compare.dot");
        boolean graphviz = dev.heapprof.analyzer.flow.FlowGraphTest.dotInstalled();
        List<String> args = new java.util.ArrayList<>(List.of("flowgraph", base.toString(), "--at", "0.5", "--at", "end", "-o", dot.toString()));
        if (graphviz) {
            args.addAll(List.of("--render", "svg"));
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(dot)).startsWith("digraph heapprof {").contains("com.acme.Parser.read(Parser.java:42)");
        if (graphviz) {
            assertThat(r.out()).contains("compare.svg: rendered by graphviz");
            assertThat(Files.readString(dir.resolve("flows/compare.svg"))).contains("<svg");
            assertOwnerOnlyAndAlone(dir.resolve("flows/compare.svg"));
        }
        assertOwnerOnlyAndAlone(dot);
        CliRun badGroup = CliRun.of("flowgraph", base.toString(), "--group", "package", "-o", dot.toString());
        assertThat(badGroup.exitCode()).isEqualTo(2);
        assertThat(badGroup.err()).contains("line, method or class");
    }

    @Test
    void viewsNeverWriteThroughASymbolicLink() throws IOException {
        Path target = dir.resolve("precious.txt");
        Files.writeString(target, "keep me");
        Path link = dir.resolve("link.png");
        Files.createSymbolicLink(link, target);
        for (String[] args : List.of(new String[] {"timeplot", base.toString(), "-o", link.toString()},
                new String[] {"flamegraph", base.toString(), "-o", link.toString()},
                new String[] {"flowgraph", base.toString(), "-o", link.toString()})) {
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).contains("is a symbolic link");
        }
        assertThat(Files.readString(target)).isEqualTo("keep me");
    }

    @Test
    void aLineNameThatMatchesNothingListsTheClosest() {
        CliRun r = CliRun.of("timeplot", base.toString(), "--line", "x=Parser.java:43", "-o", dir.resolve("none.png").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Parser.java:43").contains("com.acme.Parser.read(Parser.java:42)");
        CliRun both = CliRun.of("timeplot", base.toString(), "--line", "x=Parser.java:42", "--top", "3");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("choose one");
        assertThat(CliRun.of("timeplot", base.toString(), "--line", "noequals").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("timeplot", base.toString(), "--size", "huge").err()).contains("WIDTHxHEIGHT");
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        CliRun noCommand = CliRun.of();
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).startsWith("heapprof: a command is required");

        CliRun badMoment = CliRun.of("top", base.toString(), "--at", "soon");
        assertThat(badMoment.exitCode()).isEqualTo(2);
        assertThat(badMoment.err().lines().toList()).hasSize(2);
        assertThat(badMoment.err()).contains("'soon' is not a moment").contains("Try 'heapprof top --help'");

        CliRun badBy = CliRun.of("top", base.toString(), "--by", "size");
        assertThat(badBy.exitCode()).isEqualTo(2);
        assertThat(badBy.err()).contains("live, allocated, objects");

        CliRun badInterval = CliRun.of("digest", base.toString(), "--interval", "fast");
        assertThat(badInterval.exitCode()).isEqualTo(2);
        assertThat(badInterval.err()).contains("'fast' is not a duration").doesNotContain("Exception");

        CliRun badCount = CliRun.of("top", base.toString(), "-n", "0");
        assertThat(badCount.exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingProfileIsAFailureNamingTheFile() {
        CliRun r = CliRun.of("info", dir.resolve("nothing-here").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("heapprof: ").contains("nothing-here.hpd").contains("no events file");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void aCutProfileIsReadAsFarAsItGoesWithANote() throws IOException {
        Path cut = dir.resolve("cut");
        for (String suffix : List.of(".hpm", ".hpd")) {
            Files.copy(Path.of(base + suffix), Path.of(cut + suffix));
        }
        byte[] events = Files.readAllBytes(Path.of(cut + ".hpd"));
        Files.write(Path.of(cut + ".hpd"), java.util.Arrays.copyOf(events, events.length - 7));
        CliRun r = CliRun.of("info", cut.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("heapprof: note: ").contains("after the last complete block");
        assertThat(r.out()).contains("no exit line from the agent");
    }

    @Test
    void aDamagedHeaderIsAFailureNamingFileAndOffset() throws IOException {
        Path bad = dir.resolve("bad");
        Files.copy(Path.of(base + ".hpm"), Path.of(bad + ".hpm"));
        byte[] events = Files.readAllBytes(Path.of(base + ".hpd"));
        events[8] ^= 0x55; // the header block's length field
        Files.write(Path.of(bad + ".hpd"), events);
        CliRun r = CliRun.of("info", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("bad.hpd at byte 8").contains("header block is damaged");
    }

    @Test
    void helpTeachesWithExamplesAndVersionSaysWhichOne() {
        for (String command : List.of("run", "digest", "info", "top", "stats", "dump", "timeplot", "flowgraph", "flamegraph", "demo")) {
            CliRun r = CliRun.of(command, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).as(command).contains("Usage: heapprof " + command).contains("Examples:");
        }
        CliRun v = CliRun.of("--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).startsWith("heapprof ").contains("Java ");
    }

    @Test
    void runInsertsTheAgentAfterTheLauncher() {
        RunCommand run = new RunCommand();
        run.file = "out/app";
        run.interval = "64k";
        run.noLive = true;
        run.command = List.of("/usr/bin/java", "-Xmx1g", "-jar", "app.jar", "--port", "80");
        assertThat(run.commandWithAgent(Path.of("/opt/heapprof.jar"))).containsExactly("/usr/bin/java",
                "-javaagent:/opt/heapprof.jar=file=out/app,interval=64k,live=false", "-Xmx1g", "-jar", "app.jar", "--port", "80");
        run.command = List.of("python3", "app.py");
        CliRun notJava = CliRun.of("run", "--", "python3", "app.py");
        assertThat(notJava.exitCode()).isEqualTo(2);
        assertThat(notJava.err()).contains("expects a java command after --");
    }
}
