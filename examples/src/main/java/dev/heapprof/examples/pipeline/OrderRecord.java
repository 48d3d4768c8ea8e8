package dev.heapprof.examples.pipeline;

/**
 * One parsed order line. The ingest path makes one per line and drops it at once, which is the
 * baseline's transient garbage.
 *
 * @param orderId         unique, increasing
 * @param timestampMillis event time, increasing
 * @param customerId      the customer; new ones keep arriving, which is what feeds the leak
 * @param region          where the order comes from
 * @param sku             the product number
 * @param quantity        items ordered, at least 1
 * @param unitPriceCents  price of one item
 */
record OrderRecord(long orderId, long timestampMillis, long customerId, Region region, int sku, int quantity,
        long unitPriceCents) {

    /** What the order is worth, in cents. */
    long amountCents() {
        return quantity * unitPriceCents;
    }
}
