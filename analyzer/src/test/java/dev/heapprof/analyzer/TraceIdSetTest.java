package dev.heapprof.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceIdSetTest {
    @Test
    void holdsTheDistinctIdsAscending() {
        TraceIdSet.Builder builder = new TraceIdSet.Builder();
        for (long id : new long[] {9, 3, 3, 7, 1, 9, 12, 5, 5, 5}) {
            builder.add(id);
        }
        TraceIdSet set = builder.build();
        assertThat(set).containsExactly(1L, 3L, 5L, 7L, 9L, 12L);
        assertThat(set).hasSize(6);
        assertThat(set.contains(7L)).isTrue();
        assertThat(set.contains(8L)).isFalse();
        assertThat(set.contains(7)).as("an Integer is no trace id").isFalse();
        assertThat(set.contains(null)).isFalse();
        assertThat(set).isEqualTo(Set.of(1L, 3L, 5L, 7L, 9L, 12L));
    }

    @Test
    void anEmptyBuilderGivesTheEmptySet() {
        assertThat(new TraceIdSet.Builder().build()).isEqualTo(Set.of()).isEmpty();
    }

    @Test
    void isImmutable() {
        TraceIdSet.Builder builder = new TraceIdSet.Builder();
        builder.add(1);
        TraceIdSet set = builder.build();
        assertThatThrownBy(() -> set.add(2L)).isInstanceOf(UnsupportedOperationException.class);
        Iterator<Long> it = set.iterator();
        it.next();
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void growsPastItsFirstArray() {
        TraceIdSet.Builder builder = new TraceIdSet.Builder();
        for (long id = 1000; id > 0; id--) {
            builder.add(id);
        }
        TraceIdSet set = builder.build();
        assertThat(set).hasSize(1000).startsWith(1L, 2L).endsWith(1000L);
    }
}
