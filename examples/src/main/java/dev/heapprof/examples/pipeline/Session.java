package dev.heapprof.examples.pipeline;

/**
 * What the pipeline remembers about one customer: when they were first and last seen, what they
 * spent, and the ids of their most recent orders in a small ring (for a "recently ordered" widget).
 * The ring exists from the first order on, so each session costs about 640 bytes (ring, session,
 * map entry): the unit of the leak. The cache allocates the ring and hands it in, so that all of a
 * session's memory is allocated in one method, {@link SessionCache}'s {@code open}.
 */
final class Session {
    /** How many recent order ids a session keeps. */
    static final int RECENT_ORDERS = 64;

    private final long customerId;
    private final long firstSeenMillis;
    private final long[] recentOrderIds;
    private long lastSeenMillis;
    private long orders;
    private long spentCents;

    /**
     * @param recentOrderIds an empty ring of {@link #RECENT_ORDERS} ids, owned by the session from
     *                       now on
     */
    Session(long customerId, long firstSeenMillis, long[] recentOrderIds) {
        if (recentOrderIds.length != RECENT_ORDERS) {
            throw new IllegalArgumentException("a ring of " + RECENT_ORDERS + " ids, got " + recentOrderIds.length);
        }
        this.customerId = customerId;
        this.firstSeenMillis = firstSeenMillis;
        this.lastSeenMillis = firstSeenMillis;
        this.recentOrderIds = recentOrderIds;
    }

    void record(OrderRecord order) {
        recentOrderIds[(int) (orders % RECENT_ORDERS)] = order.orderId();
        orders++;
        spentCents += order.amountCents();
        lastSeenMillis = order.timestampMillis();
    }

    long customerId() {
        return customerId;
    }

    long orders() {
        return orders;
    }

    long spentCents() {
        return spentCents;
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** A digest of this session's state, the same whatever order sessions are visited in. */
    long digest() {
        long d = Checksum.mix(customerId) ^ Checksum.mix(firstSeenMillis + 31 * lastSeenMillis);
        d ^= Checksum.mix(orders * 0x1_0000_0001L + spentCents);
        long latestOrderId = orders == 0 ? 0 : recentOrderIds[(int) ((orders - 1) % RECENT_ORDERS)];
        return d ^ Checksum.mix(latestOrderId);
    }
}
