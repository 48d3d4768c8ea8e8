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
    private static final StackCapture CAPTURE = StackCapture.open(null, new String[1]);
    private final String[] why = new String[1];
    private final StackIdentity identity = StackIdentity.open(null, CAPTURE, why);

    /** A stack taken as the agent takes a sample's. */
    private static Throwable at(int depth, boolean otherLine) {
        if (depth > 0) {
            return at(depth - 1, otherLine);
        }
        if (otherLine) {
            return CAPTURE.capture();
        }
        return CAPTURE.capture();
    }

    @Test
    void theStacksAreTakenWithoutAConstructor() {
        assertThat(CAPTURE.withoutConstructor()).isTrue();
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

    /**
     * A capture whose top frames are the JDK's (reflection), not this package's; by a constructor,
     * as the agent takes stacks where {@link StackCapture} cannot be set up.
     */
    private static Throwable capturedByTheJdk(int depth) throws ReflectiveOperationException {
        if (depth > 0) {
            return capturedByTheJdk(depth - 1);
        }
        return Throwable.class.getDeclaredConstructor().newInstance();
    }

    @Test
    void theTypeAndTheTotalDepthArePartOfTheKey() throws ReflectiveOperationException {
        Throwable t = capturedByTheJdk(40);
        assertThat(identity.keyOf(t, String.class, 20)).isEqualTo(identity.keyOf(t, String.class, 20))
                .isNotEqualTo(identity.keyOf(t, Integer.class, 20));
        assertThat(identity.keyOf(t, String.class, 20).frames()).isEqualTo(20);
        // Same first 20 frames, different total depth: a truncated trace must not be taken for another.
        Throwable[] two = new Throwable[2];
        for (int i = 0; i < 2; i++) {
            two[i] = capturedByTheJdk(40 + i);
        }
        assertThat(identity.keyOf(two[0], String.class, 20)).isNotEqualTo(identity.keyOf(two[1], String.class, 20));
    }

    @Test
    void theAgentsOwnFramesOnTopAreKeptBesidesTheDepth() {
        // Frames of dev.heapprof.agent on top (here this test's own) are left out of a decoded trace,
        // however many there are (multianewarray's hook recurses once per dimension): the key covers
        // them and then the depth.
        Throwable t = at(40, false);
        StackTraceElement[] decoded = t.getStackTrace();
        int ours = 0;
        while (decoded[ours].getClassName().startsWith("dev.heapprof.agent.")) {
            ours++;
        }
        assertThat(ours).isGreaterThan(40);
        assertThat(identity.keyOf(t, String.class, 5).frames()).isEqualTo(Math.min(decoded.length, ours + 5));
    }
}
