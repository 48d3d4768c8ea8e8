package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void groupsDigitsAsFormatterDoes() {
        long[] edges = {0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, 12_345_678, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long n : edges) {
            assertThat(Numbers.grouped(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long n = random.nextLong() >> random.nextInt(64);
            assertThat(Numbers.grouped(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
    }

    @Test
    void roundsHalfUpFromTheShortestDecimalFormAsFormatterDoes() {
        assertThat(Numbers.fixed(2.675, 2)).isEqualTo("2.68");
        assertThat(Numbers.fixed(0.5, 0)).isEqualTo("1");
        assertThat(Numbers.fixed(99.95, 1)).isEqualTo("100.0");
        assertThat(Numbers.fixed(1e20, 0)).isEqualTo("100000000000000000000");
        assertThat(Numbers.fixed(Double.NaN, 1)).isEqualTo("NaN");
        assertThat(Numbers.fixed(9.995, 2)).isEqualTo("10.00");
        assertThat(Numbers.fixed(0.0, 2)).isEqualTo("0.00");
        double[] edges = {-0.0, -0.001, -2.675, 1.5e-5, 0.0049, 0.005, 999.5, 1e-300, 1.7976931348623157e308, 123456789.125};
        for (double v : edges) {
            for (int decimals = 0; decimals < 3; decimals++) {
                assertThat(Numbers.fixed(v, decimals)).as("%s to %d decimals", v, decimals)
                        .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
            }
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            double v = (random.nextBoolean() ? 1 : -1) * random.nextDouble() * Math.pow(10, random.nextInt(-8, 22));
            int decimals = random.nextInt(3);
            assertThat(Numbers.fixed(v, decimals)).as("%s to %d decimals", v, decimals)
                    .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
        }
    }
}
