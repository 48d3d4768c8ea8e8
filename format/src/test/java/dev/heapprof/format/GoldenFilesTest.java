package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/format.md: writing it gives exactly the golden bytes, reading the
 * golden bytes gives back every field, and the annotated dump in the document is the dump of the
 * golden bytes. After a deliberate format change, run this test with -Dheapprof.golden.update=true to
 * rewrite the golden files and the listings in docs/format.md, then review the diff.
 */
class GoldenFilesTest {
    @TempDir
    Path dir;

    private static final boolean UPDATE = Boolean.getBoolean("heapprof.golden.update");
    private static final Path SOURCE = Path.of("src/test/resources/golden");
    private static boolean regenerated;

    /** The golden bytes; in update mode, freshly written into the source tree first. */
    static synchronized byte[] golden(String name) throws IOException {
        if (UPDATE) {
            if (!regenerated) {
                Files.createDirectories(SOURCE);
                ProfilePaths fresh = WorkedExample.writeAll(Files.createTempDirectory("golden"));
                for (Path p : List.of(fresh.metadata(), fresh.events(), fresh.digest())) {
                    Files.copy(p, SOURCE.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                regenerated = true;
            }
            return Files.readAllBytes(SOURCE.resolve(name));
        }
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void writersProduceTheGoldenBytes() throws IOException {
        ProfilePaths paths = WorkedExample.writeAll(dir);
        assertThat(Files.readAllBytes(paths.metadata())).isEqualTo(golden("example.hpm"));
        assertThat(Files.readAllBytes(paths.events())).isEqualTo(golden("example.hpd"));
        assertThat(Files.readAllBytes(paths.digest())).isEqualTo(golden("example.hpc"));
    }

    private ProfilePaths goldenCopy() throws IOException {
        ProfilePaths paths = new ProfilePaths(dir.resolve("golden"));
        Files.write(paths.metadata(), golden("example.hpm"));
        Files.write(paths.events(), golden("example.hpd"));
        Files.write(paths.digest(), golden("example.hpc"));
        return paths;
    }

    @Test
    void metadataReadsBackEveryField() throws IOException {
        ProfileMetadata meta = MetadataReader.read(goldenCopy().metadata());
        assertThat(meta.report().isClean()).isTrue();
        assertThat(meta.header()).isEqualTo(WorkedExample.header());
        assertThat(meta.traceIds()).containsExactly(1L, 2L);
        assertThat(meta.trace(1)).isEqualTo(new StackTrace(1, "java.lang.String",
                List.of(WorkedExample.LOAD, WorkedExample.MAIN_5), false));
        assertThat(meta.trace(2)).isEqualTo(new StackTrace(2, "byte[]",
                List.of(WorkedExample.BUFFER, WorkedExample.MAIN_6), false));
        assertThat(meta.trace(1).frames().get(0)).hasToString("Demo.load(Demo.java:12)");
        assertThat(meta.threadName(1)).isEqualTo("main");
        assertThat(meta.trace(3)).isSameAs(StackTrace.UNKNOWN);
    }

    @Test
    void eventsReadBackEveryField() throws IOException {
        try (EventLogReader reader = EventLogReader.open(goldenCopy().events())) {
            assertThat(reader.header()).isEqualTo(WorkedExample.eventsHeader());
            List<Event> events = new ArrayList<>();
            reader.iterator().forEachRemaining(events::add);
            assertThat(reader.report().isClean()).isTrue();
            double t0 = WorkedExample.START_EPOCH_NANOS / 1e9;
            assertThat(events).containsExactly(
                    new Event(Event.Kind.ALLOC, 1_000, t0 + 1e-6, 1, 24, 1.0, 1, 1_000, 0, null, null, 0),
                    new Event(Event.Kind.ALLOC, 2_500, t0 + 2.5e-6, 2, 1_040, 1.0, 1, 2_500, 0, null, null, 0),
                    new Event(Event.Kind.ALLOC, 4_000, t0 + 4e-6, 1, 24, 1.0, 1, 4_000, 0, null, null, 0),
                    new Event(Event.Kind.GC, 6_000, t0 + 6e-6, 0, 0, 1.0, 0, 0, 1, WorkedExample.GC, null, 0),
                    new Event(Event.Kind.FREE, 6_000, t0 + 6e-6, 1, -24, 1.0, 0, 1_000, 1, null, null, 0),
                    new Event(Event.Kind.MARK, 7_000, t0 + 7e-6, 0, 0, 1.0, 0, 0, 0, null, "done", 0),
                    new Event(Event.Kind.COUNTER, 8_000, t0 + 8e-6, 0, 0, 1.0, 0, 0, 0, null, null, 123_456));
            assertThat(events.get(4).lifetimeNanos()).isEqualTo(5_000);
        }
    }

    @Test
    void digestReadsBackEveryField() throws IOException {
        ProfilePaths paths = goldenCopy();
        try (DigestReader reader = DigestReader.open(paths.digest())) {
            assertThat(reader.isComplete()).isTrue();
            assertThat(reader.report().isClean()).isTrue();
            long hpdSize = Files.size(paths.events());
            assertThat(reader.header().eventsBytes()).isEqualTo(hpdSize);
            assertThat(reader.header()).isEqualTo(WorkedExample.digestHeader(hpdSize, reader.header().eventsLastBlockCrc()));
            assertThat(reader.snapshotCount()).isEqualTo(3);
            for (int k = 2; k >= 0; k--) {
                assertThat(reader.snapshot(k)).isEqualTo(WorkedExample.snapshots().get(k));
            }
        }
        try (EventLogReader events = EventLogReader.open(paths.events()); DigestReader digest = DigestReader.open(paths.digest())) {
            events.readAll(new EventVisitor() {});
            assertThat(digest.header().matches(events.header().runId(), events.position(), events.lastBlockCrc())).isTrue();
        }
    }

    @Test
    void formatDocumentShowsTheAnnotatedGoldenBytes() throws IOException {
        Path doc = Path.of("../docs/format.md");
        String text = Files.readString(doc);
        for (String name : List.of("example.hpm", "example.hpd", "example.hpc")) {
            Path file = Files.write(dir.resolve(name), golden(name));
            String dump = ByteLayoutDump.dump(file);
            assertThat(dump).doesNotContain("MISMATCH").doesNotContain("not explained");
            String start = "<!-- dump of " + name;
            int from = text.indexOf('\n', text.indexOf(start)) + 1;
            int to = text.indexOf("<!-- end of dump -->", from);
            assertThat(text.indexOf(start)).as("docs/format.md has a dump section for %s", name).isNotNegative();
            String section = "```\n" + dump + "```\n";
            if (UPDATE) {
                text = text.substring(0, from) + section + text.substring(to);
                Files.writeString(doc, text);
            }
            assertThat(text.substring(from, to)).as("the dump of %s in docs/format.md (run with -Dheapprof.golden.update=true)", name)
                    .isEqualTo(section);
        }
    }
}
