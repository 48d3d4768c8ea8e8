package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader running while the agent appends sees a consistent prefix: whole blocks, in order, nothing invented. */
class ConcurrentReadTest {
    @TempDir
    Path dir;

    @Test
    void readerOfAFileBeingWrittenSeesAConsistentPrefix() throws Exception {
        ProfilePaths paths = new ProfilePaths(dir.resolve("live"));
        int total = 200_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (MetadataWriter hpm = MetadataWriter.create(paths.metadata(), TestFiles.header(0), false);
                    EventLogWriter hpd = EventLogWriter.create(paths.events(), TestFiles.eventsHeader(0), 8, hpm, false)) {
                for (int i = 0; i < total; i++) {
                    long trace = hpm.trace("T", List.of(new Frame("C", "m", "C.java", i % 500 + 1)), false);
                    hpd.alloc(i, trace, 8 * (i % 100 + 1), 1);
                    if (i % 1000 == 0) {
                        hpd.flush();
                        Thread.sleep(1);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.set(true);
            }
        });
        writer.start();
        int reads = 0;
        long lastSeen = 0;
        while (!done.get()) {
            if (paths.events().toFile().exists() && paths.metadata().toFile().exists()) {
                long seen = readPrefix(paths);
                assertThat(seen).isGreaterThanOrEqualTo(lastSeen);
                lastSeen = seen;
                reads++;
            }
        }
        writer.join();
        assertThat(failure.get()).isNull();
        assertThat(reads).as("reads while the writer ran").isPositive();
        assertThat(readPrefix(paths)).isEqualTo(total);
    }

    /** Reads whatever is there; checks every event against what the writer wrote at that index. */
    private static long readPrefix(ProfilePaths paths) throws IOException {
        long[] count = {0};
        try (EventLogReader reader = EventLogReader.open(paths.events())) {
            ProfileMetadata meta = MetadataReader.read(paths.metadata());
            reader.readAll(new EventVisitor() {
                @Override
                public void alloc(long t, long trace, long size, long thread) {
                    assertThat(t).isEqualTo(count[0]);
                    assertThat(size).isEqualTo(8 * (t % 100 + 1));
                    // The trace was durable before the event: metadata read after the events began has it.
                    assertThat(meta.hasTrace(trace)).as("trace %d of event %d", trace, t).isTrue();
                    count[0]++;
                }
            });
            assertThat(reader.report().problemCount()).isZero();
        }
        return count[0];
    }
}
