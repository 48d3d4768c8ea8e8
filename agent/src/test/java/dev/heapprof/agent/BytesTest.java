package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class BytesTest {
    @Test
    void smallCountsInBytesLargerOnesInBinaryUnitsWithTwoOrThreeDigits() {
        assertThat(Bytes.format(0)).isEqualTo("0 B");
        assertThat(Bytes.format(1023)).isEqualTo("1023 B");
        assertThat(Bytes.format(1024)).isEqualTo("1.00 KiB");
        assertThat(Bytes.format(1536)).isEqualTo("1.50 KiB");
        assertThat(Bytes.format(50 * 1024 * 1024 + 900 * 1024)).isEqualTo("50.9 MiB");
        assertThat(Bytes.format(300L << 30)).isEqualTo("300 GiB");
        assertThat(Bytes.format(Long.MAX_VALUE)).isEqualTo("8.00 EiB");
    }

    @Test
    void negativeCountsKeepTheirSignEvenTheMostNegative() {
        assertThat(Bytes.format(-1536)).isEqualTo("-1.50 KiB");
        assertThat(Bytes.format(Long.MIN_VALUE)).isEqualTo("-8.00 EiB");
    }

    @Test
    void theProgramsLocaleDoesNotChangeTheDecimalPoint() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Bytes.format(1536)).isEqualTo("1.50 KiB");
            assertThat(Plural.of(12_345, "sample", "samples")).isEqualTo("12,345 samples");
            Locale.setDefault(Locale.forLanguageTag("fr-FR"));
            assertThat(Plural.of(1_234_567, "class", "classes")).isEqualTo("1,234,567 classes");
        } finally {
            Locale.setDefault(before);
        }
    }
}
