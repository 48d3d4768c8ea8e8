package dev.heapprof.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heapprof.format.Frame;
import dev.heapprof.format.StackTrace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DressedTraceTest {
    private static final Frame BAR = new Frame("com.acme.Foo", "bar", "Foo.java", 5);
    private static final Frame MAIN = new Frame("com.acme.Main", "main", "Main.java", 3);
    private static final Frame THREAD = new Frame("java.lang.Thread", "run", null, 0);

    @TempDir
    Path dir;

    @Test
    void putsEachFramesSourceLineOrWhyNotUnderIt() throws IOException {
        Path src = SourceFiles.tree(dir.resolve("src"), Map.of("com/acme/Foo.java", SourceFiles.FOO));
        StackTrace trace = new StackTrace(7, "int[]", List.of(BAR, MAIN, THREAD), false);
        try (SourceLocator sources = SourceLocator.open(List.of(src))) {
            DressedTrace dressed = DressedTrace.of(trace, sources);
            assertThat(dressed.trace()).isEqualTo(trace);
            assertThat(dressed.sources()).containsExactly(
                    "        int[] x = new int[10];",
                    "(no source: no file Main.java under com/acme in " + src + ")",
                    "(no source: the frame has no source file name or line number)");
            assertThat(dressed.format()).isEqualTo("int[]\n"
                    + "\tat com.acme.Foo.bar(Foo.java:5)\n"
                    + "\t\t        int[] x = new int[10];\n"
                    + "\tat com.acme.Main.main(Main.java:3)\n"
                    + "\t\t(no source: no file Main.java under com/acme in " + src + ")\n"
                    + "\tat java.lang.Thread.run(Unknown Source)\n"
                    + "\t\t(no source: the frame has no source file name or line number)\n");
        }
    }

    @Test
    void marksATruncatedTrace() {
        DressedTrace dressed = new DressedTrace(new StackTrace(1, "byte[]", List.of(MAIN), true), List.of("run();"));
        assertThat(dressed.format()).isEqualTo("byte[]\n\tat com.acme.Main.main(Main.java:3)\n\t\trun();\n\t... (truncated)\n");
    }

    @Test
    void anEmptyTraceIsItsTypeAlone() {
        assertThat(new DressedTrace(StackTrace.UNKNOWN, List.of()).format()).isEqualTo("<unknown>\n");
    }

    @Test
    void needsOneSourceLinePerFrame() {
        StackTrace trace = new StackTrace(1, "int[]", List.of(BAR, MAIN), false);
        assertThatThrownBy(() -> new DressedTrace(trace, List.of("only one")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the trace has 2 frames but 1 source lines were given");
    }
}
