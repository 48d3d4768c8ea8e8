package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.format.GcInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import testprograms.DropsAndKeeps;

/** Dropped objects get FREE events in the GC that collected them; retained ones do not. */
class AgentDeathsIT {
    private static final String PROGRAM = DropsAndKeeps.class.getName();

    @TempDir
    Path dir;


    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void droppedObjectsDieInAGcAndKeptOnesDoNot(Path jdk) throws Exception {
        Path base = dir.resolve("not-yet-there/deaths"); // the agent creates missing directories
        ForkedRun.Result r = ForkedRun.run(jdk, "file=" + base + ",interval=0", List.of(), PROGRAM);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        RecordedProfile p = new RecordedProfile(base);
        String dropped = PROGRAM + "$Dropped";
        String kept = PROGRAM + "$Kept";

        List<RecordedProfile.Alloc> droppedAllocs = p.allocsAt(PROGRAM, "drop");
        assertThat(droppedAllocs).hasSize(DropsAndKeeps.COUNT).allMatch(a -> a.trace().allocatedType().equals(dropped));
        List<RecordedProfile.Free> droppedFrees = p.freesAt(PROGRAM, "drop");
        assertThat(droppedFrees).hasSize(DropsAndKeeps.COUNT);
        assertThat(p.freesAt(PROGRAM, "keep")).isEmpty();
        assertThat(p.allocsAt(PROGRAM, "keep")).hasSize(DropsAndKeeps.COUNT).allMatch(a -> a.trace().allocatedType().equals(kept));

        // Each FREE names a GC that the file records, ends no earlier than that GC, and carries its
        // allocation's time and size.
        Set<Long> gcIds = p.gcs.stream().map(GcInfo::id).collect(Collectors.toSet());
        assertThat(p.gcs).isNotEmpty();
        assertThat(p.gcs).anyMatch(gc -> gc.cause().contains("System.gc"));
        Set<Long> allocTimes = droppedAllocs.stream().map(RecordedProfile.Alloc::time).collect(Collectors.toSet());
        for (RecordedProfile.Free f : droppedFrees) {
            assertThat(gcIds).contains(f.gcId());
            GcInfo gc = p.gcs.stream().filter(g -> g.id() == f.gcId()).findFirst().orElseThrow();
            assertThat(f.time()).isGreaterThanOrEqualTo(gc.endNanos());
            assertThat(allocTimes).contains(f.allocTime());
            assertThat(f.size()).isEqualTo(droppedAllocs.get(0).size());
        }
        assertThat(p.marks).containsExactly("after-gc");
        assertThat(p.counters).isNotEmpty();
        assertThat(p.counters.get(p.counters.size() - 1)[1]).isPositive();
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void theExitLineSaysWhenTrackingKeepsHumongousArraysInG1(Path jdk) throws Exception {
        String program = testprograms.ChurnsLargeArrays.class.getName();
        List<String> g1 = List.of("-XX:+UseG1GC", "-XX:G1HeapRegionSize=2m", "-Xmx256m");
        ForkedRun.Result tracked = ForkedRun.run(jdk, "file=" + dir.resolve("g1"), g1, program);
        assertThat(tracked.exitCode()).as(tracked.stderr()).isZero();
        // At the default interval an array of 3 MiB is sampled with probability 1 - exp(-6), 99.8%.
        assertThat(summary(tracked)).containsPattern("tracked, [0-9,]+ GCs? \\(([3-4][0-9]) humongous arrays of [0-9]+ MiB sampled, which G1 frees only"
                + " in a concurrent cycle while they are tracked; live=false avoids it\\)");

        ForkedRun.Result untracked = ForkedRun.run(jdk, "file=" + dir.resolve("nolive") + ",live=false", g1, program);
        assertThat(summary(untracked)).doesNotContain("humongous");
        ForkedRun.Result serial = ForkedRun.run(jdk, "file=" + dir.resolve("serial"), List.of("-XX:+UseSerialGC", "-Xmx256m"), program);
        assertThat(serial.exitCode()).as(serial.stderr()).isZero();
        assertThat(summary(serial)).containsPattern("[0-9,]+ objects? tracked").doesNotContain("humongous");
    }

    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void underGenerationalZgcDeathsAreTrackedOnlyWhenAskedAndTheExitLineSaysWhy(Path jdk) throws Exception {
        String program = testprograms.ChurnsYoungObjects.class.getName();
        List<String> zgc = List.of("-XX:+UseZGC", "-Xmx256m");
        ForkedRun.Result byDefault = ForkedRun.run(jdk, "file=" + dir.resolve("zgc"), zgc, program);
        ForkedRun.Result asked = ForkedRun.run(jdk, "file=" + dir.resolve("zgc-live") + ",live=true", zgc, program);
        assertThat(byDefault.exitCode()).as(byDefault.stderr()).isZero();
        assertThat(asked.exitCode()).as(asked.stderr()).isZero();
        assertThat(byDefault.stdout()).isEqualTo("churned\n");
        if (ForkedRun.feature(jdk) >= 24) { // ZGC has only its generational mode from JDK 24 on
            assertThat(summary(byDefault)).doesNotContain("tracked,").contains("; deaths not tracked: generational ZGC clears weak"
                    + " references only when it collects its old generation, and tracking would keep each sampled object until then"
                    + " (live=true tracks them anyway);");
            RecordedProfile p = new RecordedProfile(dir.resolve("zgc"));
            assertThat(p.allocs).isNotEmpty();
            assertThat(p.frees).isEmpty();
            assertThat(p.metadata.header().properties()).containsEntry("live", "false (generational ZGC; live=true tracks deaths anyway)");
            assertThat(summary(asked)).containsPattern("\\(generational ZGC reported the death of [0-9,]+ of the [0-9,]+ tracked objects?: it clears"
                    + " weak references only when it collects its old generation, so the profile shows the others as live\\)");
        } else {
            assertThat(summary(byDefault)).containsPattern("[0-9,]+ objects? tracked").doesNotContain("generational");
            assertThat(summary(asked)).doesNotContain("generational");
            assertThat(new RecordedProfile(dir.resolve("zgc")).metadata.header().properties()).containsEntry("live", "true");
        }
        ForkedRun.Result g1 = ForkedRun.run(jdk, "file=" + dir.resolve("g1"), List.of("-XX:+UseG1GC", "-Xmx256m"), program);
        assertThat(summary(g1)).containsPattern("[0-9,]+ objects? tracked").doesNotContain("generational");
    }

    private static String summary(ForkedRun.Result r) {
        return r.stderr().lines().filter(l -> l.matches("heapprof: [0-9,]+ samples?, .*")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in:\n" + r.stderr()));
    }
}
