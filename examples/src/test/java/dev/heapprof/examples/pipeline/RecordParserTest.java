package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RecordParserTest {
    private final RecordParser parser = new RecordParser();

    @Test
    void parsesEveryField() {
        OrderRecord order = parse("1000042,1700000123456,cust-123,eu-north,sku-771,2,1299");

        assertThat(order).isEqualTo(new OrderRecord(1000042, 1700000123456L, 123, Region.EU_NORTH, 771, 2, 1299));
        assertThat(order.amountCents()).isEqualTo(2598);
    }

    @Test
    void readsWhatTheGeneratorWrites() {
        RecordGenerator generator = new RecordGenerator();
        long previousId = 0;
        for (int i = 0; i < 10_000; i++) {
            OrderRecord order = parser.parse(generator.nextLine());
            assertThat(order.orderId()).isGreaterThan(previousId);
            assertThat(order.quantity()).isBetween(1, 5);
            assertThat(order.sku()).isBetween(1, RecordGenerator.SKUS - 1);
            previousId = order.orderId();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1,2,cust-3,eu-west,sku-4,5", "1,2,cust-3,eu-west,sku-4,5,6,7", "x,2,cust-3,eu-west,sku-4,5,6",
            "1,2,client-3,eu-west,sku-4,5,6", "1,2,cust-3,eu-westish,sku-4,5,6", "1,2,cust-3,mars,sku-4,5,6",
            "1,2,cust-3,eu-west,sku-4,0,6", "1,2,cust-3,eu-west,sku-4,5,1234567890123456789"})
    void rejectsAMalformedLine(String line) {
        assertThatThrownBy(() -> parse(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed order line: expected ");
    }

    private OrderRecord parse(String line) {
        return parser.parse(line.getBytes(StandardCharsets.US_ASCII));
    }
}
