package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import testprograms.Ticker;

/**
 * kill -9 after a few seconds of allocation: both files read back without error and hold the
 * events up to about one flush interval before the kill.
 */
class AgentCrashIT {
    @TempDir
    Path dir;


    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void killMinusNineLosesAtMostAboutOneFlushInterval(Path jdk) throws Exception {
        Path base = dir.resolve("killed");
        List<String> cmd = ForkedRun.command(jdk, "file=" + base + ",flush=500ms", List.of(), Ticker.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
        int lastPrinted = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long firstTick = 0;
            while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
                lastPrinted = Integer.parseInt(line.substring("tick ".length()));
                if (lastPrinted == 0) {
                    firstTick = System.nanoTime();
                }
                if (System.nanoTime() - firstTick > TimeUnit.SECONDS.toNanos(3)) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
                    break;
                }
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
        assertThat(lastPrinted).isGreaterThan(20);

        RecordedProfile profile = new RecordedProfile(base);
        assertThat(profile.metadata.report().problemCount()).isZero();
        assertThat(profile.eventsReport.problemCount()).isZero();
        assertThat(profile.metadata.header()).isNotNull();
        int lastRecorded = profile.marks.stream().mapToInt(m -> Integer.parseInt(m.substring("tick ".length()))).max().orElse(-1);
        // Ticks are 50 ms apart (plus the work between them): a 500 ms flush interval loses at most
        // about ten of them; allow for a busy machine.
        assertThat(lastRecorded).as("last tick recorded, %d printed", lastPrinted).isGreaterThanOrEqualTo(lastPrinted - 20);
        assertThat(profile.allocs).isNotEmpty();
        assertThat(profile.allocs).allMatch(a -> !a.trace().isUnknown());
    }
}
