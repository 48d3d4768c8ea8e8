package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code main} the way {@code heapprof demo} and the README do, in its own JVM with
 * {@code -Xmx256m}, to check what only a real process shows: the exit code.
 */
class DataPipelineProcessTest {
    @Test
    void aRunExitsWithZero() throws Exception {
        Result result = java("--scale=0.05");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).containsPattern("(?m)^records=\\d+ leaked=\\d+ checksum=[0-9a-f]{16}$");
    }

    @Test
    void aBadArgumentExitsWithTwoAndOneLineOnStderr() throws Exception {
        Result result = java("--scale=abc");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stdout).isEmpty();
        assertThat(result.stderr.lines()).hasSize(1).allMatch(l -> l.startsWith("DataPipeline: --scale"));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result java(String... args) throws IOException, InterruptedException, URISyntaxException {
        Path classes = Path.of(DataPipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classes.toString(), DataPipeline.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(err, StandardCharsets.UTF_8).lines()
                .filter(l -> !l.contains(" took "))
                .reduce("", (a, b) -> a + b + "\n");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), stderr);
    }
}
