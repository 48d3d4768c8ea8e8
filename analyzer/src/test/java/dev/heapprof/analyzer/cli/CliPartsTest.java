package dev.heapprof.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliPartsTest {
    @Test
    void momentsAreKeywordsOrSeconds() {
        assertThat(Moment.parse("peak").keyword()).isEqualTo("peak");
        assertThat(Moment.parse(" END ").keyword()).isEqualTo("end");
        assertThat(Moment.parse("12.5").seconds()).isEqualTo(12.5);
        assertThat(Moment.parse("3s").seconds()).isEqualTo(3.0);
        assertThatThrownBy(() -> Moment.parse("-1")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> Moment.parse("later")).hasMessageContaining("'later' is not a moment");
    }

    @Test
    void theConfidenceIntervalFollowsPoissonSamplingByBytes() {
        long interval = 512 * 1024;
        // Small objects: sd is about sqrt(bytes x interval).
        double bytes = 100L << 20;
        assertThat(TopCommand.halfWidth(bytes, bytes / 32, interval)).isCloseTo(1.96 * Math.sqrt(bytes * interval), within(0.01 * bytes));
        // Objects far above the interval are always sampled: no error.
        assertThat(TopCommand.halfWidth(64L << 20, 1, interval)).isLessThan(1);
        // Exact mode and empty groups: none.
        assertThat(TopCommand.halfWidth(bytes, 10, 0)).isZero();
        assertThat(TopCommand.halfWidth(0, 0, interval)).isZero();
    }

    @Test
    void theSuggestedIntervalAimsAtAThousandSamplesPerSecond() {
        assertThat(StatsCommand.suggestInterval(512.0 * 1024 * 1000)).isEqualTo(512 * 1024);
        assertThat(StatsCommand.suggestInterval(1e3)).isEqualTo(StatsCommand.MIN_SUGGESTED);
        assertThat(StatsCommand.suggestInterval(1e15)).isEqualTo(StatsCommand.MAX_SUGGESTED);
        assertThat(StatsCommand.agentValue(512 * 1024)).isEqualTo("512k");
        assertThat(StatsCommand.agentValue(4L << 20)).isEqualTo("4m");
        assertThat(StatsCommand.agentValue(1L << 30)).isEqualTo("1g");
    }

    @Test
    void dumpQuotesStringsSoThatAnEventIsOneLine() {
        assertThat(DumpCommand.quote("a \"b\"\\\n\tc\u0001")).isEqualTo("\"a \\\"b\\\"\\\\\\n\\tc\\u0001\"");
    }

    @Test
    void longCommandLinesAreAbbreviatedInText() {
        assertThat(InfoCommand.abbreviate("short", 10)).isEqualTo("short");
        assertThat(InfoCommand.abbreviate("x".repeat(30), 10)).startsWith("xxxxxxxxxx ... (20 more characters");
        assertThat(InfoCommand.count(1, "GC")).isEqualTo("1 GC");
        assertThat(InfoCommand.count(1234, "sample")).isEqualTo("1,234 samples");
    }
}
