package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of the format over random inputs (docs/format.md): event streams round-trip exactly;
 * a file cut at any offset yields exactly its complete blocks; bit flips are caught or skipped,
 * never a crash; hostile lengths and counts cost an error message, not memory.
 */
class FormatPropertiesTest {
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("heapprof-props");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One event as the writer takes it: kind 0 alloc, 1 free, 2 gc, 3 mark, 4 counter. */
    record Ev(int kind, long time, long trace, long size, long thread, long back, long gc) {
        void writeTo(EventLogWriter w) throws IOException {
            switch (kind) {
                case 0 -> w.alloc(time, trace, size, thread);
                case 1 -> w.free(time, trace, size, time - Math.min(back, time), gc);
                case 2 -> w.gc(new GcInfo(gc, "G1 Young", "cause", time - Math.min(back, time), time, size, size / 2, size * 2));
                case 3 -> w.mark(time, "m" + trace);
                default -> w.counter(time, size);
            }
        }
    }

    /** What a reader hands back for an Ev, in a comparable form. */
    static final class Collector implements EventVisitor {
        final List<List<Object>> seen = new ArrayList<>();

        @Override
        public void alloc(long t, long trace, long size, long thread) {
            seen.add(List.of(0, t, trace, size, thread));
        }

        @Override
        public void free(long t, long trace, long size, long allocTime, long gcId) {
            seen.add(List.of(1, t, trace, size, allocTime, gcId));
        }

        @Override
        public void gc(GcInfo gc) {
            seen.add(List.of(2, gc.endNanos(), gc.id(), gc.startNanos(), gc.heapUsedBefore()));
        }

        @Override
        public void mark(long t, String label) {
            seen.add(List.of(3, t, label));
        }

        @Override
        public void counter(long t, long total) {
            seen.add(List.of(4, t, total));
        }
    }

    static List<Object> expected(Ev e) {
        long back = Math.min(e.back, e.time);
        return switch (e.kind) {
            case 0 -> List.of(0, e.time, e.trace, e.size, e.thread);
            case 1 -> List.of(1, e.time, e.trace, e.size, e.time - back, e.gc);
            case 2 -> List.of(2, e.time, e.gc, e.time - back, e.size);
            case 3 -> List.of(3, e.time, "m" + e.trace);
            default -> List.of(4, e.time, e.size);
        };
    }

    @Provide
    Arbitrary<List<Ev>> streams() {
        Arbitrary<Long> small = Arbitraries.longs().between(0, 300);
        Arbitrary<Long> any = Arbitraries.oneOf(small, Arbitraries.longs().between(0, Long.MAX_VALUE / 4));
        Arbitrary<Long> size = Arbitraries.oneOf(Arbitraries.longs().between(1, 128).map(u -> u * 8), any);
        Arbitrary<Ev> ev = Combinators.combine(Arbitraries.integers().between(0, 4), any, small, size, small, any, any)
                .as(Ev::new);
        return ev.list().ofMaxSize(300);
    }

    private static Path write(List<Ev> events, int flushEvery) throws IOException {
        Path file = Files.createTempFile(dir, "s", ".hpd");
        try (EventLogWriter w = EventLogWriter.create(file, TestFiles.eventsHeader(0), 8, null, true)) {
            for (int i = 0; i < events.size(); i++) {
                events.get(i).writeTo(w);
                if ((i + 1) % flushEvery == 0) {
                    w.flush();
                }
            }
        }
        return file;
    }

    private static Collector read(Path file) throws IOException {
        Collector c = new Collector();
        try (EventLogReader r = EventLogReader.open(file)) {
            r.readAll(c);
        }
        return c;
    }

    @Property(tries = 200)
    void randomEventStreamsRoundTripExactly(@ForAll("streams") List<Ev> events) throws IOException {
        Path file = write(events, Integer.MAX_VALUE);
        Collector c = read(file);
        assertThat(c.seen).isEqualTo(events.stream().map(FormatPropertiesTest::expected).toList());
        Files.delete(file);
    }

    @Property(tries = 25)
    void truncationAtEveryOffsetReturnsExactlyTheCompletePrefix(@ForAll("streams") @Size(max = 60) List<Ev> events,
            @ForAll @IntRange(min = 1, max = 10) int flushEvery) throws IOException {
        Path file = write(events, flushEvery);
        byte[] all = Files.readAllBytes(file);
        List<List<Object>> expectedAll = events.stream().map(FormatPropertiesTest::expected).toList();
        // Block ends and the events complete at each: the writer also closes blocks on its own
        // (size, time going backwards), so the file's framing says where the prefixes end.
        List<long[]> blockEnds = new ArrayList<>();
        try (EventLogReader r = EventLogReader.open(file)) {
            Collector c = new Collector();
            while (r.readBlock(c)) {
                blockEnds.add(new long[] {r.position(), c.seen.size()});
            }
            assertThat(c.seen).isEqualTo(expectedAll);
        }
        Path cut = Files.createTempFile(dir, "cut", ".hpd");
        for (int at = 0; at <= all.length; at++) {
            Files.write(cut, Arrays.copyOf(all, at));
            long complete = 0;
            for (long[] b : blockEnds) {
                if (b[0] <= at) {
                    complete = b[1];
                }
            }
            // The header block ends before the first flush; a cut inside it only loses the header.
            try (EventLogReader r = EventLogReader.open(cut)) {
                Collector c = new Collector();
                r.readAll(c);
                assertThat(c.seen).as("cut at %d", at).isEqualTo(expectedAll.subList(0, (int) complete));
                assertThat(r.report().problemCount()).as("cut at %d", at).isZero();
                assertThat(r.report().trailingBytes()).as("cut at %d", at).isEqualTo(at - firstBlockEnd(all, at));
            }
        }
        Files.delete(cut);
        Files.delete(file);
    }

    /** Where the complete blocks of a cut file end (prologue included), computed from the framing alone. */
    private static long firstBlockEnd(byte[] all, int cut) {
        if (cut < FormatConstants.PROLOGUE_SIZE) {
            return 0;
        }
        long pos = FormatConstants.PROLOGUE_SIZE;
        while (pos + FormatConstants.BLOCK_HEADER_SIZE <= cut) {
            long end = pos + FormatConstants.BLOCK_HEADER_SIZE + (BlockReader.intLE(all, (int) pos) & 0xFFFFFFFFL);
            if (end > cut) {
                break;
            }
            pos = end;
        }
        return pos;
    }

    @Property(tries = 300)
    void bitFlipsAreDetectedOrSkippedNeverACrash(@ForAll("streams") @Size(min = 1, max = 100) List<Ev> events,
            @ForAll @IntRange(min = 1, max = 8) int flips, @ForAll long seed) throws IOException {
        Path file = write(events, 7);
        byte[] data = Files.readAllBytes(file);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(data.length);
            data[at] ^= (byte) (1 << random.nextInt(8));
        }
        Files.write(file, data);
        List<List<Object>> expectedAll = events.stream().map(FormatPropertiesTest::expected).toList();
        try (EventLogReader r = EventLogReader.open(file)) {
            Collector c = new Collector();
            r.readAll(c);
            // Whatever survives is a subsequence of what was written: nothing invented.
            int j = 0;
            for (List<Object> e : c.seen) {
                while (j < expectedAll.size() && !expectedAll.get(j).equals(e)) {
                    j++;
                }
                assertThat(j).as("decoded event %s was never written", e).isLessThan(expectedAll.size());
                j++;
            }
            if (c.seen.size() < events.size()) {
                assertThat(r.report().problemCount() + (r.header() == null ? 1 : 0)).isPositive();
            }
        } catch (FormatException e) {
            // Only the prologue (magic, major version) may refuse the whole file.
            assertThat(e.offset()).isBetween(0L, 4L);
        }
        Files.delete(file);
    }

    @Property(tries = 100)
    void bitFlipsInMetadataAndDigestNeverCrash(@ForAll @IntRange(min = 1, max = 8) int flips, @ForAll long seed) throws IOException {
        ProfilePaths paths = WorkedExample.writeAll(Files.createTempDirectory(dir, "we"));
        java.util.Random random = new java.util.Random(seed);
        for (Path p : List.of(paths.metadata(), paths.digest())) {
            byte[] data = Files.readAllBytes(p);
            for (int i = 0; i < flips; i++) {
                int at = random.nextInt(data.length);
                data[at] ^= (byte) (1 << random.nextInt(8));
            }
            Files.write(p, data);
        }
        try {
            ProfileMetadata meta = MetadataReader.read(paths.metadata());
            for (long id = 0; id < 4; id++) {
                assertThat(meta.trace(id)).isNotNull();
            }
        } catch (FormatException e) {
            assertThat(e.offset()).isBetween(0L, 4L);
        }
        try (DigestReader digest = DigestReader.open(paths.digest())) {
            for (int k = 0; k < digest.snapshotCount(); k++) {
                try {
                    assertThat(digest.snapshot(k).index()).isEqualTo(k);
                } catch (FormatException e) {
                    assertThat(e.getMessage()).contains(paths.digest().toString());
                }
            }
        } catch (FormatException e) {
            assertThat(e.offset()).isBetween(0L, 4L);
        }
    }

    @Property(tries = 50)
    void hostileLengthsAndCountsAreRejectedWithBoundedMemory(@ForAll @IntRange(min = 0, max = 5) int where,
            @ForAll @IntRange(min = 31, max = 63) int log2) throws IOException {
        long claim = 1L << log2;
        RecordBuffer header = new RecordBuffer(64);
        RecordBuffer body = new RecordBuffer(64);
        FileKind kind = where < 3 ? FileKind.METADATA : FileKind.DIGEST;
        if (kind == FileKind.METADATA) {
            TestFiles.header(0).writeTo(header);
            switch (where) {
                case 0 -> { // string length
                    body.putByte(FormatConstants.HPM_STRING);
                    body.putVarLong(1);
                    body.putVarLong(claim);
                }
                case 1 -> { // frame count of a trace
                    body.putByte(FormatConstants.HPM_TRACE);
                    body.putVarLong(1);
                    body.putVarLong(1);
                    body.putByte(0);
                    body.putVarLong(claim);
                }
                default -> { // extension body length
                    body.putByte(0x21);
                    body.putVarLong(claim);
                }
            }
        } else {
            new DigestHeader(new RunId(1, 1), 0, 0, 0, 0, 1, 0).writeTo(header);
            body.putByte(FormatConstants.HPC_SNAPSHOT);
            for (int i = 0; i < 9; i++) {
                body.putVarLong(i == 0 ? 0 : where == 3 && i == 1 ? claim : 1);
            }
            body.putVarLong(where >= 4 ? claim : 0);
        }
        Path file = TestFiles.rawFile(Files.createTempFile(dir, "h", kind.suffix()), kind, List.of(header, body));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        if (kind == FileKind.METADATA) {
            ProfileMetadata meta = MetadataReader.read(file);
            assertThat(meta.report().problems()).singleElement().asString().contains(file.toString()).contains("at byte");
        } else {
            try (DigestReader digest = DigestReader.open(file)) {
                if (where >= 4) {
                    assertThat(digest.snapshotCount()).isEqualTo(1);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> digest.snapshot(0))
                            .isInstanceOf(FormatException.class).hasMessageContaining("trace count");
                } else if (claim > 0) {
                    assertThat(digest.snapshot(0).timeNanos()).isEqualTo(claim);
                } else {
                    // 2^63 does not fit a non-negative long: a clear error, not a negative time.
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> digest.snapshot(0))
                            .isInstanceOf(FormatException.class).hasMessageContaining("negative snapshot field");
                }
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated while reading a hostile file").isLessThan(4L << 20);
        Files.delete(file);
    }
}
