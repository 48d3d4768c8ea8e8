package dev.heapprof.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.format.SamplingWeights;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import testprograms.SampledSites;

/**
 * Sampling is unbiased: per site, the weighted estimate of bytes and objects from a sampled run
 * agrees with exact mode within five standard deviations of the estimator, a bound the weights
 * themselves predict (Horvitz-Thompson variance n(1-p)/p for objects, n s^2 (1-p)/p for bytes).
 * At five sigma a failure has a probability below one in a million, so the test cannot be flaky
 * by chance; it fails when the sampling or the weights are wrong. A fixed seed also makes the
 * sampled run repeatable.
 */
class AgentSamplingIT {
    private static final String PROGRAM = SampledSites.class.getName();
    private static final long INTERVAL = 64 * 1024;

    @TempDir
    Path dir;


    @ParameterizedTest
    @MethodSource("dev.heapprof.agent.it.ForkedRun#jdks")
    void estimatesAgreeWithExactModeWithinTheirStatisticalBound(Path jdk) throws Exception {
        Path exactBase = dir.resolve("exact");
        Path sampledBase = dir.resolve("sampled");
        assertThat(ForkedRun.run(jdk, "file=" + exactBase + ",interval=0", List.of(), PROGRAM).exitCode()).isZero();
        ForkedRun.Result sampled = ForkedRun.run(jdk, "file=" + sampledBase + ",interval=64k,seed=42", List.of(), PROGRAM);
        assertThat(sampled.exitCode()).as(sampled.stderr()).isZero();
        // ~180 MiB allocated: the exit line states the coverage.
        assertThat(sampled.stderr()).containsPattern("heapprof: [0-9,]+ samples, about .* of the program's .* \\(coverage [0-9]+%");
        RecordedProfile exact = new RecordedProfile(exactBase);
        RecordedProfile est = new RecordedProfile(sampledBase);
        assertThat(est.samplingInterval).isEqualTo(INTERVAL);

        for (String method : List.of("small", "medium", "large")) {
            List<RecordedProfile.Alloc> truth = exact.allocsAt(PROGRAM, method);
            assertThat(truth).isNotEmpty();
            long n = truth.size();
            long size = truth.get(0).size();
            assertThat(truth).allMatch(a -> a.size() == size);
            double p = SamplingWeights.probability(size, INTERVAL);
            double trueBytes = (double) n * size;

            List<RecordedProfile.Alloc> samples = est.allocsAt(PROGRAM, method);
            double estObjects = samples.stream().mapToDouble(a -> SamplingWeights.scaleFactor(a.size(), INTERVAL)).sum();
            double estBytes = samples.stream().mapToDouble(a -> a.size() * SamplingWeights.scaleFactor(a.size(), INTERVAL)).sum();
            double sigmaObjects = Math.sqrt(n * (1 - p) / p);
            double sigmaBytes = size * sigmaObjects;
            assertThat(Math.abs(estObjects - n)).as("%s: %.0f objects estimated, %d true, sigma %.1f", method, estObjects, n, sigmaObjects)
                    .isLessThanOrEqualTo(5 * sigmaObjects + 1e-9);
            assertThat(Math.abs(estBytes - trueBytes)).as("%s: %.0f bytes estimated, %.0f true", method, estBytes, trueBytes)
                    .isLessThanOrEqualTo(5 * sigmaBytes + 1e-6);
        }

        // Same seed, same program: the same samples at the program's sites.
        Path againBase = dir.resolve("again");
        assertThat(ForkedRun.run(jdk, "file=" + againBase + ",interval=64k,seed=42", List.of(), PROGRAM).exitCode()).isZero();
        RecordedProfile again = new RecordedProfile(againBase);
        for (String method : List.of("small", "medium", "large")) {
            assertThat(again.allocsAt(PROGRAM, method)).as("samples at %s with the same seed", method)
                    .hasSameSizeAs(est.allocsAt(PROGRAM, method));
        }
    }
}
