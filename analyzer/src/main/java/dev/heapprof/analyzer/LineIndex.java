package dev.heapprof.analyzer;

import dev.heapprof.format.Frame;
import dev.heapprof.format.ProfileMetadata;
import dev.heapprof.format.StackTrace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The distinct lines of code in a profile's stack traces, to turn a {@link LineName} a user typed
 * into the one recorded line it means, and that line into the traces passing through it. A line
 * is a {@link Frame} with a line number (class, method, file and line): frames without a line
 * number name no line and are left out.
 *
 * <p>Immutable once built, so safe to share between threads.
 */
public final class LineIndex {
    private static final int CLOSEST_SHOWN = 5;
    private static final int AMBIGUOUS_SHOWN = 10;
    private static final Comparator<Frame> BY_DISPLAY = Comparator.comparing(LineName::of);

    private final List<Frame> lines;
    private final Map<Frame, TraceIdSet> traces;
    private final Map<Integer, List<Frame>> byLineNumber;

    private LineIndex(Map<Frame, TraceIdSet> traces) {
        this.traces = traces;
        List<Frame> sorted = new ArrayList<>(traces.keySet());
        sorted.sort(BY_DISPLAY);
        this.lines = List.copyOf(sorted);
        this.byLineNumber = sorted.stream().collect(Collectors.groupingBy(Frame::line));
    }

    /** The lines of every trace the metadata holds. */
    public static LineIndex of(ProfileMetadata metadata) {
        return build(sink -> {
            for (long id : metadata.traceIds()) {
                sink.accept(metadata.trace(id));
            }
        });
    }

    /** The lines of the given traces; the unknown trace (id 0) is skipped. */
    public static LineIndex of(Collection<StackTrace> traces) {
        return build(sink -> traces.forEach(sink));
    }

    private static LineIndex build(Consumer<Consumer<StackTrace>> source) {
        Map<Frame, TraceIdSet.Builder> builders = new HashMap<>();
        source.accept(trace -> {
            if (trace.isUnknown()) {
                return;
            }
            for (Frame frame : trace.frames()) {
                if (frame.line() > 0) {
                    builders.computeIfAbsent(frame, f -> new TraceIdSet.Builder()).add(trace.id());
                }
            }
        });
        Map<Frame, TraceIdSet> traces = new HashMap<>(builders.size() * 4 / 3 + 1);
        builders.forEach((frame, builder) -> traces.put(frame, builder.build()));
        return new LineIndex(traces);
    }

    /** Every line, sorted by {@linkplain LineName#of(Frame) display name}. */
    public List<Frame> lines() {
        return lines;
    }

    /** Ids of the traces whose frames include this line, ascending; empty for a line not in the profile. */
    public Set<Long> tracesContaining(Frame line) {
        TraceIdSet ids = traces.get(line);
        return ids != null ? ids : Set.of();
    }

    /**
     * The one line of the profile that a user's name means.
     *
     * @throws IllegalArgumentException when the text is not a line name at all (see {@link LineName#parse})
     * @throws UnknownLineException when it matches no line, listing the closest, or several,
     *     listing them; of several, a name whose class is written exactly as one line's picks that one
     */
    public Frame resolve(String userName) {
        LineName name = LineName.parse(userName);
        List<Frame> matches = new ArrayList<>();
        for (Frame line : byLineNumber.getOrDefault(name.line(), List.of())) {
            if (name.matches(line)) {
                matches.add(line);
            }
        }
        if (matches.size() > 1) {
            List<Frame> exact = matches.stream().filter(name::namesExactClass).collect(Collectors.toList());
            if (exact.size() == 1) {
                return exact.get(0);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new UnknownLineException(noMatch(userName, name));
        }
        throw new UnknownLineException(ambiguous(userName, matches));
    }

    private String noMatch(String userName, LineName name) {
        StringBuilder message = new StringBuilder("no line of the profile matches '").append(userName).append('\'');
        if (lines.isEmpty()) {
            return message.append(": the profile records no line numbers").toString();
        }
        message.append("; the closest lines are:");
        for (Frame line : closest(name.toString(), name.form())) {
            message.append("\n  ").append(LineName.of(line));
        }
        return message.toString();
    }

    /**
     * The lines nearest to the typed name, by edit distance to the line's display name, its short
     * {@code Foo.java:42} form or its form in the way the user wrote the name, whichever is nearest.
     */
    private List<Frame> closest(String typed, LineName.Form form) {
        // Lines come in display order and a candidate only goes before strictly farther ones,
        // so ties keep the display order.
        List<Candidate> best = new ArrayList<>(CLOSEST_SHOWN + 1);
        for (Frame line : lines) {
            int limit = best.size() < CLOSEST_SHOWN ? Integer.MAX_VALUE - 1 : best.get(CLOSEST_SHOWN - 1).distance() - 1;
            int distance = limit + 1;
            for (String rendering : renderings(line, form)) {
                distance = Math.min(distance, EditDistance.between(typed, rendering, limit));
            }
            if (distance > limit) {
                continue;
            }
            int at = best.size();
            while (at > 0 && best.get(at - 1).distance() > distance) {
                at--;
            }
            best.add(at, new Candidate(line, distance));
            if (best.size() > CLOSEST_SHOWN) {
                best.remove(CLOSEST_SHOWN);
            }
        }
        return best.stream().map(Candidate::line).collect(Collectors.toList());
    }

    private record Candidate(Frame line, int distance) {}

    private static List<String> renderings(Frame line, LineName.Form form) {
        List<String> renderings = new ArrayList<>(3);
        renderings.add(LineName.of(line));
        if (line.sourceFile() != null) {
            renderings.add(line.sourceFile() + ':' + line.line());
        }
        if (form == LineName.Form.PATH && line.sourceFile() != null) {
            String directory = LineName.packageDirectory(line.className());
            renderings.add((directory.isEmpty() ? "" : directory + '/') + line.sourceFile() + ':' + line.line());
        } else if (form == LineName.Form.METHOD) {
            renderings.add(line.className() + '.' + line.methodName() + ':' + line.line());
        }
        return renderings;
    }

    private static String ambiguous(String userName, List<Frame> matches) {
        matches.sort(BY_DISPLAY);
        StringBuilder message = new StringBuilder("'").append(userName).append("' is ambiguous: it matches ")
                .append(matches.size()).append(" lines");
        for (Frame line : matches.subList(0, Math.min(AMBIGUOUS_SHOWN, matches.size()))) {
            message.append("\n  ").append(LineName.of(line));
        }
        if (matches.size() > AMBIGUOUS_SHOWN) {
            message.append("\n  ... and ").append(matches.size() - AMBIGUOUS_SHOWN).append(" more");
        }
        return message.toString();
    }
}
