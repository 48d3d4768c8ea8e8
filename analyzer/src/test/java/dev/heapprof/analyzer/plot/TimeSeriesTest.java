package dev.heapprof.analyzer.plot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeSeriesTest {
    @Test
    void fewPointsAreAllKept() {
        assertThat(TimeSeries.keep(new long[] {3, 1, 2}, 10)).containsExactly(0, 1, 2);
    }

    @Test
    void aOneSnapshotSpikeSurvivesDownsampling() {
        long[] values = new long[10_000];
        values[4_321] = 1_000_000; // one snapshot wide
        values[9_999] = 5;
        int[] kept = TimeSeries.keep(values, 100);
        assertThat(kept).hasSize(100).contains(4_321).endsWith(9_999);
        assertThat(kept[0]).isZero();
        for (int i = 1; i < kept.length; i++) {
            assertThat(kept[i]).isGreaterThan(kept[i - 1]);
        }
    }
}
