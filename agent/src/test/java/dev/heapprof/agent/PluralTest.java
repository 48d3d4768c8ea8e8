package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneIsSingularAndEveryOtherCountPluralWithThousandsSeparated() {
        assertThat(Plural.of(1, "class", "classes")).isEqualTo("1 class");
        assertThat(Plural.of(0, "class", "classes")).isEqualTo("0 classes");
        assertThat(Plural.of(2, "GC", "GCs")).isEqualTo("2 GCs");
        assertThat(Plural.of(12_345, "sample", "samples")).isEqualTo("12,345 samples");
    }
}
