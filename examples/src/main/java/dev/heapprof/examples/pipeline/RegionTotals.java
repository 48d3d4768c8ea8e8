package dev.heapprof.examples.pipeline;

/**
 * Orders and revenue per region: the pipeline's legitimate long-lived state. It is a few small
 * arrays allocated once, so it stays flat while everything else moves, which is the point: a
 * profiler should not show it at all.
 */
final class RegionTotals {
    private final long[] orders = new long[Region.count()];
    private final long[] revenueCents = new long[Region.count()];

    void add(OrderRecord order) {
        int r = order.region().ordinal();
        orders[r]++;
        revenueCents[r] += order.amountCents();
    }

    long orders(Region region) {
        return orders[region.ordinal()];
    }

    long revenueCents(Region region) {
        return revenueCents[region.ordinal()];
    }

    long totalOrders() {
        long sum = 0;
        for (long n : orders) {
            sum += n;
        }
        return sum;
    }
}
