package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportStageTest {
    private static final int WINDOW = 20_000;

    @Test
    void answersMatchABruteForceOverTheSameOrders() {
        ReportSummary summary = report(WINDOW, 12);

        List<OrderRecord> orders = replay(WINDOW);
        List<Long> amounts = orders.stream().map(OrderRecord::amountCents).sorted().toList();
        Map<Long, Long> totals = new HashMap<>();
        orders.forEach(o -> totals.merge(o.customerId(), o.amountCents(), Long::sum));
        Map.Entry<Long, Long> top = totals.entrySet().stream()
                .max(Comparator.<Map.Entry<Long, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow();

        assertThat(summary.rows()).isEqualTo(WINDOW);
        assertThat(summary.customers()).isEqualTo(totals.size());
        assertThat(summary.p50Cents()).isEqualTo(amounts.get(WINDOW / 2));
        assertThat(summary.p99Cents()).isEqualTo(amounts.get(WINDOW * 99 / 100));
        assertThat(summary.topCustomerId()).isEqualTo(top.getKey());
        assertThat(summary.topCustomerCents()).isEqualTo(top.getValue());
        assertThat(summary.busiestMinuteOrders()).isBetween(1, WINDOW);
        assertThat(summary.drillDowns()).isEqualTo(12);
        assertThat(summary.drillDownMatches()).isPositive();
    }

    @Test
    void theWindowsOrdersGoThroughTheIngestPathToo() {
        RegionTotals totals = new RegionTotals();
        SessionCache sessions = new SessionCache();
        IngestStage ingest = new IngestStage(totals, sessions, new Checksum());

        new ReportStage(1_000, 1).materialize(new RecordGenerator(), ingest);

        assertThat(ingest.records()).isEqualTo(1_000);
        assertThat(totals.totalOrders()).isEqualTo(1_000);
        assertThat(sessions.size()).isPositive();
    }

    @Test
    void theSameWindowGivesTheSameDigest() {
        assertThat(report(5_000, 7)).isEqualTo(report(5_000, 7));
        assertThat(report(5_000, 7).digest()).isNotEqualTo(report(5_000, 8).digest());
    }

    @Test
    void aWindowOfOneOrderWorks() {
        ReportSummary summary = report(1, 3);

        assertThat(summary.rows()).isEqualTo(1);
        assertThat(summary.customers()).isEqualTo(1);
        assertThat(summary.p50Cents()).isEqualTo(summary.p99Cents()).isEqualTo(summary.topCustomerCents());
    }

    @Test
    void describeIsOneLineWithoutTimings() {
        ReportSummary summary = new ReportSummary(3, 2, 1005, 99_999, 42, 300_000, 7, 8, 10, 0);

        assertThat(summary.describe()).isEqualTo("report: rows=3 customers=2 p50=10.05 p99=999.99 top=cust-42 (3000.00)"
                + " busiest-minute=7 drill-downs=8 matches=10");
    }

    private static ReportSummary report(int window, int drillDowns) {
        ReportStage stage = new ReportStage(window, drillDowns);
        stage.materialize(new RecordGenerator(), new IngestStage(new RegionTotals(), new SessionCache(), new Checksum()));
        return stage.run();
    }

    private static List<OrderRecord> replay(int count) {
        RecordGenerator generator = new RecordGenerator();
        RecordParser parser = new RecordParser();
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(parser.parse(generator.nextLine()));
        }
        return orders;
    }
}
