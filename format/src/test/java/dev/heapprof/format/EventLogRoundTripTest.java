package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogRoundTripTest {
    @TempDir
    Path dir;

    private List<Event> readAll(Path file) throws IOException {
        try (EventLogReader reader = EventLogReader.open(file)) {
            List<Event> events = new ArrayList<>();
            reader.iterator().forEachRemaining(events::add);
            return events;
        }
    }

    @Test
    void everyKindRoundTripsIncludingExtremeValues() throws IOException {
        Path file = dir.resolve("e.hpd");
        long big = Long.MAX_VALUE / 2;
        GcInfo gc = new GcInfo(big, "ZGC", "Allocation Stall", big - 10, big, big, 1, big);
        try (EventLogWriter writer = EventLogWriter.create(file, TestFiles.eventsHeader(0), 8, null, false)) {
            writer.alloc(10, 1, 16, 3);
            writer.alloc(20, Long.MAX_VALUE, 1_000_003, Long.MAX_VALUE);
            writer.alloc(30, 2, 1L << 40, 3);
            writer.free(40, 1, 16, 10, 0);
            writer.free(50, 2, 7, 50, 12345);
            writer.mark(60, "phase \"two\"");
            writer.counter(70, Long.MAX_VALUE);
            writer.gc(gc);
            writer.free(big, 9, 24, 0, big);
        }
        List<Event> events = readAll(file);
        assertThat(events).extracting(Event::kind).containsExactly(Event.Kind.ALLOC, Event.Kind.ALLOC, Event.Kind.ALLOC,
                Event.Kind.FREE, Event.Kind.FREE, Event.Kind.MARK, Event.Kind.COUNTER, Event.Kind.GC, Event.Kind.FREE);
        assertThat(events.get(1).traceId()).isEqualTo(Long.MAX_VALUE);
        assertThat(events.get(1).threadId()).isEqualTo(Long.MAX_VALUE);
        assertThat(events.get(1).size()).isEqualTo(1_000_003);
        assertThat(events.get(2).size()).isEqualTo(1L << 40);
        assertThat(events.get(3).size()).isEqualTo(-16);
        assertThat(events.get(3).lifetimeNanos()).isEqualTo(30);
        assertThat(events.get(4).gcId()).isEqualTo(12345);
        assertThat(events.get(4).size()).isEqualTo(-7);
        assertThat(events.get(5).label()).isEqualTo("phase \"two\"");
        assertThat(events.get(6).totalAllocatedBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(events.get(7).gcInfo()).isEqualTo(gc);
        assertThat(events.get(8).gcId()).isEqualTo(big);
        assertThat(events.get(8).allocTimeNanos()).isZero();
    }

    @Test
    void timeGoingBackwardsStartsANewBlockAndLosesNothing() throws IOException {
        Path file = dir.resolve("e.hpd");
        try (EventLogWriter writer = EventLogWriter.create(file, TestFiles.eventsHeader(0), 8, null, false)) {
            writer.alloc(1_000, 1, 16, 1);
            writer.alloc(500, 2, 16, 2);
            writer.alloc(2_000, 3, 16, 1);
        }
        assertThat(readAll(file)).extracting(Event::timeNanos).containsExactly(1_000L, 500L, 2_000L);
        assertThat(readAll(file)).extracting(Event::threadId).containsExactly(1L, 2L, 1L);
    }

    @Test
    void scaleFactorAndAbsoluteTimeFollowTheModel() throws IOException {
        Path file = dir.resolve("e.hpd");
        long interval = 512 * 1024;
        try (EventLogWriter writer = EventLogWriter.create(file, TestFiles.eventsHeader(interval), 8, null, false)) {
            writer.alloc(1_500_000_000L, 1, 1024, 1);
        }
        Event e = readAll(file).get(0);
        double p = 1 - Math.exp(-1024.0 / interval);
        assertThat(e.scaleFactor()).isCloseTo(1 / p, within(1e-6));
        assertThat(e.timestampSeconds()).isCloseTo(1_700_000_001.5, within(1e-6));
        assertThat(SamplingWeights.scaleFactor(1024, 0)).isEqualTo(1.0);
    }

    @Test
    void metadataIsFlushedBeforeEveryEventBlock() throws IOException {
        ProfilePaths paths = new ProfilePaths(dir.resolve("run"));
        try (MetadataWriter hpm = MetadataWriter.create(paths.metadata(), TestFiles.header(0), false);
                EventLogWriter hpd = EventLogWriter.create(paths.events(), TestFiles.eventsHeader(0), 8, hpm, false)) {
            long trace = hpm.trace("T", List.of(new Frame("C", "m", "C.java", 1)), false);
            hpd.alloc(5, trace, 16, 1);
            hpd.flush();
            // No close yet: what a kill -9 would leave behind must already resolve.
            ProfileMetadata meta = MetadataReader.read(paths.metadata());
            assertThat(meta.hasTrace(trace)).isTrue();
            assertThat(readAll(paths.events())).hasSize(1);
        }
    }

    @Test
    void eventsSurviveTheLossOfTheHeaderBlock() throws IOException {
        Path file = dir.resolve("e.hpd");
        try (EventLogWriter writer = EventLogWriter.create(file, TestFiles.eventsHeader(4096), 8, null, false)) {
            writer.alloc(10, 1, 64, 3);
        }
        TestFiles.flipBit(file, FormatConstants.PROLOGUE_SIZE + FormatConstants.BLOCK_HEADER_SIZE + 5, 1);
        try (EventLogReader reader = EventLogReader.open(file)) {
            List<Event> events = new ArrayList<>();
            reader.iterator().forEachRemaining(events::add);
            assertThat(reader.header()).isNull();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).scaleFactor()).isCloseTo(SamplingWeights.scaleFactor(64, 4096), within(1e-9));
            assertThat(reader.report().corruptBlocks()).isEqualTo(1);
        }
    }

    @Test
    void writerRejectsImpossibleEvents() throws IOException {
        try (EventLogWriter writer = EventLogWriter.create(dir.resolve("e.hpd"), TestFiles.eventsHeader(0), 8, null, false)) {
            assertThatThrownBy(() -> writer.alloc(-1, 1, 16, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.free(10, 1, 16, 20, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void visitorPathDeliversTheSameEventsAsTheIterator() throws IOException {
        Path file = dir.resolve("e.hpd");
        try (EventLogWriter writer = EventLogWriter.create(file, TestFiles.eventsHeader(0), 8, null, false)) {
            for (int i = 0; i < 100_000; i++) {
                writer.alloc(i * 10L, i % 97, 16 + 8 * (i % 300), i % 4);
            }
        }
        long[] sum = new long[2];
        try (EventLogReader reader = EventLogReader.open(file)) {
            long n = reader.readAll(new EventVisitor() {
                @Override
                public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
                    sum[0] += sizeBytes;
                    sum[1] += traceId;
                }
            });
            assertThat(n).isEqualTo(100_000);
            assertThat(reader.report().blocksRead()).isGreaterThan(3);
        }
        List<Event> events = readAll(file);
        assertThat(events.stream().mapToLong(Event::size).sum()).isEqualTo(sum[0]);
        assertThat(events.stream().mapToLong(Event::traceId).sum()).isEqualTo(sum[1]);
    }
}
