package dev.heapprof.analyzer.plot;

import dev.heapprof.analyzer.ByteUnits;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartPanel;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * Memory over time, the model's time plot: live bytes as the samples estimate them and the JVM's
 * own heap after each GC, with GCs and marks as ticks on the time axis; with chosen lines of code,
 * three rows on one time axis (the total, the bytes through each line, each line's fraction of the
 * total); or the top lines stacked with an "others" band, so the areas add up to the total.
 * Rendered with JFreeChart: PNG (headless), SVG (JFreeSVG), an interactive window, or CSV.
 */
public final class TimePlot {
    /** Points drawn at most: about one per pixel at the default width. */
    public static final int MAX_POINTS = 1_000;
    /** GC ticks drawn at most; past that they would only grey the axis. */
    public static final int MAX_GC_TICKS = 300;

    /** What is plotted. */
    public enum Kind { TOTAL, LINES, STACKED }

    /** One named series of bytes per snapshot. */
    public record Series(String label, long[] bytes) {}

    /** A labelled moment (a MARK event). */
    public record Mark(double timeSeconds, String label) {}

    private final String title;
    private final String subtitle;
    private final Kind kind;
    private final double[] times;
    private final long[] total;
    private final long[] heapAfterGc;
    private final List<Series> series;
    private final double[] gcTimes;
    private final List<Mark> marks;

    /**
     * @param heapAfterGc the JVM's heap after its last GC at each snapshot, -1 before the first
     * @param series per-line bytes: for {@link Kind#LINES} the chosen lines; for {@link Kind#STACKED}
     *     the top lines then "others", adding up to {@code total}
     */
    public TimePlot(String title, String subtitle, Kind kind, double[] times, long[] total, long[] heapAfterGc, List<Series> series,
            double[] gcTimes, List<Mark> marks) {
        this.title = title;
        this.subtitle = subtitle;
        this.kind = kind;
        this.times = times.clone();
        this.total = total.clone();
        this.heapAfterGc = heapAfterGc.clone();
        this.series = List.copyOf(series);
        this.gcTimes = gcTimes.clone();
        this.marks = List.copyOf(marks);
    }

    public Kind kind() {
        return kind;
    }

    public double[] times() {
        return times.clone();
    }

    public long[] total() {
        return total.clone();
    }

    public List<Series> series() {
        return series;
    }

    /** The unit the byte axis uses: the largest power of 1024 below the highest value. */
    static long unitFor(long max) {
        long unit = 1;
        while (unit < (1L << 60) && max >= unit * 1024) {
            unit *= 1024;
        }
        return unit;
    }

    static String unitName(long unit) {
        return switch (Long.numberOfTrailingZeros(unit)) {
            case 0 -> "B";
            case 10 -> "KiB";
            case 20 -> "MiB";
            case 30 -> "GiB";
            case 40 -> "TiB";
            default -> "PiB";
        };
    }

    /** Builds the chart (points downsampled to at most {@link #MAX_POINTS}, peaks kept). */
    public JFreeChart chart() {
        int[] keep = TimeSeries.keep(total, MAX_POINTS);
        long max = 0;
        for (int i = 0; i < total.length; i++) {
            max = Math.max(max, Math.max(total[i], heapAfterGc[i]));
        }
        long unit = unitFor(max);
        NumberAxis time = new NumberAxis("time since the start of profiling (s)");
        time.setAutoRangeIncludesZero(true);
        if (times.length > 0) {
            time.setRange(0, Math.max(times[times.length - 1], 1e-3));
        }
        XYPlot totalPlot = totalPlot(keep, unit, time);
        JFreeChart chart;
        if (kind == Kind.TOTAL) {
            chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, totalPlot, true);
        } else if (kind == Kind.STACKED) {
            chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, stackedPlot(keep, unit, time), true);
        } else {
            CombinedDomainXYPlot rows = new CombinedDomainXYPlot(time);
            rows.setGap(12);
            rows.add(totalPlot, 2);
            rows.add(linesPlot(keep, unit), 2);
            rows.add(fractionsPlot(keep), 1);
            chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, rows, true);
        }
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private XYPlot totalPlot(int[] keep, long unit, NumberAxis time) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries live = new XYSeries("live bytes (estimated from the samples)", false, true);
        XYSeries heap = new XYSeries("JVM heap in use after the last GC", false, true);
        for (int i : keep) {
            live.add(times[i], (double) total[i] / unit);
            if (heapAfterGc[i] >= 0) {
                heap.add(times[i], (double) heapAfterGc[i] / unit);
            }
        }
        data.addSeries(live);
        if (heap.getItemCount() > 0) {
            data.addSeries(heap);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(0xC0, 0x39, 0x2B));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesPaint(1, new Color(0x7F, 0x8C, 0x8D));
        renderer.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        XYPlot plot = new XYPlot(data, time, bytesAxis("live", unit), renderer);
        decorate(plot);
        return plot;
    }

    private XYPlot linesPlot(int[] keep, long unit) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries x = new XYSeries(s.label(), false, true);
            for (int i : keep) {
                x.add(times[i], (double) s.bytes()[i] / unit);
            }
            data.addSeries(x);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < series.size(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, null, bytesAxis("through the line", unit), renderer);
        decorate(plot);
        return plot;
    }

    private XYPlot fractionsPlot(int[] keep) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries x = new XYSeries(s.label() + " (share)", false, true);
            for (int i : keep) {
                x.add(times[i], total[i] <= 0 ? 0 : 100.0 * s.bytes()[i] / total[i]);
            }
            data.addSeries(x);
        }
        NumberAxis percent = new NumberAxis("share of live (%)");
        percent.setRange(0, 100);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDefaultSeriesVisibleInLegend(false);
        XYPlot plot = new XYPlot(data, null, percent, renderer);
        decorate(plot);
        return plot;
    }

    private XYPlot stackedPlot(int[] keep, long unit, NumberAxis time) {
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        for (Series s : series) {
            XYSeries x = new XYSeries(s.label(), false, false);
            for (int i : keep) {
                x.add(times[i], (double) s.bytes()[i] / unit);
            }
            data.addSeries(x);
        }
        StackedXYAreaRenderer2 renderer = new StackedXYAreaRenderer2();
        if (!series.isEmpty()) {
            renderer.setSeriesPaint(series.size() - 1, new Color(0xBD, 0xC3, 0xC7)); // "others"
        }
        XYPlot plot = new XYPlot(data, time, bytesAxis("live", unit), renderer);
        decorate(plot);
        return plot;
    }

    private static NumberAxis bytesAxis(String what, long unit) {
        NumberAxis axis = new NumberAxis(what + " (" + unitName(unit) + ")");
        axis.setAutoRangeIncludesZero(true);
        return axis;
    }

    /** GCs as grey ticks, marks as labelled blue lines. */
    private void decorate(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        if (gcTimes.length <= MAX_GC_TICKS) {
            for (double t : gcTimes) {
                ValueMarker m = new ValueMarker(t, new Color(0x95, 0xA5, 0xA6, 90), new BasicStroke(0.6f));
                plot.addDomainMarker(m);
            }
        }
        for (Mark mark : marks) {
            ValueMarker m = new ValueMarker(mark.timeSeconds(), new Color(0x29, 0x80, 0xB9), new BasicStroke(1.2f));
            m.setLabel(mark.label());
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(m);
        }
    }

    public void writePng(Path file, int width, int height) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart(), width, height);
    }

    public void writeSvg(Path file, int width, int height) throws IOException {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart().draw(g, new Rectangle2D.Double(0, 0, width, height));
        SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
    }

    /** Writes PNG or SVG by the file's name (.svg is SVG; anything else PNG). */
    public void write(Path file, int width, int height) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            writeSvg(file, width, height);
        } else {
            writePng(file, width, height);
        }
    }

    /** Opens an interactive window (drag to zoom, as JFreeChart's panel does); needs a display. */
    public void show() {
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalStateException("no display to show the plot on (headless); write a PNG or SVG with -o instead");
        }
        javax.swing.JFrame frame = new javax.swing.JFrame(title);
        frame.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
        frame.setContentPane(new ChartPanel(chart()));
        frame.pack();
        frame.setVisible(true);
    }

    /** The plotted numbers, every snapshot: time, total, heap after GC, then each series' bytes (and share for lines). */
    public void writeCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(List.of("time_s", "live_bytes", "heap_after_gc_bytes"));
            for (Series s : series) {
                header.add(csv(s.label() + "_bytes"));
                if (kind == Kind.LINES) {
                    header.add(csv(s.label() + "_share"));
                }
            }
            w.write(String.join(",", header) + "\n");
            for (int i = 0; i < times.length; i++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.9f,%d,%s", times[i], total[i],
                        heapAfterGc[i] < 0 ? "" : Long.toString(heapAfterGc[i])));
                for (Series s : series) {
                    row.append(',').append(s.bytes()[i]);
                    if (kind == Kind.LINES) {
                        row.append(',').append(String.format(Locale.ROOT, "%.6f", total[i] <= 0 ? 0 : (double) s.bytes()[i] / total[i]));
                    }
                }
                w.write(row.append('\n').toString());
            }
        }
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break. */
    static String csv(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    @Override
    public String toString() {
        return kind + " time plot of " + times.length + " snapshots, " + series.size() + " series; peak " + ByteUnits.format(
                java.util.Arrays.stream(total).max().orElse(0));
    }
}
