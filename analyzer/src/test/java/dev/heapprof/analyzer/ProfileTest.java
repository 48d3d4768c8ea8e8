package dev.heapprof.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heapprof.analyzer.digest.DigestOptions;
import dev.heapprof.analyzer.digest.DigestProgress;
import dev.heapprof.format.DigestReader;
import dev.heapprof.format.Event;
import dev.heapprof.format.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {
    @TempDir
    Path dir;

    static final Frame MAIN = ProfileFixture.frame("com.acme.Main", "main", "Main.java", 10);
    static final Frame WALK = ProfileFixture.frame("com.acme.Tree", "walk", "Tree.java", 20);
    static final Frame LEAF = ProfileFixture.frame("com.acme.Tree", "leaf", "Tree.java", 30);

    /** Exact mode, one event every 100 ms: snapshots every 100 ms make the arithmetic easy. */
    private Path record(String name) throws IOException {
        Path base = dir.resolve(name);
        try (ProfileFixture p = ProfileFixture.create(base, 0)) {
            long flat = p.trace("byte[]", LEAF, MAIN);
            long recursive = p.trace("int[]", LEAF, WALK, WALK, WALK, MAIN); // walk appears three times
            p.alloc(100_000_000L, flat, 1_000);
            p.alloc(200_000_000L, recursive, 500);
            p.free(300_000_000L, flat, 1_000, 100_000_000L, 1);
            p.mark(350_000_000L, "checkpoint");
            p.alloc(450_000_000L, recursive, 250);
        }
        return base;
    }

    private static final DigestOptions EVERY_100_MS = new DigestOptions(100_000_000L, 0);

    @Test
    void snapshotAtRoundsDownAndClampsToTheRun() throws IOException {
        try (Profile p = Profile.open(record("a"), EVERY_100_MS, DigestProgress.NONE, false)) {
            // Snapshots at 0, 0.1, 0.2, 0.3, 0.4 s, then the end: 0.45 s.
            assertThat(p.snapshots()).extracting(HeapSnapshot::timeSeconds).containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.45);
            assertThat(p.snapshotAt(0.25).timeSeconds()).isEqualTo(0.2);
            assertThat(p.snapshotAt(0.2).timeSeconds()).isEqualTo(0.2);
            assertThat(p.snapshotAt(-3).index()).isZero();
            assertThat(p.snapshotAt(0.44).timeSeconds()).isEqualTo(0.4);
            assertThat(p.snapshotAt(0.45).timeSeconds()).isEqualTo(0.45);
            assertThat(p.snapshotAt(99).timeSeconds()).isEqualTo(0.45);
            assertThat(p.snapshotAt(0.2).liveBytes()).isEqualTo(1_500);
            assertThat(p.snapshotAt(0.2).usage()).containsExactly(Map.entry(1L, 1_000L), Map.entry(2L, 500L));
            assertThat(p.peak().timeSeconds()).isEqualTo(0.2);
            assertThat(p.end().liveBytes()).isEqualTo(750);
            assertThat(p.snapshotIntervalNanos()).isEqualTo(100_000_000L);
        }
    }

    @Test
    void runInfoComesFromTheHeaderAndTheLastEvent() throws IOException {
        try (Profile p = Profile.open(record("b"))) {
            RunInfo run = p.run();
            assertThat(run.start()).isEqualTo(java.time.Instant.ofEpochSecond(0, ProfileFixture.START_EPOCH_NANOS));
            assertThat(run.durationSeconds()).isEqualTo(0.45);
            assertThat(run.end()).isEqualTo(run.start().plusMillis(450));
            assertThat(run.exactMode()).isTrue();
            assertThat(run.mainClass()).isEqualTo("com.acme.Main");
            assertThat(run.jvmVersion()).isEqualTo("17.0.99");
            assertThat(run.commandLine()).contains("--fast");
            assertThat(p.notes()).isEmpty();
        }
    }

    @Test
    void aLineCountsOnceInARecursiveTrace() throws IOException {
        try (Profile p = Profile.open(record("c"), EVERY_100_MS, DigestProgress.NONE, false)) {
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("walk", "Tree.java:20");
            lines.put("leaf", "com.acme.Tree.leaf:30");
            lines.put("main", "com.acme.Main.main(Main.java:10)");
            LineUsage u = p.lineUsage(lines);
            assertThat(u.lines()).extracting(LineUsage.Series::label).containsExactly("walk", "leaf", "main");
            assertThat(u.totalBytes()).containsExactly(0, 1_000, 1_500, 500, 500, 750);
            assertThat(u.lines().get(0).bytes()).containsExactly(0, 0, 500, 500, 500, 750); // 500, not 1,500
            assertThat(u.lines().get(1).bytes()).containsExactly(0, 1_000, 1_500, 500, 500, 750);
            assertThat(u.fractions(2)).containsExactly(0, 1, 1, 1, 1, 1);
            assertThat(u.fractions(0)[2]).isEqualTo(1.0 / 3);
            assertThatThrownBy(() -> p.lineUsage(Map.of("x", "Tree.java:99"))).isInstanceOf(UnknownLineException.class)
                    .hasMessageContaining("Tree.java:99");
        }
    }

    @Test
    void aStaleDigestIsRebuiltAndAFreshOneReused() throws IOException, InterruptedException {
        Path base = record("d");
        try (Profile p = Profile.open(base)) {
            assertThat(p.digestBuilt()).isNotNull();
        }
        try (Profile p = Profile.open(base)) {
            assertThat(p.digestBuilt()).as("reused").isNull();
        }
        // The events change (a new recording under the same name): the digest is stale.
        Files.delete(Path.of(base + ".hpd"));
        Files.delete(Path.of(base + ".hpm"));
        try (ProfileFixture f = ProfileFixture.create(base, 0)) {
            long t = f.trace("byte[]", LEAF, MAIN);
            f.alloc(1_000_000_000L, t, 64);
        }
        try (Profile p = Profile.open(base)) {
            assertThat(p.digestBuilt()).as("rebuilt").isNotNull();
            assertThat(p.end().liveBytes()).isEqualTo(64);
            assertThat(p.run().durationSeconds()).isEqualTo(1.0);
        }
    }

    @Test
    void aPartialDigestIsRebuilt() throws IOException {
        Path base = record("e");
        try (Profile p = Profile.open(base, EVERY_100_MS, (done, total) -> false, false)) {
            assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("interrupted"));
        }
        try (DigestReader r = DigestReader.open(Path.of(base + ".hpc"))) {
            assertThat(r.isComplete()).isFalse();
        }
        try (Profile p = Profile.open(base)) {
            assertThat(p.digestBuilt()).isNotNull();
            assertThat(p.digestBuilt().complete()).isTrue();
        }
    }

    @Test
    void eventsStreamFromDiskWithTheirWeights() throws IOException {
        try (Profile p = Profile.open(record("f")); Stream<Event> events = p.events()) {
            List<Event> all = events.toList();
            assertThat(all).extracting(Event::kind).containsExactly(Event.Kind.ALLOC, Event.Kind.ALLOC, Event.Kind.FREE, Event.Kind.MARK,
                    Event.Kind.ALLOC);
            assertThat(all.get(2).size()).isEqualTo(-1_000);
            assertThat(all.get(2).traceId()).isEqualTo(1);
            assertThat(all.get(0).scaleFactor()).isEqualTo(1.0);
            assertThat(all.get(0).timestampSeconds()).isEqualTo((ProfileFixture.START_EPOCH_NANOS + 100_000_000L) / 1e9);
            assertThat(all.get(3).label()).isEqualTo("checkpoint");
        }
    }

    @Test
    void tracesAreRawOrDressedWithTheirSource() throws IOException {
        Path src = dir.resolve("src/com/acme");
        Files.createDirectories(src);
        StringBuilder tree = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            tree.append(i == 30 ? "        return new byte[1000];" : "// line " + i).append('\n');
        }
        Files.writeString(src.resolve("Tree.java"), tree);
        try (Profile p = Profile.open(record("g"));
                dev.heapprof.analyzer.source.SourceLocator sources = dev.heapprof.analyzer.source.SourceLocator.open(List.of(dir.resolve("src")))) {
            assertThat(p.rawTrace(1).frames()).containsExactly(LEAF, MAIN);
            assertThat(p.rawTrace(99).isUnknown()).isTrue();
            String dressed = p.trace(1, sources).format();
            assertThat(dressed).contains("com.acme.Tree.leaf(Tree.java:30)").contains("return new byte[1000];")
                    .contains("no source");
        }
    }

    @Test
    void eventTotalsAreReadOnceAndKept() throws IOException {
        try (Profile p = Profile.open(record("totals"))) {
            EventTotals t = p.eventTotals();
            assertThat(p.eventTotals()).isSameAs(t);
            assertThat(t.samples()).isEqualTo(3);
            assertThat(t.frees()).isEqualTo(1);
            assertThat(t.marks()).extracting(EventTotals.Mark::label).containsExactly("checkpoint");
            assertThat(LineName.ofAllocation(p.rawTrace(2))).isEqualTo("com.acme.Tree.leaf(Tree.java:30)");
            assertThat(LineName.ofAllocation(p.rawTrace(0))).isNull();
        }
    }

    @Test
    void aMissingProfileNamesTheFileItLookedFor() {
        assertThatThrownBy(() -> Profile.open(dir.resolve("absent"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent.hpd").hasMessageContaining("no events file");
    }

    @Test
    void aMissingMetadataFileIsANoteAndTracesAreUnknown() throws IOException {
        Path base = record("h");
        Files.delete(Path.of(base + ".hpm"));
        try (Profile p = Profile.open(base)) {
            assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("h.hpm is missing"));
            assertThat(p.rawTrace(1).isUnknown()).isTrue();
            assertThat(p.end().liveBytes()).isEqualTo(750);
        }
    }
}
