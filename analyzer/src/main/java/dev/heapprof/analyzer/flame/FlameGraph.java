package dev.heapprof.analyzer.flame;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.format.Frame;
import dev.heapprof.format.StackTrace;
import dev.heapprof.format.TraceUsage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The heap at one moment as a flame graph: one stack per distinct path, root first, weighted by the bytes
 * and the objects it holds live, with the allocated type as the leaf frame (optional) and the
 * digest's "other" bucket as a stack of its own. Written as speedscope JSON (two profiles: live
 * bytes and live objects) or as folded stacks (integer byte counts), the two formats speedscope
 * and the classic flamegraph tools read.
 */
public final class FlameGraph {
    /** A frame as the viewers show it: a name, and where in the source when known. */
    public record FlameFrame(String name, String file, int line) {}

    /** One stack, root first, and what it holds. */
    public record Stack(List<FlameFrame> frames, long bytes, long objects) {}

    private final String title;
    private final double timeSeconds;
    private final List<Stack> stacks;

    private FlameGraph(String title, double timeSeconds, List<Stack> stacks) {
        this.title = title;
        this.timeSeconds = timeSeconds;
        this.stacks = stacks;
    }

    /**
     * The flame graph of a snapshot.
     *
     * @param traces the stack of a trace id ({@link StackTrace#UNKNOWN} when unknown)
     * @param withType whether the allocated type is the leaf frame
     */
    public static FlameGraph of(String title, HeapSnapshot snapshot, LongFunction<StackTrace> traces, boolean withType) {
        // Traces that differ only in what is left out (the type, frames past the depth) share a stack.
        Map<List<FlameFrame>, long[]> merged = new LinkedHashMap<>();
        for (TraceUsage u : snapshot.traces()) {
            long objects = Math.round(u.liveObjects());
            if (u.liveBytes() <= 0 && objects <= 0) {
                continue;
            }
            List<FlameFrame> frames = new ArrayList<>();
            if (u.traceId() == 0) {
                frames.add(new FlameFrame("(other: small traces and unknown stacks)", null, 0));
            } else {
                StackTrace t = traces.apply(u.traceId());
                if (t.isUnknown()) {
                    frames.add(new FlameFrame("(trace " + u.traceId() + ": not in the metadata)", null, 0));
                } else {
                    List<Frame> innermostFirst = t.frames();
                    if (t.truncated()) {
                        frames.add(new FlameFrame("(truncated: deeper frames not recorded)", null, 0));
                    }
                    for (int i = innermostFirst.size() - 1; i >= 0; i--) {
                        Frame f = innermostFirst.get(i);
                        frames.add(new FlameFrame(f.className() + "." + f.methodName(), f.sourceFile(), f.line()));
                    }
                    if (withType) {
                        frames.add(new FlameFrame(t.allocatedType(), null, 0));
                    }
                }
            }
            long[] sums = merged.computeIfAbsent(List.copyOf(frames), k -> new long[2]);
            sums[0] += u.liveBytes();
            sums[1] += objects;
        }
        List<Stack> stacks = new ArrayList<>();
        merged.forEach((frames, sums) -> stacks.add(new Stack(frames, sums[0], sums[1])));
        return new FlameGraph(title, snapshot.timeSeconds(), Collections.unmodifiableList(stacks));
    }

    public List<Stack> stacks() {
        return stacks;
    }

    public long totalBytes() {
        return stacks.stream().mapToLong(Stack::bytes).sum();
    }

    /** Writes speedscope JSON if the name ends with {@code .json}, folded stacks otherwise. */
    public void write(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            writeSpeedscope(file);
        } else {
            writeFolded(file);
        }
    }

    /** speedscope's file format: shared frames, a "live bytes" profile (unit bytes) and a "live objects" one. */
    public void writeSpeedscope(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeSpeedscope(out);
        }
    }

    public void writeSpeedscope(OutputStream out) throws IOException {
        Map<FlameFrame, Integer> index = new LinkedHashMap<>();
        for (Stack s : stacks) {
            for (FlameFrame f : s.frames()) {
                index.putIfAbsent(f, index.size());
            }
        }
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("$schema", "https://www.speedscope.app/file-format-schema.json");
            g.writeStringField("name", title);
            g.writeStringField("exporter", "heapprof");
            g.writeNumberField("activeProfileIndex", 0);
            g.writeObjectFieldStart("shared");
            g.writeArrayFieldStart("frames");
            for (FlameFrame f : index.keySet()) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                if (f.file() != null) {
                    g.writeStringField("file", f.file());
                }
                if (f.line() > 0) {
                    g.writeNumberField("line", f.line());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("profiles");
            writeProfile(g, index, String.format(Locale.ROOT, "live bytes at %.3f s", timeSeconds), "bytes", true);
            writeProfile(g, index, String.format(Locale.ROOT, "live objects at %.3f s", timeSeconds), "none", false);
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void writeProfile(JsonGenerator g, Map<FlameFrame, Integer> index, String name, String unit, boolean bytes) throws IOException {
        long total = 0;
        List<Stack> kept = new ArrayList<>();
        for (Stack s : stacks) {
            long w = bytes ? s.bytes() : s.objects();
            if (w > 0) { // speedscope ignores zero weights and rejects negative ones
                kept.add(s);
                total += w;
            }
        }
        g.writeStartObject();
        g.writeStringField("type", "sampled");
        g.writeStringField("name", name);
        g.writeStringField("unit", unit);
        g.writeNumberField("startValue", 0);
        g.writeNumberField("endValue", total);
        g.writeArrayFieldStart("samples");
        for (Stack s : kept) {
            g.writeStartArray();
            for (FlameFrame f : s.frames()) {
                g.writeNumber(index.get(f));
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("weights");
        for (Stack s : kept) {
            g.writeNumber(bytes ? s.bytes() : s.objects());
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Folded stacks: {@code root;...;leaf BYTES}, one line per stack, integer counts. */
    public void writeFolded(Path file) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            writeFolded(w);
        }
    }

    public void writeFolded(Writer w) throws IOException {
        for (Stack s : stacks) {
            if (s.bytes() <= 0) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (FlameFrame f : s.frames()) {
                if (line.length() > 0) {
                    line.append(';');
                }
                line.append(foldedName(f));
            }
            w.write(line.append(' ').append(s.bytes()).append('\n').toString());
        }
    }

    /**
     * A frame's name in folded stacks: as a Java stack trace writes it, with nothing that would split
     * it (a {@code ;} separates frames) or end the line.
     */
    static String foldedName(FlameFrame f) {
        String name = f.file() == null ? f.name() : f.name() + "(" + f.file() + (f.line() > 0 ? ":" + f.line() : "") + ")";
        return name.replace(';', ',').replace('\n', ' ').replace('\r', ' ');
    }
}
