package dev.heapprof.examples.pipeline;

/**
 * What the report found, small enough to outlive the report's buffers: once it exists, everything
 * the report materialized can be collected, which ends the spike.
 *
 * @param rows                orders in the window
 * @param customers           distinct customers in the window
 * @param p50Cents            median order amount
 * @param p99Cents            99th percentile of the order amount
 * @param topCustomerId       the customer with the largest total in the window
 * @param topCustomerCents    that customer's total
 * @param busiestMinuteOrders the most orders within one minute of event time
 * @param drillDowns          drill-down queries answered
 * @param drillDownMatches    rows matched by all drill-downs together
 * @param digest              a digest of every answer, for the run's checksum
 */
record ReportSummary(int rows, int customers, long p50Cents, long p99Cents, long topCustomerId, long topCustomerCents,
        int busiestMinuteOrders, int drillDowns, long drillDownMatches, long digest) {

    /** One line for stdout, without timings, so that it is the same in every run. */
    String describe() {
        return "report: rows=" + rows + " customers=" + customers + " p50=" + cents(p50Cents) + " p99="
                + cents(p99Cents) + " top=cust-" + topCustomerId + " (" + cents(topCustomerCents) + ") busiest-minute="
                + busiestMinuteOrders + " drill-downs="
                + drillDowns + " matches=" + drillDownMatches;
    }

    static String cents(long cents) {
        return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
    }
}
