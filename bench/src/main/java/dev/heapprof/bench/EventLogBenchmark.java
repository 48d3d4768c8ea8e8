package dev.heapprof.bench;

import dev.heapprof.format.EventLogReader;
import dev.heapprof.format.EventLogWriter;
import dev.heapprof.format.EventVisitor;
import dev.heapprof.format.GcInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through {@link EventLogWriter} and {@link EventLogReader}, one thread, on a
 * realistic stream ({@link SyntheticEventStream}). One invocation handles {@link #EVENTS} events
 * and is declared as that many operations, so JMH's ops/s are events/s.
 *
 * <p>{@code write} includes creating the file, the writer's framing and CRCs, and closing; the
 * bytes go to the page cache, never fsync'd (the agent does not sync per block either).
 * {@code read} includes opening the file and checking every block's CRC; it reads from the page
 * cache, as a reader of a just-written profile does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventLogBenchmark {
    static final int EVENTS = 1_000_000;
    static final long SEED = 42;

    @Param({"EXACT", "SAMPLED"})
    public SyntheticEventStream.Mode mode;

    private SyntheticEventStream stream;
    private Path dir;
    private Path writeTarget;
    private Path readSource;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        stream = SyntheticEventStream.generate(mode, EVENTS, SEED);
        dir = Files.createTempDirectory("heapprof-bench");
        writeTarget = dir.resolve("write.hpd");
        readSource = dir.resolve("read.hpd");
        stream.writeFile(readSource);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(writeTarget);
        Files.deleteIfExists(readSource);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long write() throws IOException {
        // replace = true: each invocation starts from an empty file (unlink + create, ~10 us).
        try (EventLogWriter writer = stream.createWriter(writeTarget)) {
            stream.writeTo(writer);
            return writer.eventCount();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long read() throws IOException {
        try (EventLogReader reader = EventLogReader.open(readSource)) {
            SummingVisitor sums = new SummingVisitor();
            long events = reader.readAll(sums);
            return events + sums.total; // returned, so JMH keeps every decoded value alive
        }
    }

    /**
     * Folds every field into one sum: cheaper per event than a Blackhole call, so the figure is
     * the reader's, yet no field can be optimized away. One class only, so calls stay monomorphic.
     */
    static final class SummingVisitor implements EventVisitor {
        long total;

        @Override
        public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
            total += timeNanos + traceId + sizeBytes + threadId;
        }

        @Override
        public void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) {
            total += timeNanos + traceId + sizeBytes + allocTimeNanos + gcId;
        }

        @Override
        public void gc(GcInfo gc) {
            total += gc.endNanos() + gc.id() + gc.heapUsedAfter();
        }

        @Override
        public void counter(long timeNanos, long totalAllocatedBytes) {
            total += timeNanos + totalAllocatedBytes;
        }
    }
}
