package dev.heapprof.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the command line in-process, through picocli's output streams, and compares with golden files. */
record CliRun(int exitCode, String out, String err) {
    static final Path GOLDEN = Path.of("src/test/resources/golden/cli");
    /** {@code -Dheapprof.golden.update=true} rewrites the golden files from the current output. */
    static final boolean UPDATE = Boolean.getBoolean("heapprof.golden.update");

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeapprofCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The output with the temporary directory replaced by {@code DIR}, so that it is the same on every machine. */
    String outWithout(Path dir) {
        return out.replace(dir.toAbsolutePath().toString(), "DIR").replace(dir.toString(), "DIR");
    }

    void matchesGolden(String name, Path dir) throws IOException {
        assertThat(exitCode).as(err).isZero();
        Path file = GOLDEN.resolve(name);
        String actual = outWithout(dir);
        if (UPDATE || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("output of %s (golden file %s; -Dheapprof.golden.update=true rewrites it)", name, file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
