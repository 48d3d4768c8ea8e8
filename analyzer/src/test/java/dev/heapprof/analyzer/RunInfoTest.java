package dev.heapprof.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunInfoTest {
    private static RunInfo run(String agentOptions, Map<String, String> properties) {
        return new RunInfo(Instant.EPOCH, 1, 512 * 1024, 1, "host", "vm", "vendor", "25", "java Main", "Main", agentOptions, null, 128,
                properties);
    }

    @Test
    void deathsAreTrackedUnlessTheAgentSaysOtherwise() {
        assertThat(run("", Map.of("live", "true")).deathsNotTrackedBecause()).isNull();
        assertThat(run("file=x", Map.of()).deathsNotTrackedBecause()).as("a profile from before the property").isNull();
    }

    @Test
    void theReasonIsTheOptionOrTheAgentsOwnChoice() {
        assertThat(run("file=x,live=false", Map.of("live", "false")).deathsNotTrackedBecause()).isEqualTo("live=false");
        assertThat(run("file=x", Map.of("live", "false (generational ZGC; live=true tracks deaths anyway)")).deathsNotTrackedBecause())
                .isEqualTo("(generational ZGC; live=true tracks deaths anyway)");
        assertThat(run("file=x, live=false", Map.of()).deathsNotTrackedBecause()).as("a profile from before the property").isEqualTo("live=false");
        assertThat(run("live=true", Map.of("live", "true")).deathsNotTrackedBecause()).isNull();
    }
}
