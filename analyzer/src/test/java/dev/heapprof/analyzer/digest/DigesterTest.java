package dev.heapprof.analyzer.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.heapprof.analyzer.ProfileFixture;
import dev.heapprof.format.DigestReader;
import dev.heapprof.format.ProfilePaths;
import dev.heapprof.format.SamplingWeights;
import dev.heapprof.format.Snapshot;
import dev.heapprof.format.TraceUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigesterTest {
    @TempDir
    Path dir;

    private static List<Snapshot> read(ProfilePaths paths) throws IOException {
        try (DigestReader r = DigestReader.open(paths.digest())) {
            List<Snapshot> all = new ArrayList<>();
            for (int k = 0; k < r.snapshotCount(); k++) {
                all.add(r.snapshot(k));
            }
            return all;
        }
    }

    private static long live(Snapshot s, long trace) {
        TraceUsage u = s.usageOf(trace);
        return u == null ? 0 : u.liveBytes();
    }

    @Test
    void snapshotKStandsForKTimesTheIntervalAndTheEndIsKept() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("a"), 0)) {
            long one = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "one", "A.java", 10));
            long two = p.trace("int[]", ProfileFixture.frame("com.acme.A", "two", "A.java", 20));
            p.alloc(10, one, 100).alloc(20, two, 50).free(35, one, 100, 10, 1);
            paths = p.paths();
        }
        DigestSummary summary = Digester.digest(paths, new DigestOptions(10, 0), DigestProgress.NONE);
        List<Snapshot> s = read(paths);

        // Times 0, 10, 20, 30, then the end (35): the event at exactly 10 belongs to snapshot 1.
        assertThat(s).extracting(Snapshot::timeNanos).containsExactly(0L, 10L, 20L, 30L, 35L);
        assertThat(s).extracting(Snapshot::index).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(s).extracting(Snapshot::liveBytes).containsExactly(0L, 100L, 150L, 150L, 50L);
        assertThat(s).extracting(Snapshot::allocatedBytes).containsExactly(0L, 100L, 50L, 0L, 0L);
        assertThat(live(s.get(4), 1)).isZero();
        assertThat(live(s.get(4), 2)).isEqualTo(50);
        // The interval (30, 35] began at 150 bytes: its peak.
        assertThat(s.get(4).peakLiveBytes()).isEqualTo(150);
        assertThat(summary.complete()).isTrue();
        assertThat(summary.snapshots()).isEqualTo(5);
        assertThat(summary.events()).isEqualTo(3);
        assertThat(summary.peakLiveBytes()).isEqualTo(150);
        assertThat(summary.peakTimeNanos()).isEqualTo(20);
    }

    @Test
    void aRunShorterThanTheIntervalHasItsStartAndItsEnd() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("short"), 0)) {
            long t = p.trace("java.lang.String", ProfileFixture.frame("com.acme.A", "run", "A.java", 5));
            p.alloc(1_000_000, t, 24).alloc(4_000_000, t, 24);
            paths = p.paths();
        }
        Digester.digest(paths, new DigestOptions(60_000_000_000L, 0), DigestProgress.NONE);
        List<Snapshot> s = read(paths);
        assertThat(s).extracting(Snapshot::timeNanos).containsExactly(0L, 4_000_000L);
        assertThat(s.get(1).liveBytes()).isEqualTo(48);
        assertThat(s.get(1).liveMilliObjects()).isEqualTo(2_000);
    }

    @Test
    void aFreeInTheFirstIntervalLeavesNothingLiveButCountsTheAllocation() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("first"), 0)) {
            long t = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "run", "A.java", 5));
            p.alloc(1, t, 100).free(2, t, 100, 1, 1).alloc(25, t, 8);
            paths = p.paths();
        }
        Digester.digest(paths, new DigestOptions(10, 0), DigestProgress.NONE);
        List<Snapshot> s = read(paths);
        assertThat(s).extracting(Snapshot::timeNanos).containsExactly(0L, 10L, 20L, 25L);
        assertThat(s.get(1).liveBytes()).isZero();
        assertThat(s.get(1).allocatedBytes()).isEqualTo(100);
        assertThat(s.get(1).peakLiveBytes()).isEqualTo(100);
        assertThat(s.get(1).peakTimeNanos()).isEqualTo(1);
        assertThat(s.get(3).liveBytes()).isEqualTo(8);
    }

    @Test
    void pruningFoldsTheSmallestTracesIntoOtherWithoutLosingAByte() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("prune"), 0)) {
            long big = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "big", "A.java", 1));
            long small1 = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "small1", "A.java", 2));
            long small2 = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "small2", "A.java", 3));
            long medium = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "medium", "A.java", 4));
            p.alloc(1, big, 9_700).alloc(2, small1, 50).alloc(3, small2, 50).alloc(4, medium, 200);
            paths = p.paths();
        }
        Digester.digest(paths, new DigestOptions(10, 0.01), DigestProgress.NONE);
        Snapshot end = read(paths).get(1);
        // 1% of 10,000 bytes: the two 50-byte traces fold (100 bytes); the next, 200, would exceed it.
        assertThat(end.traces()).extracting(TraceUsage::traceId).containsExactly(0L, 1L, 4L);
        assertThat(live(end, 0)).isEqualTo(100);
        assertThat(end.liveBytes()).isEqualTo(10_000).isEqualTo(end.traces().stream().mapToLong(TraceUsage::liveBytes).sum());
        assertThat(end.allocatedBytes()).isEqualTo(10_000);
    }

    @Test
    void oneDominatingTraceIsNeverFolded() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("dominant"), 0)) {
            long only = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "only", "A.java", 1));
            p.alloc(1, only, 1_000_000);
            paths = p.paths();
        }
        Digester.digest(paths, new DigestOptions(10, 0.5), DigestProgress.NONE);
        Snapshot end = read(paths).get(1);
        assertThat(end.traces()).extracting(TraceUsage::traceId).containsExactly(1L);
        assertThat(end.liveBytes()).isEqualTo(1_000_000);
    }

    @Test
    void samplesAreWeightedByTheirProbability() throws IOException {
        long interval = 512 * 1024;
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("sampled"), interval)) {
            long t = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "run", "A.java", 5));
            p.alloc(5, t, 1_000).alloc(6, t, 4_000_000);
            paths = p.paths();
        }
        Digester.digest(paths, new DigestOptions(10, 0), DigestProgress.NONE);
        Snapshot end = read(paths).get(1);
        double expectedBytes = 1_000 * SamplingWeights.scaleFactor(1_000, interval) + 4_000_000 * SamplingWeights.scaleFactor(4_000_000, interval);
        double expectedObjects = SamplingWeights.scaleFactor(1_000, interval) + SamplingWeights.scaleFactor(4_000_000, interval);
        assertThat((double) end.liveBytes()).isCloseTo(expectedBytes, within(1.0));
        assertThat(end.liveMilliObjects() / 1000.0).isCloseTo(expectedObjects, within(0.001));
    }

    @Test
    void theDefaultIntervalGivesBetween500And1000Snapshots() {
        for (long duration : new long[] {3_000_000L, 1_000_000_000L, 6_000_000_000L, 90_000_000_000L, 7_200_000_000_000L}) {
            long interval = DigestOptions.DEFAULT.intervalFor(duration);
            assertThat(duration / interval).as("duration %d ns, interval %d ns", duration, interval).isBetween(500L, 1000L);
        }
        // A run too short for that still gets at least a microsecond's resolution.
        assertThat(DigestOptions.DEFAULT.intervalFor(0)).isEqualTo(1_000);
    }

    @Test
    void intervalsAndPrecisionsAreValidated() {
        assertThatThrownBy(() -> new DigestOptions(-1, 0.01)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new DigestOptions(0, 0.7)).hasMessageContaining("between 0 and 0.5");
        assertThatThrownBy(() -> new DigestOptions(0, Double.NaN)).hasMessageContaining("precision");
        assertThatThrownBy(() -> new DigestOptions(1, 0).intervalFor(60_000_000_000L))
                .hasMessageContaining("60 s run").hasMessageContaining("at most 1,000,000");
    }

    @Test
    void anInterruptedDigestLeavesAValidPartialOne() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("interrupted"), 0)) {
            long t = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "run", "A.java", 5));
            for (int block = 0; block < 20; block++) {
                for (int i = 0; i < 100; i++) {
                    p.alloc(block * 1_000L + i, t, 16);
                }
                p.flush();
            }
            paths = p.paths();
        }
        int[] blocks = {0};
        DigestSummary summary = Digester.digest(paths, new DigestOptions(100, 0), (done, total) -> ++blocks[0] < 5);
        assertThat(summary.complete()).isFalse();
        try (DigestReader r = DigestReader.open(paths.digest())) {
            assertThat(r.isComplete()).isFalse();
            assertThat(r.snapshotCount()).isEqualTo(summary.snapshots()).isPositive();
            // Five blocks of events, up to time 4,099: snapshots up to time 4,000 were written.
            assertThat(r.snapshot(r.snapshotCount() - 1).timeNanos()).isEqualTo(4_000);
            assertThat(r.snapshot(0).index()).isZero();
        }
    }

    @Test
    void anUnmatchedFreeIsCountedAndIgnored() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("unmatched"), 0)) {
            long t = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "run", "A.java", 5));
            p.free(5, t, 100, 1, 1).alloc(6, t, 10);
            paths = p.paths();
        }
        DigestSummary summary = Digester.digest(paths, new DigestOptions(10, 0), DigestProgress.NONE);
        assertThat(summary.unmatchedFrees()).isEqualTo(1);
        assertThat(read(paths).get(1).liveBytes()).isEqualTo(10);
    }

    @Test
    void theHeapAfterTheLastGcIsCarried() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("gc"), 0)) {
            long t = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "run", "A.java", 5));
            p.alloc(1, t, 10).gc(1, 12, 15, 5_000, 3_000).alloc(25, t, 10);
            paths = p.paths();
        }
        Digester.digest(paths, new DigestOptions(10, 0), DigestProgress.NONE);
        assertThat(read(paths)).extracting(Snapshot::heapUsedAfterLastGc).containsExactly(-1L, -1L, 3_000L, 3_000L);
    }

    @Test
    void progressReachesTheEnd() throws IOException {
        ProfilePaths paths;
        try (ProfileFixture p = ProfileFixture.create(dir.resolve("progress"), 0)) {
            long t = p.trace("byte[]", ProfileFixture.frame("com.acme.A", "run", "A.java", 5));
            p.alloc(1, t, 10).flush().alloc(2, t, 10);
            paths = p.paths();
        }
        long[] last = {0, 0};
        Digester.digest(paths, DigestOptions.DEFAULT, (done, total) -> {
            last[0] = done;
            last[1] = total;
            return true;
        });
        assertThat(last[0]).isEqualTo(last[1]).isPositive();
    }
}
