package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThreadSamplerTest {
    @Test
    void countdownsAreExponentialWithTheIntervalAsMean() {
        ThreadSampler s = new ThreadSampler(null, 1, 42, 1000);
        int n = 200_000;
        double sum = 0;
        double sumSquares = 0;
        long above = 0;
        for (int i = 0; i < n; i++) {
            long c = s.nextCountdown(1000);
            sum += c;
            sumSquares += (double) c * c;
            if (c > 1000) {
                above++;
            }
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSquares / n - mean * mean);
        // Exponential: mean = sd = interval, P(X > mean) = 1/e. Five standard errors of slack.
        assertThat(mean).isCloseTo(1000, within(5 * 1000 / Math.sqrt(n)));
        assertThat(sd).isCloseTo(1000, within(30.0));
        assertThat((double) above / n).isCloseTo(Math.exp(-1), within(5 * Math.sqrt(0.23 / n)));
    }

    @Test
    void theSameSeedAndThreadGiveTheSameSequence() {
        ThreadSampler a = new ThreadSampler(null, 7, 99, 4096);
        ThreadSampler b = new ThreadSampler(null, 7, 99, 4096);
        ThreadSampler other = new ThreadSampler(null, 8, 99, 4096);
        boolean differs = false;
        for (int i = 0; i < 100; i++) {
            long x = a.nextCountdown(4096);
            assertThat(b.nextCountdown(4096)).isEqualTo(x);
            differs |= other.nextCountdown(4096) != x;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void exactModeSamplesEveryAllocation() {
        assertThat(new ThreadSampler(null, 1, 1, 0).nextCountdown(0)).isZero();
    }

    @Test
    void busyParksTheCountdownAndRestoresIt() {
        ThreadSampler s = new ThreadSampler(null, 1, 1, 1000);
        s.countdown = 123;
        s.enter();
        s.enter();
        assertThat(s.countdown).isEqualTo(Long.MAX_VALUE);
        s.exit();
        assertThat(s.countdown).isEqualTo(Long.MAX_VALUE);
        s.exit();
        assertThat(s.countdown).isEqualTo(123);
        s.enter();
        s.exitWithNewCountdown(1000);
        assertThat(s.countdown).isPositive().isNotEqualTo(Long.MAX_VALUE);
    }
}
