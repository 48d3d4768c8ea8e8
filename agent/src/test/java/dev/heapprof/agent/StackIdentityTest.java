package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys from the JVM's backtrace: equal exactly when the decoded stacks (and types and depths) are
 * equal. The agent opens {@code java.lang} through Instrumentation; this test gets it from
 * {@code --add-opens} (see the module's pom).
 */
class StackIdentityTest {
    private final String[] why = new String[1];
    private final StackIdentity identity = StackIdentity.open(null, why);

    private static Throwable at(int depth, boolean otherLine) {
        if (depth > 0) {
            return at(depth - 1, otherLine);
        }
        if (otherLine) {
            return new Throwable();
        }
        return new Throwable();
    }

    @Test
    void opensOnThisJvm() {
        assertThat(identity).as("why: %s", why[0]).isNotNull();
    }

    @Test
    void equalKeysExactlyForEqualDecodedStacks() {
        assertThat(identity).as("why: %s", why[0]).isNotNull();
        Map<StackIdentity.Key, String> byKey = new HashMap<>();
        List<String> distinct = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int depth : new int[] {0, 1, 31, 32, 33, 70}) {
                for (boolean otherLine : new boolean[] {false, true}) {
                    Throwable t = at(depth, otherLine);
                    String decoded = java.util.Arrays.toString(t.getStackTrace());
                    StackIdentity.Key key = identity.keyOf(t, String.class, Integer.MAX_VALUE);
                    assertThat(key).isNotNull();
                    String before = byKey.putIfAbsent(key, decoded);
                    assertThat(before == null ? decoded : before).isEqualTo(decoded);
                    if (round == 0) {
                        distinct.add(decoded);
                    }
                }
            }
        }
        assertThat(distinct).doesNotHaveDuplicates();
        assertThat(byKey).hasSize(distinct.size());
    }

    @Test
    void theTypeAndTheTotalDepthArePartOfTheKey() {
        Throwable t = at(40, false);
        assertThat(identity.keyOf(t, String.class, 20)).isEqualTo(identity.keyOf(t, String.class, 20))
                .isNotEqualTo(identity.keyOf(t, Integer.class, 20));
        // Same first 20 frames, different total depth: a truncated trace must not be taken for another.
        assertThat(identity.keyOf(at(40, false), String.class, 20)).isNotEqualTo(identity.keyOf(at(41, false), String.class, 20));
        assertThat(identity.keyOf(t, String.class, 20).frames()).isEqualTo(20);
    }
}
