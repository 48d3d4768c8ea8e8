package dev.heapprof.examples.pipeline;

/**
 * How much work a run does, fixed by the scale and never by the clock: a run at a given scale does
 * the same work and prints the same lines on any machine. At scale 1 it takes about 6 s on a
 * two-core machine and fits in {@code -Xmx256m}; the amounts below were tuned for that (see
 * examples/README.md for the measured shape).
 *
 * @param ordersPerIngestPhase orders streamed by each of the two ingest phases
 * @param reportWindow         orders the report materializes at once: the height of the spike
 * @param drillDowns           drill-down queries the report answers: how long the spike lasts
 */
record Workload(long ordersPerIngestPhase, int reportWindow, int drillDowns) {
    static final long ORDERS_PER_INGEST_PHASE = 9_000_000;
    static final int REPORT_WINDOW = 550_000;
    static final int DRILL_DOWNS = 140;

    /**
     * The work of a run at {@code scale}: the ingest phases and the report's window grow in
     * proportion; the drill-downs each scan the window, so their total work does too.
     */
    static Workload forScale(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number greater than 0, got " + scale);
        }
        return new Workload(Math.max(1, Math.round(ORDERS_PER_INGEST_PHASE * scale)),
                (int) Math.max(1, Math.min(Integer.MAX_VALUE - 8, Math.round(REPORT_WINDOW * scale))), DRILL_DOWNS);
    }

    /** Orders the whole run processes: both ingest phases and the report's window. */
    long totalOrders() {
        return 2 * ordersPerIngestPhase + reportWindow;
    }
}
