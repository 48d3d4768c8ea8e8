package dev.heapprof.analyzer.plot;

import dev.heapprof.analyzer.ByteUnits;
import dev.heapprof.analyzer.EventTotals;
import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.LineName;
import dev.heapprof.analyzer.LineUsage;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.RunInfo;
import dev.heapprof.analyzer.digest.Durations;
import dev.heapprof.format.TraceUsage;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link TimePlot}s of a profile: the total, chosen lines, or the top lines stacked. */
public final class TimePlots {
    private TimePlots() {}

    /** Live bytes and the JVM's heap after GC over time, with GCs and marks. */
    public static TimePlot total(Profile p) throws IOException {
        Axes f = Axes.of(p);
        return new TimePlot(f.title, f.subtitle, TimePlot.Kind.TOTAL, f.times, f.total, f.heap, List.of(), f.gcs, f.marks);
    }

    /** The model's three rows: the total, the bytes through each line, each line's share; in the order given. */
    public static TimePlot lines(Profile p, Map<String, String> labelToLine) throws IOException {
        LineUsage usage = p.lineUsage(labelToLine);
        Axes f = Axes.of(p);
        List<TimePlot.Series> series = new ArrayList<>();
        for (LineUsage.Series s : usage.lines()) {
            series.add(new TimePlot.Series(s.label(), s.bytes()));
        }
        return new TimePlot(f.title, f.subtitle, TimePlot.Kind.LINES, f.times, f.total, f.heap, series, f.gcs, f.marks);
    }

    /**
     * The {@code k} allocation lines holding the most at the peak, stacked, and "others" on top:
     * each trace counts for its allocation line (its innermost frame) only, so the areas add up to
     * the total.
     */
    public static TimePlot top(Profile p, int k) throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("--top needs at least 1 line, not " + k);
        }
        Map<Long, String> lineOfTrace = new HashMap<>();
        HeapSnapshot peak = p.peak();
        Map<String, Long> atPeak = new LinkedHashMap<>();
        for (TraceUsage u : peak.traces()) {
            String line = lineOf(p, u.traceId(), lineOfTrace);
            if (line != null) {
                atPeak.merge(line, u.liveBytes(), Long::sum);
            }
        }
        List<String> chosen = atPeak.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(k).map(Map.Entry::getKey).toList();
        Axes f = Axes.of(p);
        int n = f.times.length;
        long[][] bytes = new long[chosen.size() + 1][n];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            index.put(chosen.get(i), i);
        }
        for (int t = 0; t < n; t++) {
            long sum = 0;
            for (TraceUsage u : p.snapshot(t).traces()) {
                Integer i = index.get(lineOf(p, u.traceId(), lineOfTrace));
                if (i != null) {
                    bytes[i][t] += u.liveBytes();
                    sum += u.liveBytes();
                }
            }
            bytes[chosen.size()][t] = Math.max(0, f.total[t] - sum);
        }
        List<TimePlot.Series> series = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            series.add(new TimePlot.Series(chosen.get(i), bytes[i]));
        }
        series.add(new TimePlot.Series("others", bytes[chosen.size()]));
        return new TimePlot(f.title, f.subtitle, TimePlot.Kind.STACKED, f.times, f.total, f.heap, series, f.gcs, f.marks);
    }

    /** The allocation line of a trace, or null for "other" and unknown traces. */
    private static String lineOf(Profile p, long traceId, Map<Long, String> cache) {
        if (traceId == 0) {
            return null;
        }
        return cache.computeIfAbsent(traceId, id -> LineName.ofAllocation(p.rawTrace(id)));
    }

    /** What every plot of the profile shares: the time axis, the total, the heap, GCs, marks, titles. */
    private record Axes(String title, String subtitle, double[] times, long[] total, long[] heap, double[] gcs,
            List<TimePlot.Mark> marks) {
        static Axes of(Profile p) throws IOException {
            int n = p.snapshotCount();
            double[] times = new double[n];
            long[] total = new long[n];
            long[] heap = new long[n];
            for (int k = 0; k < n; k++) {
                HeapSnapshot s = p.snapshot(k);
                times[k] = s.timeSeconds();
                total[k] = s.liveBytes();
                heap[k] = s.heapUsedAfterLastGc();
            }
            EventTotals t = p.eventTotals();
            long[] gcEnds = t.gcEndTimes();
            double[] gcs = new double[gcEnds.length];
            for (int i = 0; i < gcs.length; i++) {
                gcs[i] = gcEnds[i] / 1e9;
            }
            List<TimePlot.Mark> marks = new ArrayList<>();
            for (EventTotals.Mark m : t.marks()) {
                marks.add(new TimePlot.Mark(m.timeNanos() / 1e9, m.label()));
            }
            RunInfo run = p.run();
            String program = run.mainClass().isEmpty() ? p.paths().base().getFileName().toString() : run.mainClass();
            String title = program + ": live memory over time";
            String subtitle = String.format("run of %s UTC, %s; %s; %d GCs%s",
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(run.start().atOffset(ZoneOffset.UTC)),
                    Durations.format(run.durationNanos()),
                    run.exactMode() ? "every allocation recorded" : "sampled every " + ByteUnits.format(run.samplingInterval()),
                    gcs.length, gcs.length > TimePlot.MAX_GC_TICKS ? " (too many to mark)" : " (grey ticks)");
            return new Axes(title, subtitle, times, total, heap, gcs, marks);
        }
    }
}
