package dev.heapprof.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything in a {@code BASE.hpm}, resolved on demand. A reference to something the file lacks
 * (a trace, frame or string lost in a crash or a corrupt block) resolves to an explicit unknown,
 * never to an exception: {@link #trace(long)} of a missing id is {@link StackTrace#UNKNOWN}.
 */
public final class ProfileMetadata {
    static final String UNKNOWN_NAME = "<unknown>";

    private final ProfileHeader header;
    private final Map<Long, String> strings;
    private final Map<Long, long[]> frames;
    private final Map<Long, RawTrace> traces;
    private final Map<Long, String> threads;
    private final ReadReport report;
    private final Map<Long, StackTrace> resolved = new HashMap<>();

    record RawTrace(long typeId, long[] frameIds, boolean truncated) {}

    ProfileMetadata(ProfileHeader header, Map<Long, String> strings, Map<Long, long[]> frames,
            Map<Long, RawTrace> traces, Map<Long, String> threads, ReadReport report) {
        this.header = header;
        this.strings = strings;
        this.frames = frames;
        this.traces = traces;
        this.threads = threads;
        this.report = report;
    }

    /** The header, or {@code null} if the file was cut or damaged before it (see {@link #report()}). */
    public ProfileHeader header() {
        return header;
    }

    public ReadReport report() {
        return report;
    }

    public int traceCount() {
        return traces.size();
    }

    /** Ids of all traces present, ascending. */
    public List<Long> traceIds() {
        return Collections.unmodifiableList(new ArrayList<>(new TreeSet<>(traces.keySet())));
    }

    public boolean hasTrace(long id) {
        return traces.containsKey(id);
    }

    /** The trace with this id, or {@link StackTrace#UNKNOWN} (id 0) if the file does not hold it. */
    public StackTrace trace(long id) {
        RawTrace raw = traces.get(id);
        if (raw == null) {
            return StackTrace.UNKNOWN;
        }
        return resolved.computeIfAbsent(id, k -> {
            List<Frame> list = new ArrayList<>(raw.frameIds().length);
            for (long frameId : raw.frameIds()) {
                list.add(frame(frameId));
            }
            return new StackTrace(id, name(raw.typeId()), list, raw.truncated());
        });
    }

    /** The frame with this id; a missing one reads as class and method {@code <unknown>}. */
    public Frame frame(long id) {
        long[] f = frames.get(id);
        if (f == null) {
            return new Frame(UNKNOWN_NAME, UNKNOWN_NAME, null, 0);
        }
        String file = f[2] == 0 ? null : name(f[2]);
        return new Frame(name(f[0]), name(f[1]), file, (int) Math.min(Integer.MAX_VALUE, f[3]));
    }

    /** A thread's last recorded name, or {@code thread-ID} if none was recorded. */
    public String threadName(long threadId) {
        String name = threads.get(threadId);
        return name != null ? name : "thread-" + threadId;
    }

    public Map<Long, String> threadNames() {
        return Collections.unmodifiableMap(threads);
    }

    private String name(long stringId) {
        if (stringId == 0) {
            return "";
        }
        String s = strings.get(stringId);
        return s != null ? s : UNKNOWN_NAME;
    }
}
