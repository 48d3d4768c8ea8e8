package dev.heapprof.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heapprof.format.Frame;
import dev.heapprof.format.MetadataReader;
import dev.heapprof.format.MetadataWriter;
import dev.heapprof.format.ObjectLayout;
import dev.heapprof.format.ProfileHeader;
import dev.heapprof.format.RunId;
import dev.heapprof.format.StackTrace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineIndexTest {
    private static final Frame ALLOC = new Frame("com.acme.Foo", "bar", "Foo.java", 42);
    private static final Frame LAMBDA = new Frame("com.acme.Foo", "lambda$bar$0", "Foo.java", 42);
    private static final Frame CALLER = new Frame("com.acme.Main", "main", "Main.java", 10);
    private static final Frame INNER = new Frame("com.acme.Foo$Inner", "run", "Foo.java", 77);
    private static final Frame OTHER_FOO = new Frame("org.other.Foo", "run", "Foo.java", 42);
    private static final Frame NO_FILE = new Frame("com.acme.Gen", "make", null, 5);
    private static final Frame NO_LINE = new Frame("java.lang.Thread", "run", null, 0);
    private static final Frame NO_LINE_WITH_FILE = new Frame("java.lang.Thread", "run", "Thread.java", 0);

    private static LineIndex index() {
        return LineIndex.of(List.of(
                new StackTrace(1, "int[]", List.of(ALLOC, CALLER, NO_LINE), false),
                new StackTrace(2, "byte[]", List.of(LAMBDA, ALLOC, CALLER), false),
                new StackTrace(3, "java.lang.String", List.of(INNER, NO_LINE_WITH_FILE), true),
                new StackTrace(4, "long[]", List.of(OTHER_FOO, NO_FILE), false)));
    }

    @Test
    void holdsTheDistinctLinesWithLineNumbersSortedByDisplayName() {
        assertThat(index().lines()).containsExactly(INNER, ALLOC, LAMBDA, NO_FILE, CALLER, OTHER_FOO);
        assertThat(index().lines()).extracting(LineName::of).isSorted();
    }

    @Test
    void skipsTheUnknownTrace() {
        LineIndex index = LineIndex.of(List.of(StackTrace.UNKNOWN,
                new StackTrace(0, "int[]", List.of(ALLOC), false)));
        assertThat(index.lines()).isEmpty();
    }

    @Test
    void findsTheTracesThroughALine() {
        LineIndex index = index();
        assertThat(index.tracesContaining(ALLOC)).containsExactly(1L, 2L);
        assertThat(index.tracesContaining(CALLER)).containsExactly(1L, 2L);
        assertThat(index.tracesContaining(LAMBDA)).containsExactly(2L);
        assertThat(index.tracesContaining(NO_FILE)).containsExactly(4L);
        assertThat(index.tracesContaining(new Frame("com.acme.Foo", "bar", "Foo.java", 43))).isEmpty();
        assertThat(index.tracesContaining(NO_LINE)).as("a frame without a line is no line").isEmpty();
    }

    @Test
    void aLineRepeatedInOneTraceCountsTheTraceOnce() {
        LineIndex index = LineIndex.of(List.of(
                new StackTrace(5, "int[]", List.of(ALLOC, CALLER, ALLOC, CALLER, ALLOC), false),
                new StackTrace(3, "int[]", List.of(ALLOC), false)));
        assertThat(index.tracesContaining(ALLOC)).containsExactly(3L, 5L);
    }

    @Test
    void resolvesEachFormToItsLine() {
        LineIndex index = index();
        assertThat(index.resolve("Main.java:10")).isEqualTo(CALLER);
        assertThat(index.resolve("com/acme/Main.java:10")).isEqualTo(CALLER);
        assertThat(index.resolve("com.acme.Main.main:10")).isEqualTo(CALLER);
        assertThat(index.resolve("com.acme.Foo.bar(Foo.java:42)")).isEqualTo(ALLOC);
        assertThat(index.resolve("com.acme.Foo.bar:42")).isEqualTo(ALLOC);
        assertThat(index.resolve("com/acme/Foo.java:77")).isEqualTo(INNER);
        assertThat(index.resolve("com.acme.Foo.Inner.run:77")).isEqualTo(INNER);
        assertThat(index.resolve(" com.acme.Foo$Inner.run:77 ")).isEqualTo(INNER);
        assertThat(index.resolve("com.acme.Gen.make:5")).isEqualTo(NO_FILE);
    }

    @Test
    void everyDisplayNameResolvesToItsLine() {
        LineIndex index = index();
        for (Frame line : index.lines()) {
            assertThat(index.resolve(LineName.of(line))).isEqualTo(line);
        }
    }

    @Test
    void aNameMatchingNothingListsTheClosestLines() {
        assertThatThrownBy(() -> index().resolve("Main.java:11"))
                .isInstanceOf(UnknownLineException.class)
                .hasMessage(String.join("\n",
                        "no line of the profile matches 'Main.java:11'; the closest lines are:",
                        "  com.acme.Main.main(Main.java:10)",
                        "  com.acme.Foo$Inner.run(Foo.java:77)",
                        "  com.acme.Foo.bar(Foo.java:42)",
                        "  com.acme.Foo.lambda$bar$0(Foo.java:42)",
                        "  org.other.Foo.run(Foo.java:42)"));
    }

    @Test
    void theClosestLinesAreMeasuredInTheFormTheUserWrote() {
        assertThatThrownBy(() -> index().resolve("com.acme.Foo.baz:42"))
                .isInstanceOf(UnknownLineException.class)
                .hasMessageStartingWith("no line of the profile matches 'com.acme.Foo.baz:42'; the closest lines are:\n"
                        + "  com.acme.Foo.bar(Foo.java:42)\n");
        assertThatThrownBy(() -> index().resolve("com.acme.Gen.make(Gen.java:5)"))
                .hasMessageContaining("the closest lines are:\n  com.acme.Gen.make:5\n");
    }

    @Test
    void aPathIsMeasuredAgainstEachLinesPath() {
        Frame acme = new Frame("com.acme.Main", "main", "Main.java", 10);
        Frame zzz = new Frame("org.zzz.Main", "main", "Main.java", 12);
        LineIndex index = LineIndex.of(List.of(new StackTrace(1, "int[]", List.of(acme, zzz), false)));
        assertThat(catchMessage(index, "org/zzz/Main.java:10")).isEqualTo(
                "no line of the profile matches 'org/zzz/Main.java:10'; the closest lines are:\n"
                        + "  org.zzz.Main.main(Main.java:12)\n"
                        + "  com.acme.Main.main(Main.java:10)");
    }

    @Test
    void anEmptyProfileSaysItHasNoLines() {
        assertThatThrownBy(() -> LineIndex.of(List.of()).resolve("Foo.java:1"))
                .isInstanceOf(UnknownLineException.class)
                .hasMessage("no line of the profile matches 'Foo.java:1': the profile records no line numbers");
    }

    @Test
    void aNameMatchingSeveralLinesListsThem() {
        assertThatThrownBy(() -> index().resolve("Foo.java:42"))
                .isInstanceOf(UnknownLineException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(String.join("\n",
                        "'Foo.java:42' is ambiguous: it matches 3 lines",
                        "  com.acme.Foo.bar(Foo.java:42)",
                        "  com.acme.Foo.lambda$bar$0(Foo.java:42)",
                        "  org.other.Foo.run(Foo.java:42)"));
        assertThatThrownBy(() -> index().resolve("com/acme/Foo.java:42"))
                .hasMessageStartingWith("'com/acme/Foo.java:42' is ambiguous: it matches 2 lines\n");
    }

    @Test
    void aLongAmbiguityListsTenAndCountsTheRest() {
        List<StackTrace> traces = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            traces.add(new StackTrace(i + 1, "int[]", List.of(new Frame("p" + (char) ('a' + i) + ".Foo", "m", "Foo.java", 3)), false));
        }
        String message = catchMessage(LineIndex.of(traces), "Foo.java:3");
        assertThat(message.split("\n")).hasSize(12).startsWith(
                "'Foo.java:3' is ambiguous: it matches 13 lines", "  pa.Foo.m(Foo.java:3)");
        assertThat(message).endsWith("\n  pj.Foo.m(Foo.java:3)\n  ... and 3 more");
    }

    @Test
    void aNameWithTheExactClassPicksItOverOneMatchingOnlyWithNestingAlike() {
        Frame nested = new Frame("com.acme.Foo$Inner", "run", "Foo.java", 5);
        Frame packaged = new Frame("com.acme.Foo.Inner", "run", "Foo.java", 5);
        LineIndex index = LineIndex.of(List.of(new StackTrace(1, "int[]", List.of(nested, packaged), false)));
        assertThat(index.resolve("com.acme.Foo$Inner.run:5")).isEqualTo(nested);
        assertThat(index.resolve("com.acme.Foo.Inner.run(Foo.java:5)")).isEqualTo(packaged);
        assertThat(catchMessage(index, "Foo.java:5")).startsWith("'Foo.java:5' is ambiguous: it matches 2 lines");
    }

    @Test
    void aBadNameIsRejectedAsSuch() {
        assertThatThrownBy(() -> index().resolve("Foo.java"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'Foo.java' is not a line name: it has no line number.");
    }

    @Test
    void readsTheTracesOfAProfile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.hpm");
        long first;
        long second;
        ProfileHeader header = new ProfileHeader(new RunId(1, 2), 0, 0, 1, "host", "vm", "vendor", "17", "java Main",
                "Main", "", new ObjectLayout(true, true, false, 8), 64, Map.of());
        try (MetadataWriter writer = MetadataWriter.create(file, header, false)) {
            first = writer.trace("int[]", List.of(ALLOC, CALLER), false);
            second = writer.trace("byte[]", List.of(INNER, CALLER, NO_LINE), false);
        }
        LineIndex index = LineIndex.of(MetadataReader.read(file));
        assertThat(index.lines()).containsExactly(INNER, ALLOC, CALLER);
        assertThat(index.tracesContaining(CALLER)).containsExactlyInAnyOrder(first, second);
        assertThat(index.tracesContaining(index.resolve("Foo.java:77"))).containsExactly(second);
    }

    @Test
    void indexesManyTraces() {
        List<StackTrace> traces = new ArrayList<>();
        for (int id = 1; id <= 100_000; id++) {
            traces.add(new StackTrace(id, "int[]", List.of(
                    new Frame("com.acme.Leaf", "alloc", "Leaf.java", 1 + id % 1000),
                    new Frame("com.acme.Mid", "call", "Mid.java", 1 + id % 10),
                    CALLER), false));
        }
        LineIndex index = LineIndex.of(traces);
        assertThat(index.lines()).hasSize(1000 + 10 + 1);
        assertThat(index.tracesContaining(CALLER)).hasSize(100_000);
        assertThat(index.tracesContaining(index.resolve("Mid.java:3"))).hasSize(10_000).contains(2L, 99_992L);
        assertThat(index.tracesContaining(index.resolve("Leaf.java:1"))).hasSize(100).first().isEqualTo(1000L);
    }

    private static String catchMessage(LineIndex index, String name) {
        try {
            index.resolve(name);
        } catch (UnknownLineException e) {
            return e.getMessage();
        }
        throw new AssertionError(name + " resolved");
    }
}
