package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiLineTest {
    @Test
    void writesNumbersAndCents() {
        AsciiLine line = new AsciiLine(64).append('#').appendNumber(0).append(' ').appendNumber(9_876_543_210L)
                .append(' ').appendCents(1299).append(' ').appendCents(5).append(' ').appendCents(100);

        assertThat(text(line)).isEqualTo("#0 9876543210 12.99 0.05 1.00");
    }

    @Test
    void clearStartsANewLineAndCopyIntoWritesAtAnOffset() {
        AsciiLine line = new AsciiLine(16).append("abc".getBytes(StandardCharsets.US_ASCII));
        line.clear().append("xy".getBytes(StandardCharsets.US_ASCII));
        byte[] target = {'-', '-', '-', '-'};

        line.copyInto(target, 1);

        assertThat(line.length()).isEqualTo(2);
        assertThat(new String(target, StandardCharsets.US_ASCII)).isEqualTo("-xy-");
    }

    private static String text(AsciiLine line) {
        byte[] bytes = new byte[line.length()];
        line.copyInto(bytes, 0);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
