package dev.heapprof.format;

import java.util.List;

/**
 * A recorded stack trace: the type that was allocated and the frames, <b>innermost first</b>
 * (the allocation site, then its caller, and so on, as a Java stack trace prints them).
 *
 * @param truncated the agent cut the stack at its depth limit; the outermost frames are missing
 */
public record StackTrace(long id, String allocatedType, List<Frame> frames, boolean truncated) {
    /** What an event's trace id resolves to when the metadata lacks that trace. */
    public static final StackTrace UNKNOWN = new StackTrace(0, "<unknown>", List.of(), false);

    public StackTrace {
        frames = List.copyOf(frames);
    }

    public boolean isUnknown() {
        return id == 0;
    }
}
