package dev.heapprof.agent.it;

import dev.heapprof.format.EventLogReader;
import dev.heapprof.format.EventVisitor;
import dev.heapprof.format.GcInfo;
import dev.heapprof.format.MetadataReader;
import dev.heapprof.format.ProfileMetadata;
import dev.heapprof.format.ProfilePaths;
import dev.heapprof.format.ReadReport;
import dev.heapprof.format.StackTrace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A profile the agent wrote, read back with the format module's readers (the unit tests use it too). */
public final class RecordedProfile {
    public record Alloc(long time, StackTrace trace, long size, long thread) {}

    public record Free(long time, StackTrace trace, long size, long allocTime, long gcId) {}

    public final ProfileMetadata metadata;
    public final List<Alloc> allocs = new ArrayList<>();
    public final List<Free> frees = new ArrayList<>();
    public final List<GcInfo> gcs = new ArrayList<>();
    /** The program's marks; the agent's own ({@code heapprof:...}) are in {@link #agentMarks}. */
    public final List<String> marks = new ArrayList<>();
    public final List<String> agentMarks = new ArrayList<>();
    public final List<long[]> counters = new ArrayList<>();
    public final ReadReport eventsReport;
    public long samplingInterval;

    public RecordedProfile(Path base) throws IOException {
        ProfilePaths paths = new ProfilePaths(base);
        metadata = MetadataReader.read(paths.metadata());
        try (EventLogReader reader = EventLogReader.open(paths.events())) {
            samplingInterval = reader.header() == null ? -1 : reader.header().samplingInterval();
            reader.readAll(new EventVisitor() {
                @Override
                public void alloc(long timeNanos, long traceId, long sizeBytes, long threadId) {
                    allocs.add(new Alloc(timeNanos, metadata.trace(traceId), sizeBytes, threadId));
                }

                @Override
                public void free(long timeNanos, long traceId, long sizeBytes, long allocTimeNanos, long gcId) {
                    frees.add(new Free(timeNanos, metadata.trace(traceId), sizeBytes, allocTimeNanos, gcId));
                }

                @Override
                public void gc(GcInfo gc) {
                    gcs.add(gc);
                }

                @Override
                public void mark(long timeNanos, String label) {
                    (label.startsWith("heapprof:") ? agentMarks : marks).add(label);
                }

                @Override
                public void counter(long timeNanos, long total) {
                    counters.add(new long[] {timeNanos, total});
                }
            });
            eventsReport = reader.report();
        }
    }

    /** Allocations whose innermost frame is {@code className.method}. */
    public List<Alloc> allocsAt(String className, String method) {
        return allocs.stream().filter(at(className, method)).toList();
    }

    public List<Free> freesAt(String className, String method) {
        return frees.stream().filter(f -> innermost(f.trace(), className, method)).toList();
    }

    public static Predicate<Alloc> at(String className, String method) {
        return a -> innermost(a.trace(), className, method);
    }

    public static boolean innermost(StackTrace t, String className, String method) {
        return !t.frames().isEmpty() && t.frames().get(0).className().equals(className) && t.frames().get(0).methodName().equals(method);
    }
}
