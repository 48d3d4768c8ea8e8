package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionCacheTest {
    private final SessionCache cache = new SessionCache();

    @Test
    void aReturningCustomerReusesTheirSession() {
        cache.touch(order(1, 7, 100));
        cache.touch(order(2, 7, 250));

        assertThat(cache.size()).isEqualTo(1);
        Session session = cache.biggestSpender();
        assertThat(session.customerId()).isEqualTo(7);
        assertThat(session.orders()).isEqualTo(2);
        assertThat(session.spentCents()).isEqualTo(350);
        assertThat(session.lastSeenMillis()).isEqualTo(2_000);
    }

    @Test
    void nothingIsEverEvicted() {
        for (int customer = 0; customer < 5_000; customer++) {
            cache.touch(order(customer, customer, 1));
        }
        for (int i = 0; i < 5_000; i++) {
            cache.touch(order(10_000 + i, 0, 1));
        }
        assertThat(cache.size()).isEqualTo(5_000);
    }

    @Test
    void theDigestDoesNotDependOnTheOrderCustomersArrivedIn() {
        SessionCache reversed = new SessionCache();
        for (int i = 0; i < 100; i++) {
            cache.touch(order(i, i, 10 + i));
            reversed.touch(order(99 - i, 99 - i, 10 + (99 - i)));
        }
        assertThat(reversed.digest()).isEqualTo(cache.digest());
        cache.touch(order(100, 5, 1));
        assertThat(reversed.digest()).isNotEqualTo(cache.digest());
    }

    @Test
    void theBiggestSpenderBreaksTiesByTheLowestCustomer() {
        cache.touch(order(1, 9, 500));
        cache.touch(order(2, 4, 500));
        cache.touch(order(3, 6, 499));

        assertThat(cache.biggestSpender().customerId()).isEqualTo(4);
        assertThat(new SessionCache().biggestSpender()).isNull();
    }

    private static OrderRecord order(long id, long customer, long cents) {
        return new OrderRecord(id, id * 1_000, customer, Region.US_EAST, 1, 1, cents);
    }
}
