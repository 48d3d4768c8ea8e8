package dev.heapprof.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.format.EventLogReader;
import dev.heapprof.format.EventVisitor;
import dev.heapprof.format.GcInfo;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticEventStreamTest {
    // Enough for several GCs in both modes (EXACT collects every ~400,000 events).
    private static final int EVENTS = 1_000_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SyntheticEventStream.Mode.class)
    void sameSeedSameStream(SyntheticEventStream.Mode mode) {
        SyntheticEventStream a = SyntheticEventStream.generate(mode, EVENTS, 7);
        SyntheticEventStream b = SyntheticEventStream.generate(mode, EVENTS, 7);
        assertThat(Sums.of(b)).isEqualTo(Sums.of(a));
        for (int i = 0; i < EVENTS; i++) {
            assertThat(b.kind(i)).isEqualTo(a.kind(i));
            assertThat(b.timeNanos(i)).isEqualTo(a.timeNanos(i));
            assertThat(b.traceId(i)).isEqualTo(a.traceId(i));
            assertThat(b.sizeBytes(i)).isEqualTo(a.sizeBytes(i));
            assertThat(b.aux(i)).isEqualTo(a.aux(i));
        }
        assertThat(Sums.of(SyntheticEventStream.generate(mode, EVENTS, 8))).isNotEqualTo(Sums.of(a));
    }

    @ParameterizedTest
    @EnumSource(SyntheticEventStream.Mode.class)
    void roundTripsThroughWriterAndReader(SyntheticEventStream.Mode mode) throws IOException {
        SyntheticEventStream stream = SyntheticEventStream.generate(mode, EVENTS, 7);
        Path file = dir.resolve(mode + ".hpd");
        stream.writeFile(file);

        Sums read = new Sums();
        try (EventLogReader reader = EventLogReader.open(file)) {
            assertThat(reader.readAll(read)).isEqualTo(EVENTS);
            assertThat(reader.report().isClean()).as("read report: %s", reader.report()).isTrue();
        }
        assertThat(read).isEqualTo(Sums.of(stream));
        assertThat(read.decreases).isZero();
    }

    @ParameterizedTest
    @EnumSource(SyntheticEventStream.Mode.class)
    void timesNeverDecreaseAndEveryKindOccurs(SyntheticEventStream.Mode mode) {
        SyntheticEventStream stream = SyntheticEventStream.generate(mode, EVENTS, 11);
        Sums sums = Sums.of(stream);
        assertThat(sums.decreases).isZero();
        assertThat(stream.events()).isEqualTo(EVENTS);
        assertThat(sums.allocs).isPositive();
        assertThat(sums.gcs).isGreaterThanOrEqualTo(2);
        assertThat(sums.counters).isBetween(EVENTS / 1_500L, EVENTS / 500L);
        // Most samples die young, so FREEs are roughly as frequent as ALLOCs.
        assertThat((double) sums.frees / sums.allocs).isBetween(0.8, 1.0);
    }

    @Test
    void sizesAndTracesFollowTheModel() {
        SyntheticEventStream exact = SyntheticEventStream.generate(SyntheticEventStream.Mode.EXACT, EVENTS, 3);
        long small = 0;
        long allocs = 0;
        for (int i = 0; i < EVENTS; i++) {
            if (exact.kind(i) == SyntheticEventStream.ALLOC) {
                allocs++;
                assertThat(exact.sizeBytes(i) % 8).isZero();
                assertThat(exact.traceId(i)).isBetween(1L, 2_000L);
                small += exact.sizeBytes(i) <= 64 ? 1 : 0;
            }
        }
        assertThat((double) small / allocs).isBetween(0.88, 0.92);
        // Sampling by bytes favours big objects: the sampled mix has far fewer small ones.
        assertThat(Distributions.meanSize(StreamGenerator.sizeTable(SyntheticEventStream.Mode.SAMPLED)))
                .isGreaterThan(10 * Distributions.meanSize(StreamGenerator.sizeTable(SyntheticEventStream.Mode.EXACT)));
    }

    /** Counts and sums per kind, from a stream or from a reader; equal iff they agree on every field. */
    static final class Sums implements EventVisitor {
        long allocs, allocBytes, allocTraces, allocThreads, allocTimes;
        long frees, freeBytes, freeTraces, freeAllocTimes, freeGcIds, freeTimes;
        long gcs, gcIds, gcEnds, counters, counterBytes;
        long lastTime, decreases;

        static Sums of(SyntheticEventStream s) {
            Sums sums = new Sums();
            for (int i = 0; i < s.events(); i++) {
                switch (s.kind(i)) {
                    case SyntheticEventStream.ALLOC -> sums.alloc(s.timeNanos(i), s.traceId(i), s.sizeBytes(i), s.aux(i));
                    case SyntheticEventStream.FREE -> sums.free(s.timeNanos(i), s.traceId(i), s.sizeBytes(i), s.aux(i), s.gcId(i));
                    case SyntheticEventStream.GC -> sums.gc(s.gcInfo(i));
                    default -> sums.counter(s.timeNanos(i), s.aux(i));
                }
            }
            return sums;
        }

        private void at(long time) {
            decreases += time < lastTime ? 1 : 0;
            lastTime = time;
        }

        @Override
        public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
            at(timeNanos);
            allocs++;
            allocBytes += sizeBytes;
            allocTraces += traceId;
            allocThreads += threadId;
            allocTimes += timeNanos;
        }

        @Override
        public void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) {
            at(timeNanos);
            frees++;
            freeBytes += sizeBytes;
            freeTraces += traceId;
            freeAllocTimes += allocTimeNanos;
            freeGcIds += gcId;
            freeTimes += timeNanos;
        }

        @Override
        public void gc(GcInfo gc) {
            at(gc.endNanos());
            gcs++;
            gcIds += gc.id();
            gcEnds += gc.endNanos();
        }

        @Override
        public void counter(long timeNanos, long totalAllocatedBytes) {
            at(timeNanos);
            counters++;
            counterBytes += totalAllocatedBytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sums s && java.util.Arrays.equals(fields(), s.fields());
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(fields());
        }

        private long[] fields() {
            return new long[] {allocs, allocBytes, allocTraces, allocThreads, allocTimes, frees, freeBytes, freeTraces,
                freeAllocTimes, freeGcIds, freeTimes, gcs, gcIds, gcEnds, counters, counterBytes};
        }

        @Override
        public String toString() {
            return java.util.Arrays.toString(fields());
        }
    }
}
