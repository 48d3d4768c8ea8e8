package dev.heapprof.analyzer.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void formatsWithAUnitChosenByMagnitude() {
        assertThat(Durations.format(999)).isEqualTo("999 ns");
        assertThat(Durations.format(2_500)).isEqualTo("2.5 µs");
        assertThat(Durations.format(10_000_000)).isEqualTo("10 ms");
        assertThat(Durations.format(1_500_000_000L)).isEqualTo("1.5 s");
        assertThat(Durations.format(60_000_000_000L)).isEqualTo("60 s");
        assertThat(Durations.format(125_000_000_000L)).isEqualTo("2 min 5 s");
    }

    @Test
    void parsesNumbersWithUnits() {
        assertThat(Durations.parse("1s")).isEqualTo(1_000_000_000L);
        assertThat(Durations.parse("2.5s")).isEqualTo(2_500_000_000L);
        assertThat(Durations.parse("250ms")).isEqualTo(250_000_000L);
        assertThat(Durations.parse(" 3 ")).isEqualTo(3_000_000_000L);
        assertThat(Durations.parse("1m")).isEqualTo(60_000_000_000L);
        assertThat(Durations.parse("10us")).isEqualTo(10_000L);
        assertThat(Durations.parse("1h")).isEqualTo(3_600_000_000_000L);
        assertThatThrownBy(() -> Durations.parse("fast")).hasMessageContaining("'fast' is not a duration");
        assertThatThrownBy(() -> Durations.parse("5 parsecs")).hasMessageContaining("unknown unit 'parsecs'");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("at least 1 ns");
        assertThatThrownBy(() -> Durations.parse("1e30s")).isInstanceOf(IllegalArgumentException.class);
    }
}
