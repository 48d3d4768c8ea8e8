package dev.heapprof.examples.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Sessions by customer, so that each order can update its customer's running state without a
 * database round trip.
 *
 * <p>This is the demo's slow leak, and it is deliberate: the cache has no eviction. Sessions were
 * meant to expire {@value #INTENDED_IDLE_MINUTES} minutes after a customer's last order, but
 * nothing ever removes one, and new customers keep arriving (one order in
 * {@value RecordGenerator#NEW_CUSTOMER_ONE_IN}). Its size grows in proportion to the orders
 * processed until, at the end of the run, it holds more live memory than anything else. The
 * allocations that leak sit in one method, {@link #open}, so that a profiler's view of live memory
 * by line points right at it.
 */
final class SessionCache {
    /** What the expiry would have been, had anyone written it. */
    static final int INTENDED_IDLE_MINUTES = 30;

    private final Map<Long, Session> sessions = new HashMap<>();

    /** Finds or opens the session of the order's customer and records the order in it. */
    void touch(OrderRecord order) {
        Session session = sessions.get(order.customerId());
        if (session == null) {
            session = open(order);
        }
        session.record(order);
    }

    /** The leaking allocations: a new session and its ring, kept for ever. */
    private Session open(OrderRecord order) {
        long[] recentOrderIds = new long[Session.RECENT_ORDERS];
        Session session = new Session(order.customerId(), order.timestampMillis(), recentOrderIds);
        sessions.put(order.customerId(), session);
        return session;
    }

    /** How many sessions the cache holds: never fewer than a moment before. */
    int size() {
        return sessions.size();
    }

    /** A digest of every session, independent of the map's iteration order. */
    long digest() {
        long d = 0;
        for (Session s : sessions.values()) {
            d += s.digest();
        }
        return d;
    }

    /** The session that spent the most (ties: the lowest customer id), or {@code null} when empty. */
    Session biggestSpender() {
        Session best = null;
        for (Session s : sessions.values()) {
            if (best == null || s.spentCents() > best.spentCents()
                    || s.spentCents() == best.spentCents() && s.customerId() < best.customerId()) {
                best = s;
            }
        }
        return best;
    }
}
