package dev.heapprof.analyzer.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.ProfileFixture;
import dev.heapprof.analyzer.digest.DigestOptions;
import dev.heapprof.analyzer.digest.DigestProgress;
import dev.heapprof.format.Frame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class TimePlotTest {
    @TempDir
    static Path dir;
    static Path base;

    static final Frame MAIN = ProfileFixture.frame("com.acme.Main", "main", "Main.java", 10);
    static final Frame CACHE = ProfileFixture.frame("com.acme.Cache", "put", "Cache.java", 7);
    static final Frame BUFFER = ProfileFixture.frame("com.acme.Report", "buffer", "Report.java", 88);
    static final Frame PARSE = ProfileFixture.frame("com.acme.Parser", "read", "Parser.java", 42);

    /** A leak that grows, a spike in the middle, a GC and a mark: 10 s, every allocation recorded. */
    @BeforeAll
    static void record() throws IOException {
        base = dir.resolve("p");
        try (ProfileFixture p = ProfileFixture.create(base, 0)) {
            long cache = p.trace("com.acme.Session", CACHE, MAIN);
            long buffer = p.trace("byte[]", BUFFER, MAIN);
            long parse = p.trace("char[]", PARSE, MAIN);
            for (int s = 0; s < 10; s++) {
                p.alloc(s * 1_000_000_000L + 1, cache, 1_000_000);
                p.alloc(s * 1_000_000_000L + 2, parse, 100_000);
            }
            p.alloc(4_500_000_000L, buffer, 8_000_000);
            p.gc(1, 5_400_000_000L, 5_500_000_000L, 20_000_000, 9_000_000);
            p.free(5_500_000_000L, buffer, 8_000_000, 4_500_000_000L, 1);
            p.mark(5_000_000_000L, "report done");
            p.alloc(10_000_000_000L, parse, 8);
        }
    }

    private static Profile open() throws IOException {
        return Profile.open(base, new DigestOptions(100_000_000L, 0), DigestProgress.NONE, false);
    }

    @Test
    void thePngIsAPictureOfTheAskedSize() throws IOException {
        try (Profile p = open()) {
            Path png = dir.resolve("total.png");
            p.timePlot().writePng(png, 1200, 800);
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(1200);
            assertThat(image.getHeight()).isEqualTo(800);
        }
    }

    @Test
    void theSvgIsWellFormedWithAxisLabelsInUnits() throws Exception {
        try (Profile p = open()) {
            Path svg = dir.resolve("lines.svg");
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("cache", "Cache.java:7");
            lines.put("report <buffer>", "com.acme.Report.buffer:88");
            p.timePlot(lines).writeSvg(svg, 1200, 800);
            DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
            xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
            Document d = xml.newDocumentBuilder().parse(svg.toFile());
            assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
            String text = Files.readString(svg);
            assertThat(text).contains("time since the start of profiling (s)").contains("report &lt;buffer&gt;")
                    .contains("com.acme.Main: live memory over time");
            // Vertical axis labels are drawn as shapes in SVG: check them on the chart itself.
            var rows = (org.jfree.chart.plot.CombinedDomainXYPlot) p.timePlot(lines).chart().getXYPlot();
            assertThat(rows.getSubplots()).extracting(x -> ((org.jfree.chart.plot.XYPlot) x).getRangeAxis().getLabel())
                    .containsExactly("live (MiB)", "through the line (MiB)", "share of live (%)");
        }
    }

    @Test
    void linesAreInTheOrderGivenAndStackedAreasAddUpToTheTotal() throws IOException {
        try (Profile p = open()) {
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("z-parser", "Parser.java:42");
            lines.put("a-cache", "Cache.java:7");
            TimePlot l = p.timePlot(lines);
            assertThat(l.series()).extracting(TimePlot.Series::label).containsExactly("z-parser", "a-cache");

            TimePlot top = p.timePlotTop(2);
            assertThat(top.kind()).isEqualTo(TimePlot.Kind.STACKED);
            List<TimePlot.Series> s = top.series();
            assertThat(s).extracting(TimePlot.Series::label).last().isEqualTo("others");
            long[] total = top.total();
            for (int k = 0; k < total.length; k++) {
                long sum = 0;
                for (TimePlot.Series x : s) {
                    sum += x.bytes()[k];
                }
                assertThat(sum).as("snapshot %d", k).isEqualTo(total[k]);
            }
            assertThatThrownBy(() -> p.timePlotTop(0)).hasMessageContaining("at least 1");
        }
    }

    @Test
    void theCsvHasEverySnapshotWithItsUnits() throws IOException {
        try (Profile p = open()) {
            Path csv = dir.resolve("lines.csv");
            p.timePlot(Map.of("cache, the leak", "Cache.java:7")).writeCsv(csv);
            List<String> rows = Files.readAllLines(csv);
            assertThat(rows.get(0)).isEqualTo("time_s,live_bytes,heap_after_gc_bytes,\"cache, the leak_bytes\",\"cache, the leak_share\"");
            assertThat(rows).hasSize(1 + p.snapshotCount());
            assertThat(rows.get(rows.size() - 1)).startsWith("10.000000000,11000008,9000000,10000000,0.909090");
        }
    }

    @Test
    void theByteAxisUnitFollowsTheMagnitude() {
        assertThat(TimePlot.unitName(TimePlot.unitFor(500))).isEqualTo("B");
        assertThat(TimePlot.unitName(TimePlot.unitFor(5_000))).isEqualTo("KiB");
        assertThat(TimePlot.unitName(TimePlot.unitFor(50_000_000))).isEqualTo("MiB");
        assertThat(TimePlot.unitName(TimePlot.unitFor(5L << 30))).isEqualTo("GiB");
    }
}
