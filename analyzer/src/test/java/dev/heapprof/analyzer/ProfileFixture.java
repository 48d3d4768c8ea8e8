package dev.heapprof.analyzer;

import dev.heapprof.format.EventLogHeader;
import dev.heapprof.format.EventLogWriter;
import dev.heapprof.format.Frame;
import dev.heapprof.format.GcInfo;
import dev.heapprof.format.MetadataWriter;
import dev.heapprof.format.ObjectLayout;
import dev.heapprof.format.ProfileHeader;
import dev.heapprof.format.ProfilePaths;
import dev.heapprof.format.RunId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes small profiles for tests, as the agent would: a header, traces in the metadata, and the
 * events given. Traces are numbered from 1 in the order they are declared.
 */
public final class ProfileFixture implements AutoCloseable {
    public static final long START_EPOCH_NANOS = 1_700_000_000_000_000_000L;

    private final ProfilePaths paths;
    private final MetadataWriter hpm;
    private final EventLogWriter hpd;

    private ProfileFixture(Path base, long samplingInterval) throws IOException {
        this.paths = new ProfilePaths(base);
        RunId runId = new RunId(7, 9);
        ProfileHeader header = new ProfileHeader(runId, START_EPOCH_NANOS, samplingInterval, 4242, "testhost", "OpenJDK 64-Bit Server VM",
                "Test Vendor", "17.0.99", "java -cp app.jar com.acme.Main --fast", "com.acme.Main", "interval=" + samplingInterval,
                new ObjectLayout(true, true, false, 8), 128, Map.of("java.home", "/jdk"));
        this.hpm = MetadataWriter.create(paths.metadata(), header, true);
        this.hpd = EventLogWriter.create(paths.events(), new EventLogHeader(runId, START_EPOCH_NANOS, samplingInterval, 1_000_000_000L), 8,
                hpm, true);
    }

    public static ProfileFixture create(Path base, long samplingInterval) throws IOException {
        return new ProfileFixture(base, samplingInterval);
    }

    public ProfilePaths paths() {
        return paths;
    }

    /** Declares a trace (frames innermost first) and returns its id. */
    public long trace(String type, Frame... frames) throws IOException {
        return hpm.trace(type, List.of(frames), false);
    }

    public static Frame frame(String className, String method, String file, int line) {
        return new Frame(className, method, file, line);
    }

    public ProfileFixture alloc(long timeNanos, long trace, long size) throws IOException {
        hpd.alloc(timeNanos, trace, size, 1);
        return this;
    }

    public ProfileFixture free(long timeNanos, long trace, long size, long allocTimeNanos, long gcId) throws IOException {
        hpd.free(timeNanos, trace, size, allocTimeNanos, gcId);
        return this;
    }

    public ProfileFixture gc(long id, long startNanos, long endNanos, long before, long after) throws IOException {
        hpd.gc(new GcInfo(id, "G1 Young Generation", "Allocation Failure", startNanos, endNanos, before, after, after * 2));
        return this;
    }

    public ProfileFixture mark(long timeNanos, String label) throws IOException {
        hpd.mark(timeNanos, label);
        return this;
    }

    public ProfileFixture counter(long timeNanos, long total) throws IOException {
        hpd.counter(timeNanos, total);
        return this;
    }

    public ProfileFixture thread(long id, String name) throws IOException {
        hpm.thread(id, name);
        return this;
    }

    /** Makes what was written so far readable, as the agent's periodic flush does. */
    public ProfileFixture flush() throws IOException {
        hpd.flush();
        return this;
    }

    @Override
    public void close() throws IOException {
        hpd.close();
        hpm.close();
    }
}
