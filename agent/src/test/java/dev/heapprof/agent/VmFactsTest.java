package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmFactsTest {
    @Test
    void theJvmsCountersSeeWhatThisThreadAllocates() {
        long total = VmFacts.totalAllocatedBytes();
        long mine = VmFacts.currentThreadAllocatedBytes();
        List<byte[]> arrays = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            arrays.add(new byte[64 * 1024]);
        }
        assertThat(total).as("HotSpot has the total since 17.0.x").isPositive();
        assertThat(VmFacts.totalAllocatedBytes() - total).isGreaterThanOrEqualTo(64L * 64 * 1024);
        assertThat(VmFacts.currentThreadAllocatedBytes() - mine).isGreaterThanOrEqualTo(64L * 64 * 1024);
        assertThat(arrays).hasSize(64);
    }

    @Test
    void theLayoutIsOneThisVmCanHave() {
        var layout = VmFacts.objectLayout();
        assertThat(Integer.bitCount(layout.objectAlignment())).isEqualTo(1);
        assertThat(layout.objectAlignment()).isBetween(8, 256);
        if (layout.compactHeaders()) {
            assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(24);
        }
    }

    @Test
    void humongousStartsAtHalfAG1RegionAndNowhereElse() {
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .anyMatch(n -> n.startsWith("G1 "));
        long humongous = VmFacts.g1HumongousBytes();
        if (g1) {
            // Regions are a power of two from 1 MiB to 512 MiB.
            assertThat(Long.bitCount(humongous)).isEqualTo(1);
            assertThat(humongous).isBetween(512L << 10, 256L << 20);
        } else {
            assertThat(humongous).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void theHostNameNeedsNoLookup() {
        assertThat(VmFacts.hostName()).isNotBlank().doesNotContain("\n");
    }
}
