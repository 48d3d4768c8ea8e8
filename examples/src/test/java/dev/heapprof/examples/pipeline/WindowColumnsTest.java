package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowColumnsTest {
    @Test
    void keepsEachOrderAsARowWithItsRenderedText() {
        WindowColumns window = new WindowColumns(2);
        window.append(new OrderRecord(1000042, 1700000123456L, 123, Region.EU_WEST, 771, 2, 1299));
        window.append(new OrderRecord(1000043, 1700000123460L, 7, Region.SA_EAST, 5, 1, 5));

        assertThat(window.isFull()).isTrue();
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.orderId(1)).isEqualTo(1000043);
        assertThat(window.timestampMillis(0)).isEqualTo(1700000123456L);
        assertThat(window.customerId(0)).isEqualTo(123);
        assertThat(window.amountCents(0)).isEqualTo(2598);
        assertThat(window.sku(1)).isEqualTo(5);
        assertThat(window.region(1)).isEqualTo(Region.SA_EAST);
        assertThat(window.text(0)).isEqualTo("#1000042 cust-123 eu-west sku-771 2 x 12.99");
        assertThat(window.text(1)).isEqualTo("#1000043 cust-7 sa-east sku-5 1 x 0.05");
    }

    @Test
    void theTextBufferGrowsWhenRowsAreLongerThanGuessed() {
        int rows = 1_000;
        WindowColumns window = new WindowColumns(rows);
        for (int i = 0; i < rows; i++) {
            window.append(new OrderRecord(1_000_000_000_000L + i, i, 1_000_000_000L + i, Region.AP_SOUTH, 4_999, 5,
                    99_999));
        }
        assertThat(window.text(rows - 1)).isEqualTo("#1000000000999 cust-1000000999 ap-south sku-4999 5 x 999.99");
        assertThat(window.text(rows - 1).length()).isGreaterThan(WindowColumns.TEXT_BYTES_PER_ROW);
        assertThat(window.text(0)).startsWith("#1000000000000 ");
    }
}
