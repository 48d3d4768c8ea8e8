package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTailTest {
    @TempDir
    Path dir;

    /** Many blocks (a flush every 1,000 events), over 1 MiB: the tail is read from the end only. */
    private Path writeLog(int events) throws Exception {
        Path file = dir.resolve("p.hpd");
        try (EventLogWriter writer = EventLogWriter.create(file, TestFiles.eventsHeader(0), 8, null, false)) {
            for (int i = 1; i <= events; i++) {
                writer.alloc(i * 1_000L, i % 97 + 1, 24 + i % 1000, 1);
                if (i % 1_000 == 0) {
                    writer.flush();
                }
            }
            writer.mark(events * 1_000L + 5, "end");
        }
        return file;
    }

    private static long[] fullRead(Path file) throws Exception {
        try (EventLogReader reader = EventLogReader.open(file)) {
            reader.readAll(new EventVisitor() {});
            return new long[] {reader.position(), reader.lastBlockCrc()};
        }
    }

    @Test
    void theTailOfALongLogAgreesWithReadingItAll() throws Exception {
        Path file = writeLog(400_000);
        assertThat(Files.size(file)).isGreaterThan(1 << 20);
        long[] full = fullRead(file);
        EventLogReader.Tail tail = EventLogReader.tail(file);
        assertThat(tail.endOffset()).isEqualTo(full[0]).isEqualTo(Files.size(file));
        assertThat(tail.lastBlockCrc()).isEqualTo((int) full[1]);
        assertThat(tail.lastEventNanos()).isEqualTo(400_000L * 1_000 + 5);
    }

    @Test
    void aCutLogEndsAtItsLastCompleteBlock() throws Exception {
        Path file = writeLog(50_000);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100), StandardOpenOption.TRUNCATE_EXISTING);
        long[] full = fullRead(file);
        EventLogReader.Tail tail = EventLogReader.tail(file);
        assertThat(tail.endOffset()).isEqualTo(full[0]).isLessThan(bytes.length - 100);
        assertThat(tail.lastBlockCrc()).isEqualTo((int) full[1]);
        assertThat(tail.lastEventNanos()).isEqualTo(49_000L * 1_000);
    }

    @Test
    void anEmptyLogHasNoEvents() throws Exception {
        Path file = dir.resolve("e.hpd");
        try (EventLogWriter writer = EventLogWriter.create(file, TestFiles.eventsHeader(0), 8, null, false)) {
            writer.flush();
        }
        EventLogReader.Tail tail = EventLogReader.tail(file);
        assertThat(tail.lastEventNanos()).isZero();
        assertThat(tail.endOffset()).isEqualTo(fullRead(file)[0]);
    }

    @Test
    void aLimitStopsReadingAtAFixedPoint() throws Exception {
        Path file = writeLog(10_000);
        long afterNineBlocks;
        try (EventLogReader reader = EventLogReader.open(file)) {
            for (int i = 0; i < 9; i++) {
                reader.readBlock(new EventVisitor() {});
            }
            afterNineBlocks = reader.position();
        }
        // As if the tail had been taken when the writer had flushed nine blocks: the rest is not read.
        try (EventLogReader reader = EventLogReader.open(file)) {
            reader.limitTo(afterNineBlocks);
            long[] count = {0};
            reader.readAll(new EventVisitor() {
                @Override
                public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
                    count[0]++;
                }
            });
            assertThat(count[0]).isEqualTo(9_000);
            assertThat(reader.position()).isEqualTo(afterNineBlocks);
        }
    }
}
