package dev.heapprof.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteUnitsTest {
    @Test
    void choosesTheUnitByMagnitude() {
        assertThat(ByteUnits.format(0)).isEqualTo("0 B");
        assertThat(ByteUnits.format(1)).isEqualTo("1 B"); // the model printed 1024.0mB for this
        assertThat(ByteUnits.format(1023)).isEqualTo("1023 B");
        assertThat(ByteUnits.format(1024)).isEqualTo("1.00 KiB");
        assertThat(ByteUnits.format(1536)).isEqualTo("1.50 KiB");
        assertThat(ByteUnits.format(23.4 * 1024 * 1024)).isEqualTo("23.4 MiB");
        assertThat(ByteUnits.format(512.0 * 1024 * 1024)).isEqualTo("512 MiB");
        assertThat(ByteUnits.format(2L << 30)).isEqualTo("2.00 GiB");
        assertThat(ByteUnits.format(Long.MAX_VALUE)).isEqualTo("8.00 EiB");
    }

    @Test
    void keepsTheSignOfNegatives() {
        assertThat(ByteUnits.format(-1)).isEqualTo("-1 B");
        assertThat(ByteUnits.format(-3 * 1024 * 1024)).isEqualTo("-3.00 MiB");
        assertThat(ByteUnits.format(Double.NaN)).isEqualTo("n/a");
    }
}
