package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordGeneratorTest {
    @Test
    void twoGeneratorsHandOutTheSameLines() {
        RecordGenerator a = new RecordGenerator();
        RecordGenerator b = new RecordGenerator();
        for (int i = 0; i < 10_000; i++) {
            assertThat(a.nextLine()).isEqualTo(b.nextLine());
        }
        assertThat(a.linesGenerated()).isEqualTo(10_000);
    }

    @Test
    void linesLookLikeOrders() {
        String line = new String(new RecordGenerator().nextLine(), StandardCharsets.US_ASCII);
        assertThat(line).matches("1000000,17\\d{11},cust-0,[a-z]+-[a-z]+,sku-\\d+,[1-5],\\d+");
    }

    @Test
    void newCustomersArriveAtASteadyRate() {
        RecordGenerator generator = new RecordGenerator();
        RecordParser parser = new RecordParser();
        Set<Long> customers = new HashSet<>();
        List<Integer> newPerQuarter = new ArrayList<>();
        int quarter = 100_000;
        for (int q = 0; q < 4; q++) {
            int before = customers.size();
            for (int i = 0; i < quarter; i++) {
                customers.add(parser.parse(generator.nextLine()).customerId());
            }
            newPerQuarter.add(customers.size() - before);
        }
        int expected = quarter / RecordGenerator.NEW_CUSTOMER_ONE_IN;
        assertThat(newPerQuarter).allSatisfy(n -> assertThat(n).isBetween(expected * 8 / 10, expected * 12 / 10));
    }
}
