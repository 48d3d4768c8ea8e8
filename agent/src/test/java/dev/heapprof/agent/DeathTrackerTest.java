package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heapprof.agent.DeathTracker.TrackedSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeathTrackerTest {
    @Test
    void droppedObjectsAreReportedOnceAndKeptOnesAreNot() throws InterruptedException {
        DeathTracker tracker = new DeathTracker();
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Object o = new byte[64];
            tracker.track(o, 80, i);
            if (i % 2 == 0) {
                kept.add(o);
            }
        }
        assertThat(tracker.trackedCount()).isEqualTo(100);

        List<TrackedSample> dead = new ArrayList<>();
        for (int attempt = 0; attempt < 50 && dead.size() < 50; attempt++) {
            System.gc();
            dead.addAll(tracker.drain(100));
        }

        assertThat(dead).hasSize(50).allSatisfy(s -> assertThat(s.allocTime % 2).isEqualTo(1));
        assertThat(dead).extracting(s -> s.allocTime).doesNotHaveDuplicates();
        assertThat(tracker.trackedCount()).isEqualTo(50);
        assertThat(tracker.everTracked()).isEqualTo(100);
        assertThat(tracker.drain(0)).isEmpty();
        assertThat(kept).hasSize(50); // reachable until here
    }

    @Test
    void aSampleCarriesItsSizeTimeAndLaterItsTrace() {
        DeathTracker tracker = new DeathTracker();
        Object o = new Object();
        TrackedSample s = tracker.track(o, 16, 1234);
        assertThat(s.size).isEqualTo(16);
        assertThat(s.allocTime).isEqualTo(1234);
        assertThat(s.traceId).isEqualTo(-1); // decided later, by the agent's thread
        assertThat(s.get()).isSameAs(o);
    }

    @Test
    void samplesFromHalfARegionOnAreCountedAsHumongous() {
        DeathTracker g1 = new DeathTracker(1 << 20);
        Object small = new byte[16];
        Object large = new byte[2 << 20];
        g1.track(small, (1 << 20) - 1, 0);
        g1.track(large, 1 << 20, 1);
        g1.track(large, 2 << 20, 2);
        assertThat(g1.humongousTracked()).isEqualTo(2);
        assertThat(g1.humongousTrackedBytes()).isEqualTo(3 << 20);
        assertThat(new DeathTracker().humongousTracked()).isZero();
        DeathTracker other = new DeathTracker();
        other.track(large, 2 << 20, 0);
        assertThat(other.humongousTracked()).as("not G1: nothing is humongous").isZero();
        assertThat(small).isNotNull();
    }
}
