package dev.heapprof.examples.pipeline;

import java.util.Arrays;

/**
 * The report over a window of orders: the demo's memory spike.
 *
 * <p>Like many real reports it is written the simple way: it materializes every order of its
 * window in {@link WindowColumns}, builds a sort buffer ordered by amount and an index ordered by
 * customer (each as long as the window), and answers its queries (percentiles, top customer,
 * busiest minute, drill-downs) from those, all of it live until the last answer is in. The window
 * is large, so for the report's duration the live heap is several times the pipeline's baseline;
 * once {@link #run} has returned its small {@link ReportSummary} and the stage is dropped, all of
 * it is garbage at once. Each big structure is allocated in its own method, so a profiler's view by
 * line names them: {@link WindowColumns}, {@link #sortedByAmount}, {@link #indexByCustomer}.
 *
 * <p>The drill-downs are what keeps the buffers alive for about a second at scale 1: their work is
 * fixed (each scans part of the sort buffer), never timed.
 */
final class ReportStage {
    /** Products a drill-down looks at: a slice of the catalogue. */
    private static final int DRILL_DOWN_SKUS = 500;
    private static final long ROW_MASK = 0xFFFF_FFFFL;
    private static final long MINUTE_MILLIS = 60_000;

    private final WindowColumns window;
    private final int drillDowns;

    /**
     * @param window     how many orders the report covers
     * @param drillDowns how many drill-down queries it answers
     */
    ReportStage(int window, int drillDowns) {
        this.window = new WindowColumns(window);
        this.drillDowns = drillDowns;
    }

    /**
     * Pulls the window's orders from the source through the normal ingest path (they are orders
     * like any other: totals and sessions see them) and keeps each as a row.
     */
    void materialize(RecordGenerator source, IngestStage ingest) {
        while (!window.isFull()) {
            window.append(ingest.accept(source.nextLine()));
        }
    }

    /** Answers the report's queries; the buffers stay live until it returns. */
    ReportSummary run() {
        int rows = window.size();
        long[] byAmount = sortedByAmount();
        long[] byCustomer = indexByCustomer();
        Checksum digest = new Checksum();
        long matches = 0;
        for (int q = 0; q < drillDowns; q++) {
            matches += drillDown(byAmount, q, digest);
        }
        long p50 = rows == 0 ? 0 : window.amountCents(row(byAmount[percentileIndex(50)]));
        long p99 = rows == 0 ? 0 : window.amountCents(row(byAmount[percentileIndex(99)]));
        int customers = 0;
        long topCustomer = -1;
        long topCents = 0;
        for (int i = 0; i < rows; ) {
            long customer = byCustomer[i] >>> 32;
            long cents = 0;
            for (; i < rows && byCustomer[i] >>> 32 == customer; i++) {
                cents += window.amountCents(row(byCustomer[i]));
            }
            customers++;
            if (cents > topCents) {
                topCustomer = customer;
                topCents = cents;
            }
        }
        int busiestMinute = busiestMinuteOrders();
        digest.add(p50);
        digest.add(p99);
        digest.add(topCustomer);
        digest.add(topCents);
        digest.add(busiestMinute);
        return new ReportSummary(rows, customers, p50, p99, topCustomer, topCents, busiestMinute, drillDowns, matches,
                digest.value());
    }

    /** The spike's sort buffer: (amount, row) pairs packed in longs, sorted. */
    private long[] sortedByAmount() {
        long[] byAmount = new long[window.size()];
        for (int row = 0; row < byAmount.length; row++) {
            byAmount[row] = window.amountCents(row) << 32 | row;
        }
        Arrays.sort(byAmount);
        return byAmount;
    }

    /** The spike's index: (customer, row) pairs packed in longs, sorted, so a customer's rows are adjacent. */
    private long[] indexByCustomer() {
        long[] byCustomer = new long[window.size()];
        for (int row = 0; row < byCustomer.length; row++) {
            byCustomer[row] = window.customerId(row) << 32 | row;
        }
        Arrays.sort(byCustomer);
        return byCustomer;
    }

    /** The most orders placed within one minute of event time (the window is in time order). */
    private int busiestMinuteOrders() {
        int best = 0;
        for (int from = 0, to = 0; to < window.size(); to++) {
            while (window.timestampMillis(to) - window.timestampMillis(from) >= MINUTE_MILLIS) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }

    /**
     * Drill-down {@code q}: the orders of one region, in one slice of the catalogue, above one
     * percentile of the amount, found by scanning the sort buffer from that percentile up. Each match
     * is handed over as a String of its rendered text (short-lived garbage, like a page of results
     * sent to a client) that goes into the digest. Returns how many rows matched.
     */
    private long drillDown(long[] byAmount, int q, Checksum digest) {
        Region region = Region.ofOrdinal(q % Region.count());
        int skuFrom = 1 + (int) ((q * 7919L) % (RecordGenerator.SKUS - DRILL_DOWN_SKUS));
        int skuTo = skuFrom + DRILL_DOWN_SKUS;
        long matches = 0;
        for (int i = byAmount.length == 0 ? 0 : percentileIndex(q % 50); i < byAmount.length; i++) {
            int row = row(byAmount[i]);
            int sku = window.sku(row);
            if (sku >= skuFrom && sku < skuTo && window.region(row) == region) {
                matches++;
                digest.add(window.text(row).hashCode());
            }
        }
        digest.add(matches);
        return matches;
    }

    private static int row(long packed) {
        return (int) (packed & ROW_MASK);
    }

    private int percentileIndex(int percent) {
        return (int) Math.min(window.size() - 1, (long) window.size() * percent / 100);
    }
}
