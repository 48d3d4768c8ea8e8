package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dup family on the stack model, against the JVM specification's pictures (top on the right).
 * javac's bytecode rarely puts an uninitialized value under a dup_x, so the weaving comparison in
 * UninitializedTrackerTest cannot tell these shapes apart; this test can.
 */
class UninitializedValuesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "dup,     1, 1, 'a b c d', 'a b c d d'",
        "dup_x1,  1, 2, 'a b c d', 'a b d c d'",
        "dup_x2,  1, 3, 'a b c d', 'a d b c d'",
        "dup2,    2, 2, 'a b c d', 'a b c d c d'",
        "dup2_x1, 2, 3, 'a b c d', 'a c d b c d'",
        "dup2_x2, 2, 4, 'a b c d', 'c d a b c d'",
    })
    void dupsPutTheirCopiesWhereTheSpecificationSays(String opcode, int count, int depth, String before, String after) {
        UninitializedValues values = new UninitializedValues("p/C", 0x0008, "m", "()V");
        for (String v : before.split(" ")) {
            values.push(v);
        }
        values.dupUnder(count, depth);
        StringBuilder stack = new StringBuilder();
        for (int i = after.split(" ").length - 1; i >= 0; i--) {
            stack.append(stack.length() == 0 ? "" : " ").append(values.peek(i));
        }
        assertThat(stack.toString()).isEqualTo(after);
        assertThat(values.pop()).isEqualTo("d");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1, 2", "2, 3"})
    void aDupBelowTheStackIsAnUnderflow(int count, int depth) {
        UninitializedValues values = new UninitializedValues("p/C", 0x0008, "m", "()V");
        values.push("a");
        assertThatThrownBy(() -> values.dupUnder(count, depth)).isInstanceOf(IllegalStateException.class).hasMessageContaining("underflow");
    }
}
