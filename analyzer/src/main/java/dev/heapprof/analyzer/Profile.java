package dev.heapprof.analyzer;

import dev.heapprof.analyzer.digest.DigestOptions;
import dev.heapprof.analyzer.digest.DigestProgress;
import dev.heapprof.analyzer.digest.DigestSummary;
import dev.heapprof.analyzer.digest.Digester;
import dev.heapprof.analyzer.flame.FlameGraph;
import dev.heapprof.analyzer.flow.FlowGraph;
import dev.heapprof.analyzer.plot.TimePlot;
import dev.heapprof.analyzer.plot.TimePlots;
import dev.heapprof.analyzer.source.DressedTrace;
import dev.heapprof.analyzer.source.SourceLocator;
import dev.heapprof.format.DigestHeader;
import dev.heapprof.format.DigestReader;
import dev.heapprof.format.Event;
import dev.heapprof.format.EventLogHeader;
import dev.heapprof.format.EventLogReader;
import dev.heapprof.format.FormatException;
import dev.heapprof.format.MetadataReader;
import dev.heapprof.format.ProfileMetadata;
import dev.heapprof.format.ProfilePaths;
import dev.heapprof.format.ReadReport;
import dev.heapprof.format.StackTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * A recorded profile, opened from its file base: the Reader API. It reads {@code BASE.hpm} (stack
 * traces, the run's header) and the end of {@code BASE.hpd}, and builds {@code BASE.hpc} if it is
 * missing, partial or stale (the events changed since it was built), or reuses it. Snapshots are
 * read from the digest on demand; the events are streamed from disk, never loaded whole.
 *
 * <pre>{@code
 * try (Profile p = Profile.open(Path.of("out/run"))) {
 *     HeapSnapshot peak = p.peak();
 *     System.out.println(peak.liveBytes() + " bytes live at " + peak.timeSeconds() + " s");
 *     peak.usage().forEach((trace, bytes) -> System.out.println(bytes + "  " + p.rawTrace(trace).frames().get(0)));
 * }
 * }</pre>
 *
 * <p>A profile still being written, or cut by a crash, is read as far as it goes; {@link #notes()}
 * says what was left out.
 */
public final class Profile implements AutoCloseable {
    private final ProfilePaths paths;
    private final ProfileMetadata metadata;
    private final DigestReader digest;
    private final RunInfo run;
    private final DigestSummary builtNow;
    private final List<String> notes;
    private long[] liveBytesByIndex;
    private LineIndex lineIndex;
    private EventTotals eventTotals;

    private Profile(ProfilePaths paths, ProfileMetadata metadata, DigestReader digest, RunInfo run, DigestSummary builtNow, List<String> notes) {
        this.paths = paths;
        this.metadata = metadata;
        this.digest = digest;
        this.run = run;
        this.builtNow = builtNow;
        this.notes = notes;
    }

    /** Opens a profile with the default digest (about 750 snapshots, 1% precision), reusing a fresh one. */
    public static Profile open(Path base) throws IOException {
        return open(base, DigestOptions.DEFAULT, DigestProgress.NONE, false);
    }

    /**
     * Opens a profile. {@code base} is the file base or any of its three files. The digest is rebuilt
     * when {@code rebuild} is set, when it is missing, partial or stale, or when {@code options} ask
     * for an interval or precision other than the one it has ({@link DigestOptions#DEFAULT} asks for
     * nothing: any fresh digest is reused).
     */
    public static Profile open(Path base, DigestOptions options, DigestProgress progress, boolean rebuild) throws IOException {
        ProfilePaths paths = ProfilePaths.of(base);
        if (!Files.exists(paths.events())) {
            throw new NoSuchFileException(paths.events().toString(), null,
                    "no events file: is " + paths.base() + " the file base the agent was given (file=...)?");
        }
        List<String> notes = new ArrayList<>();
        ProfileMetadata metadata = null;
        if (Files.exists(paths.metadata())) {
            metadata = MetadataReader.read(paths.metadata());
            note(notes, metadata.report());
        } else {
            notes.add(paths.metadata() + " is missing: stack traces are unknown");
        }
        EventLogReader.Tail tail = EventLogReader.tail(paths.events());
        EventLogHeader events;
        try (EventLogReader reader = EventLogReader.open(paths.events())) {
            events = reader.header();
        }
        if (events == null) {
            throw new FormatException(paths.events(), 8, "the header block is damaged or missing: this profile cannot be read");
        }
        long trailing = Files.size(paths.events()) - tail.endOffset();
        if (trailing > 0) {
            notes.add(String.format("%s: %,d bytes after the last complete block (still being written, or cut): analysed up to byte %,d",
                    paths.events(), trailing, tail.endOffset()));
        }
        DigestReader digest = rebuild ? null : reusable(paths, events, tail, options);
        DigestSummary built = null;
        if (digest == null) {
            built = Digester.digest(paths, options, progress);
            digest = DigestReader.open(paths.digest());
            if (!built.complete()) {
                notes.add("the digest was interrupted: " + built.snapshots() + " snapshots, up to " + digest.snapshotCount() + " available");
            }
        }
        RunInfo run = RunInfo.of(metadata == null ? null : metadata.header(), events.startEpochNanos(), events.samplingInterval(),
                tail.lastEventNanos());
        return new Profile(paths, metadata, digest, run, built, Collections.unmodifiableList(notes));
    }

    private static void note(List<String> notes, ReadReport report) {
        if (!report.isClean()) {
            notes.add(report.summary());
        }
    }

    /** The existing digest if it was built from exactly these events with compatible options, else null. */
    private static DigestReader reusable(ProfilePaths paths, EventLogHeader events, EventLogReader.Tail tail, DigestOptions options)
            throws IOException {
        if (!Files.exists(paths.digest())) {
            return null;
        }
        DigestReader r;
        try {
            r = DigestReader.open(paths.digest());
        } catch (IOException e) {
            return null; // unreadable: rebuild it
        }
        DigestHeader h = r.header();
        boolean fresh = h != null && r.isComplete() && r.snapshotCount() > 0
                && h.matches(events.runId(), tail.endOffset(), tail.lastBlockCrc())
                && (options == DigestOptions.DEFAULT // no wish: any fresh digest will do
                        || ((options.intervalNanos() == 0 || options.intervalNanos() == h.intervalNanos())
                                && Double.compare(options.precision(), h.precision()) == 0));
        if (!fresh) {
            r.close();
            return null;
        }
        return r;
    }

    public ProfilePaths paths() {
        return paths;
    }

    public RunInfo run() {
        return run;
    }

    /** The metadata (traces, threads, header), or null when {@code BASE.hpm} is missing. */
    public ProfileMetadata metadata() {
        return metadata;
    }

    /** What a digest built while opening did, or null if an existing one was reused. */
    public DigestSummary digestBuilt() {
        return builtNow;
    }

    /** Things left out or damaged, one line each (empty for a clean, finished profile). */
    public List<String> notes() {
        return notes;
    }

    /** Time between snapshots, ns. */
    public long snapshotIntervalNanos() {
        return digest.header().intervalNanos();
    }

    public double precision() {
        return digest.header().precision();
    }

    public int snapshotCount() {
        return digest.snapshotCount();
    }

    /** Snapshot {@code k}, read from the digest. */
    public HeapSnapshot snapshot(int k) {
        try {
            return new HeapSnapshot(digest.snapshot(k));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every snapshot, in time order; each is read when asked for. */
    public List<HeapSnapshot> snapshots() {
        return new AbstractList<>() {
            @Override
            public HeapSnapshot get(int index) {
                return snapshot(index);
            }

            @Override
            public int size() {
                return snapshotCount();
            }
        };
    }

    /**
     * The snapshot for a moment, in seconds since the start of profiling: the last one at or before
     * it (rounding down), the first for a moment before the start, the last for one after the end.
     */
    public HeapSnapshot snapshotAt(double relativeSeconds) {
        return snapshot(indexAt(relativeSeconds));
    }

    int indexAt(double relativeSeconds) {
        int last = snapshotCount() - 1;
        if (!(relativeSeconds > 0)) {
            return 0;
        }
        // To the nanosecond: 0.45 s is 450,000,000 ns, not 449,999,999.99 ns.
        long nanos = relativeSeconds >= Long.MAX_VALUE / 1e9 ? Long.MAX_VALUE : Math.round(relativeSeconds * 1e9);
        // The last snapshot stands for the end, which comes before last x interval unless the run
        // ended exactly on an interval.
        if (nanos >= snapshot(last).timeNanos()) {
            return last;
        }
        return (int) Math.min(nanos / snapshotIntervalNanos(), Math.max(0, last - 1));
    }

    /** The snapshot with the most live bytes (the first, if several tie). */
    public HeapSnapshot peak() {
        long[] live = liveBytesByIndex();
        int best = 0;
        for (int k = 1; k < live.length; k++) {
            if (live[k] > live[best]) {
                best = k;
            }
        }
        return snapshot(best);
    }

    /** The last snapshot: the end of the run. */
    public HeapSnapshot end() {
        return snapshot(snapshotCount() - 1);
    }

    /** Live bytes of every snapshot, by index. */
    public synchronized long[] liveBytesByIndex() {
        if (liveBytesByIndex == null) {
            long[] live = new long[snapshotCount()];
            for (int k = 0; k < live.length; k++) {
                live[k] = snapshot(k).liveBytes();
            }
            liveBytesByIndex = live;
        }
        return liveBytesByIndex.clone();
    }

    /** A trace as recorded: type and frames, innermost first; {@link StackTrace#UNKNOWN} if the metadata lacks it. */
    public StackTrace rawTrace(long id) {
        return metadata == null ? StackTrace.UNKNOWN : metadata.trace(id);
    }

    /**
     * A trace with the source text of each frame's line, read from the given source directories and
     * {@code -sources.jar} files; a line that cannot be found says why instead of guessing.
     */
    public DressedTrace trace(long id, SourceLocator sources) {
        return DressedTrace.of(rawTrace(id), sources);
    }

    /**
     * Counts, marks, GCs, the JVM's counter and the size histogram: one pass over the events, made
     * the first time they are asked for and kept (several views and commands need them).
     */
    public synchronized EventTotals eventTotals() throws IOException {
        if (eventTotals == null) {
            eventTotals = EventTotals.of(this);
        }
        return eventTotals;
    }

    /** The distinct lines of code in the profile's traces, for naming lines ({@link LineIndex#resolve}). */
    public synchronized LineIndex lines() {
        if (lineIndex == null) {
            lineIndex = metadata == null ? LineIndex.of(List.of()) : LineIndex.of(metadata);
        }
        return lineIndex;
    }

    /**
     * Live bytes through each chosen line at every snapshot, with the total. Lines are named as a
     * Java developer writes them ({@code Foo.java:42}, {@code com/acme/Foo.java:42},
     * {@code com.acme.Foo.bar:42}, {@code com.acme.Foo.bar(Foo.java:42)}); a name that matches no
     * line, or several, is an {@link UnknownLineException} listing the closest candidates.
     *
     * @param labelToLine labels (as a plot's legend shows them) to line names, in the order to show
     */
    public LineUsage lineUsage(java.util.Map<String, String> labelToLine) {
        LineIndex index = lines();
        List<String> labels = new ArrayList<>(labelToLine.keySet());
        List<dev.heapprof.format.Frame> frames = new ArrayList<>();
        List<java.util.Set<Long>> traces = new ArrayList<>();
        for (String label : labels) {
            dev.heapprof.format.Frame f = index.resolve(labelToLine.get(label));
            frames.add(f);
            traces.add(index.tracesContaining(f));
        }
        int n = snapshotCount();
        double[] times = new double[n];
        long[] totals = new long[n];
        long[][] bytes = new long[labels.size()][n];
        for (int k = 0; k < n; k++) {
            HeapSnapshot s = snapshot(k);
            times[k] = s.timeSeconds();
            totals[k] = s.liveBytes();
            for (dev.heapprof.format.TraceUsage u : s.traces()) {
                for (int i = 0; i < labels.size(); i++) {
                    if (traces.get(i).contains(u.traceId())) {
                        bytes[i][k] += u.liveBytes();
                    }
                }
            }
        }
        List<LineUsage.Series> series = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            series.add(new LineUsage.Series(labels.get(i), frames.get(i), bytes[i]));
        }
        return new LineUsage(times, totals, List.copyOf(series));
    }

    /** The flow graph at a moment (seconds, as {@link #snapshotAt}), with the model's defaults. */
    public FlowGraph flowGraphAt(double relativeSeconds) {
        return flowGraph(List.of(snapshotAt(relativeSeconds)), FlowGraph.Options.DEFAULT);
    }

    /** The flow graph of several moments: one cell per moment in each box, one figure per moment on each edge. */
    public FlowGraph flowGraph(List<HeapSnapshot> moments, FlowGraph.Options options) {
        String program = run.mainClass().isEmpty() ? paths.base().getFileName().toString() : run.mainClass();
        return FlowGraph.of(program + ": where live memory flows", moments, this::rawTrace, options);
    }

    /** Writes the flow graph comparing several moments (seconds) to a DOT file: the model's {@code compareFlowGraphs}. */
    public void compareFlowGraphs(Path dotFile, double... relativeSeconds) throws IOException {
        List<HeapSnapshot> moments = new ArrayList<>();
        for (double t : relativeSeconds) {
            moments.add(snapshotAt(t));
        }
        flowGraph(moments, FlowGraph.Options.DEFAULT).writeDotFile(dotFile);
    }

    /** Live bytes and the JVM's heap after GC over time, with GCs and marks: {@code writePng}, {@code writeSvg}, {@code show}. */
    public TimePlot timePlot() throws IOException {
        return TimePlots.total(this);
    }

    /** The model's three rows for chosen lines (labels to line names, in legend order): total, bytes per line, share per line. */
    public TimePlot timePlot(java.util.Map<String, String> labelToLine) throws IOException {
        return TimePlots.lines(this, labelToLine);
    }

    /** The {@code k} allocation lines holding the most at the peak, stacked under an "others" band. */
    public TimePlot timePlotTop(int k) throws IOException {
        return TimePlots.top(this, k);
    }

    /**
     * The flame graph of the heap at a snapshot: one stack per trace, root first, weighted by live
     * bytes and objects; the allocated type is the leaf frame when {@code withType}.
     */
    public FlameGraph flameGraph(HeapSnapshot snapshot, boolean withType) {
        String title = (run.mainClass().isEmpty() ? paths.base().getFileName().toString() : run.mainClass())
                + String.format(java.util.Locale.ROOT, " at %.3f s", snapshot.timeSeconds());
        return FlameGraph.of(title, snapshot, this::rawTrace, withType);
    }

    /**
     * Writes the flame graph of the moment {@code relativeSeconds} (as {@link #snapshotAt}) to
     * {@code file}: speedscope JSON when the name ends with {@code .json}
     * ({@code flame.speedscope.json}), folded stacks otherwise ({@code flame.collapsedstack.txt}).
     */
    public void writeFlameGraph(Path file, double relativeSeconds) throws IOException {
        flameGraph(snapshotAt(relativeSeconds), true).write(file);
    }

    /**
     * The raw events, in file order, streamed from disk (close the stream, or use it in a
     * try-with-resources). Each has its absolute timestamp in seconds, trace, signed size and scale
     * factor.
     */
    public Stream<Event> events() throws IOException {
        EventLogReader reader = EventLogReader.open(paths.events());
        return reader.stream().onClose(() -> {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The events file itself, for a visitor that wants no object per event ({@link EventLogReader#readAll}). */
    public EventLogReader openEvents() throws IOException {
        return EventLogReader.open(paths.events());
    }

    @Override
    public void close() throws IOException {
        digest.close();
    }
}
