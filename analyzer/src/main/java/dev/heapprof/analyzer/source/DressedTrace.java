package dev.heapprof.analyzer.source;

import dev.heapprof.format.Frame;
import dev.heapprof.format.StackTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack trace with the source line of each frame, so a reader sees what the code does at each
 * step without opening the files. A frame whose line could not be found carries the reason
 * instead, so a missing source path shows as such rather than as silence.
 *
 * @param sources one entry per frame, in the trace's order: the line's text or a {@code (no source: ...)} reason
 */
public record DressedTrace(StackTrace trace, List<String> sources) {
    public DressedTrace {
        sources = List.copyOf(sources);
        if (sources.size() != trace.frames().size()) {
            throw new IllegalArgumentException("the trace has " + trace.frames().size() + " frames but "
                    + sources.size() + " source lines were given");
        }
    }

    /** Looks up each frame's line with the locator. */
    public static DressedTrace of(StackTrace trace, SourceLocator locator) {
        List<String> sources = new ArrayList<>(trace.frames().size());
        for (Frame frame : trace.frames()) {
            sources.add(locator.describe(frame));
        }
        return new DressedTrace(trace, sources);
    }

    /**
     * The trace as a Java stack trace prints it, the allocated type in place of the exception,
     * each frame followed by its source line indented one more tab:
     *
     * <pre>
     * int[]
     * \tat com.acme.Foo.bar(Foo.java:42)
     * \t\t    int[] x = new int[10];
     * </pre>
     *
     * and, for a trace the agent cut at its depth limit, a last line {@code \t... (truncated)}.
     * Every line ends with a newline.
     */
    public String format() {
        StringBuilder out = new StringBuilder(trace.allocatedType()).append('\n');
        List<Frame> frames = trace.frames();
        for (int i = 0; i < frames.size(); i++) {
            out.append("\tat ").append(frames.get(i)).append('\n');
            out.append("\t\t").append(sources.get(i)).append('\n');
        }
        if (trace.truncated()) {
            out.append("\t... (truncated)\n");
        }
        return out.toString();
    }
}
