package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataPipelineTest {
    private static final String SUMMARY = "records=\\d+ leaked=\\d+ checksum=[0-9a-f]{16}";

    @Test
    void smallScaleRunsThePhasesInOrderAndEndsWithTheSummaryLine() {
        Run run = Run.of("--scale=0.05");

        assertThat(run.exitCode).isZero();
        List<String> phases = run.stdoutLines().stream().filter(l -> l.startsWith("phase ")).toList();
        assertThat(phases).hasSize(4);
        assertThat(phases.get(0)).startsWith("phase 1/4: ingest");
        assertThat(phases.get(1)).startsWith("phase 2/4: report (spike)");
        assertThat(phases.get(2)).startsWith("phase 3/4: ingest");
        assertThat(phases.get(3)).startsWith("phase 4/4: summary");
        List<String> lines = run.stdoutLines();
        String last = lines.get(lines.size() - 1);
        assertThat(last).matches(SUMMARY);
        assertThat(last).startsWith("records=" + Workload.forScale(0.05).totalOrders() + " ");
    }

    @Test
    void smallScaleIsQuick() {
        long start = System.nanoTime();
        Run.of("--scale=0.05");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
    }

    @Test
    void stdoutIsTheSameInTwoRunsAndTimingsGoToStderr() {
        Run first = Run.of("--scale=0.05");
        Run second = Run.of("--scale=0.05");

        assertThat(second.stdout).isEqualTo(first.stdout);
        assertThat(first.stdout).doesNotContain("took");
        assertThat(first.stderr).contains("phase 2/4 took");
    }

    @Test
    void theSummaryDependsOnTheScale() {
        assertThat(Run.of("--scale=0.02").lastLine()).isNotEqualTo(Run.of("--scale=0.03").lastLine());
    }

    @Test
    void theLeakHoldsMoreSessionsAtTheEndThanAtMidRun() {
        DataPipeline pipeline = new DataPipeline(Workload.forScale(0.2), Run.discard(), Run.discard());

        pipeline.ingestFirstPart();
        int midRun = pipeline.liveSessions();
        pipeline.report();
        pipeline.ingestSecondPart();
        int atEnd = pipeline.liveSessions();

        assertThat(midRun).isPositive();
        assertThat(atEnd).isGreaterThan(midRun);
        // steady: the second half of the stream adds about as many sessions as the first
        assertThat((double) atEnd / midRun).isBetween(1.8, 2.3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--scale=abc", "--scale=0", "--scale=-1", "--scale=NaN", "--scale=", "--scale=1e9",
            "--frobnicate", "extra", "--scale"})
    void aBadArgumentIsOneLineOnStderrAndExitCode2(String arg) {
        Run run = Run.of(arg);

        assertThat(run.exitCode).isEqualTo(DataPipeline.EXIT_USAGE);
        assertThat(run.stdout).isEmpty();
        assertThat(run.stderr).startsWith("DataPipeline: ").endsWith(System.lineSeparator());
        assertThat(run.stderr.strip()).doesNotContain("\n").contains("usage:");
    }

    @Test
    void helpPrintsTheUsageAndDoesNothingElse() {
        Run run = Run.of("--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.stdoutLines()).containsExactly(PipelineArguments.USAGE);
        assertThat(run.stderr).isEmpty();
    }

    /** One in-process run of {@link DataPipeline#run} with its output captured. */
    static final class Run {
        final int exitCode;
        final String stdout;
        final String stderr;

        private Run(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        static Run of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = DataPipeline.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        static PrintStream discard() {
            return new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        }

        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        String lastLine() {
            List<String> lines = stdoutLines();
            return lines.get(lines.size() - 1);
        }
    }
}
