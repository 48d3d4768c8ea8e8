package dev.heapprof.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionTest {
    @Test
    void theRingWrapsAroundAndTheCountsKeepGoing() {
        Session session = new Session(3, 1_000, new long[Session.RECENT_ORDERS]);
        for (int i = 1; i <= 3 * Session.RECENT_ORDERS; i++) {
            session.record(new OrderRecord(i, 1_000 + i, 3, Region.EU_WEST, 1, 1, 10));
        }
        assertThat(session.orders()).isEqualTo(3 * Session.RECENT_ORDERS);
        assertThat(session.spentCents()).isEqualTo(30L * Session.RECENT_ORDERS);
        assertThat(session.lastSeenMillis()).isEqualTo(1_000 + 3 * Session.RECENT_ORDERS);
    }

    @Test
    void theDigestFollowsTheState() {
        Session a = new Session(3, 1_000, new long[Session.RECENT_ORDERS]);
        Session b = new Session(3, 1_000, new long[Session.RECENT_ORDERS]);
        a.record(new OrderRecord(1, 1_001, 3, Region.EU_WEST, 1, 1, 10));
        b.record(new OrderRecord(1, 1_001, 3, Region.EU_WEST, 1, 1, 10));
        assertThat(a.digest()).isEqualTo(b.digest());
        b.record(new OrderRecord(2, 1_002, 3, Region.EU_WEST, 1, 1, 10));
        assertThat(a.digest()).isNotEqualTo(b.digest());
    }

    @Test
    void aSessionWithoutOrdersHasADigest() {
        new Session(1, 0, new long[Session.RECENT_ORDERS]).digest();
    }

    @Test
    void aRingOfTheWrongSizeIsRefused() {
        assertThatThrownBy(() -> new Session(1, 0, new long[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
