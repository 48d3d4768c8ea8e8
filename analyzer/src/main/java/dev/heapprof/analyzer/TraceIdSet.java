package dev.heapprof.analyzer;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable set of trace ids held as a sorted {@code long[]}: the inverted index holds one per
 * line, over possibly millions of (line, trace) pairs, where boxed {@code HashSet}s would cost
 * tens of bytes per id. Membership is a binary search; iteration is ascending.
 */
final class TraceIdSet extends AbstractSet<Long> {
    private final long[] ids;

    private TraceIdSet(long[] sortedDistinctIds) {
        this.ids = sortedDistinctIds;
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof Long id && Arrays.binarySearch(ids, id) >= 0;
    }

    @Override
    public Iterator<Long> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < ids.length;
            }

            @Override
            public Long next() {
                if (next >= ids.length) {
                    throw new NoSuchElementException();
                }
                return ids[next++];
            }
        };
    }

    /** Collects ids in any order, with repeats; {@link #build()} sorts and drops the repeats. */
    static final class Builder {
        private long[] ids = new long[4];
        private int size;

        void add(long id) {
            if (size > 0 && ids[size - 1] == id) {
                return; // a line repeated in one trace (recursion): the builder sees that trace id again at once
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        TraceIdSet build() {
            long[] sorted = Arrays.copyOf(ids, size);
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            return new TraceIdSet(distinct == sorted.length ? sorted : Arrays.copyOf(sorted, distinct));
        }
    }
}
