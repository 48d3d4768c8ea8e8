package dev.heapprof.analyzer.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceTableTest {
    @Test
    void eachTraceKeepsItsSlotAndFiguresThroughGrowth() {
        TraceTable t = new TraceTable();
        // Dense small ids, as the agent assigns them, and a few hostile ones.
        long[] ids = new long[5_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i < 4_990 ? i : Long.MAX_VALUE - i;
        }
        for (long id : ids) {
            int slot = t.slot(id); // before touching an array: a new slot may replace them
            t.liveBytes[slot] += id % 1000 + 1;
        }
        assertThat(t.size()).isEqualTo(ids.length);
        assertThat(t.capacity()).isGreaterThanOrEqualTo(ids.length * 4 / 3);
        Set<Long> seen = new HashSet<>();
        for (long id : ids) {
            int slot = t.slot(id);
            assertThat(t.idAt(slot)).isEqualTo(id);
            assertThat(t.liveBytes[slot]).isEqualTo(id % 1000 + 1);
            seen.add(id);
        }
        assertThat(t.size()).isEqualTo(seen.size());
    }

    @Test
    void clearingAllocationsKeepsWhatIsLive() {
        TraceTable t = new TraceTable();
        int s = t.slot(7);
        t.liveBytes[s] = 10;
        t.allocatedBytes[s] = 20;
        t.allocatedObjects[s] = 2;
        t.clearAllocated();
        assertThat(t.liveBytes[t.slot(7)]).isEqualTo(10);
        assertThat(t.allocatedBytes[t.slot(7)]).isZero();
        assertThat(t.allocatedObjects[t.slot(7)]).isZero();
    }
}
