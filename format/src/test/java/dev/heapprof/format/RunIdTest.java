package dev.heapprof.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunIdTest {
    private static final int IDS = 1000;

    @Test
    void idsAreDistinct() {
        Set<RunId> seen = new HashSet<>();
        for (int i = 0; i < IDS; i++) {
            assertTrue(seen.add(RunId.random()), "a repeated run id after " + i + " ids");
        }
    }

    /**
     * Every one of the 128 bits is set in about half of the ids. The bound (35% to 65% of 1,000) is
     * 9.5 standard deviations wide for random bits, so it fails only for a broken source: a byte
     * left zero, a half of the id copied into the other, a counter in place of random bits.
     */
    @Test
    void everyBitIsRandom() {
        int[] ones = new int[128];
        for (int i = 0; i < IDS; i++) {
            RunId id = RunId.random();
            for (int bit = 0; bit < 64; bit++) {
                ones[bit] += (int) (id.high() >>> bit) & 1;
                ones[64 + bit] += (int) (id.low() >>> bit) & 1;
            }
        }
        for (int bit = 0; bit < 128; bit++) {
            assertTrue(ones[bit] > IDS * 35 / 100 && ones[bit] < IDS * 65 / 100, "bit " + bit + " was set in " + ones[bit] + " of " + IDS + " ids");
        }
        int same = 0;
        for (int i = 0; i < IDS; i++) {
            RunId id = RunId.random();
            same += id.high() == id.low() ? 1 : 0;
        }
        assertEquals(0, same, "ids whose two halves are equal");
    }

    @Test
    void printsAs32HexDigits() {
        assertEquals("000000000000000100000000000000ff", new RunId(1, 255).toString());
    }
}
