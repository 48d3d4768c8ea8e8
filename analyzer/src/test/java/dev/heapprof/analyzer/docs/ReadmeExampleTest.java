package dev.heapprof.analyzer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.analyzer.HeapSnapshot;
import dev.heapprof.analyzer.LineUsage;
import dev.heapprof.analyzer.Profile;
import dev.heapprof.analyzer.ProfileFixture;
import dev.heapprof.analyzer.source.SourceLocator;
import dev.heapprof.format.Event;
import dev.heapprof.format.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java API example, as written there (the profile and the paths aside), on a profile
 * with an "other" bucket, so that the example cannot rot without this test failing. Keep the body
 * of {@link #example} identical to the README's.
 */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleRuns() throws IOException {
        Path base = dir.resolve("heapprof-demo/pipeline");
        Files.createDirectories(base.getParent());
        try (ProfileFixture p = ProfileFixture.create(base, 64 * 1024)) {
            long leak = p.trace("byte[]", ProfileFixture.frame("dev.heapprof.examples.pipeline.SessionCache", "open", "SessionCache.java", 35),
                    ProfileFixture.frame("dev.heapprof.examples.pipeline.DataPipeline", "main", "DataPipeline.java", 46));
            for (int i = 1; i <= 200; i++) {
                p.alloc(i * 1_000_000L, leak, 640);
                p.alloc(i * 1_000_000L + 1, 0, 24); // "other": no trace
            }
            p.gc(1, 150_000_000L, 151_000_000L, 1_000_000, 500_000);
        }
        Path sources = dir.resolve("examples/src/main/java");
        Files.createDirectories(sources);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example(base, sources, dir.resolve("top.png"));
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("bytes live at").contains("SessionCache.open(SessionCache.java:35)").contains("(other)")
                .contains("1 GCs");
        assertThat(dir.resolve("top.png")).isNotEmptyFile();
    }

    /** The README's example; only the three paths are parameters here. */
    private static void example(Path profile, Path sourceDir, Path picture) throws IOException {
        try (Profile p = Profile.open(profile)) {
            HeapSnapshot peak = p.peak();
            System.out.printf("%d bytes live at %.1f s%n", peak.liveBytes(), peak.timeSeconds());
            peak.usage().forEach((trace, bytes) ->
                    System.out.println(bytes + "  " + p.rawTrace(trace).frames().stream().findFirst().map(Frame::toString).orElse("(other)")));
            LineUsage leak = p.lineUsage(Map.of("leak", "SessionCache.java:35"));
            assertThat(leak.lines()).hasSize(1);
            try (SourceLocator src = SourceLocator.open(List.of(sourceDir))) {
                System.out.println(p.trace(1, src).format());
            }
            try (Stream<Event> events = p.events()) {
                System.out.println(events.filter(e -> e.kind() == Event.Kind.GC).count() + " GCs");
            }
            p.timePlotTop(5).writePng(picture, 1200, 800);
        }
    }
}
