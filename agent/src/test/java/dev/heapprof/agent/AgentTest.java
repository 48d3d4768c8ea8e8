package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The agent's decisions at start: whether the heap has room for it, whether it tracks deaths. */
class AgentTest {
    private static final long MIB = 1 << 20;

    @Test
    void aHeapUnder8MiBIsRefusedWithItsSize() {
        assertThat(Agent.heapTooSmall(4 * MIB)).isEqualTo(
                "the heap's maximum, 4.00 MiB, leaves no room for it beside the program (it needs -Xmx8m or more)");
        assertThat(Agent.heapTooSmall(Agent.MIN_HEAP_BYTES - 1)).isNotNull();
        // -Xmx8m as ParallelGC reports it (one survivor space less), and as G1 does.
        assertThat(Agent.heapTooSmall(7_864_320)).isNull();
        assertThat(Agent.heapTooSmall(8 * MIB)).isNull();
        assertThat(Agent.heapTooSmall(Long.MAX_VALUE)).isNull();
    }

    @Test
    void deathsAreTrackedUnlessGenerationalZgcOrLiveFalse() {
        assertThat(Agent.tracksDeaths(AgentOptions.parse("log=none"), false)).isTrue();
        assertThat(Agent.tracksDeaths(AgentOptions.parse("log=none"), true)).isFalse();
        assertThat(Agent.tracksDeaths(AgentOptions.parse("log=none,live=true"), true)).isTrue();
        assertThat(Agent.tracksDeaths(AgentOptions.parse("log=none,live=false"), false)).isFalse();
    }
}
