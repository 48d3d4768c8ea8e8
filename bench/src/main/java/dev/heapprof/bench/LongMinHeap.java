package dev.heapprof.bench;

import java.util.Arrays;

/**
 * A binary min-heap of primitive longs: the sampled objects still alive, keyed by the GC that
 * will find them dead. A {@code PriorityQueue<Long>} would box millions of keys for a 10M-event
 * stream; this keeps the generator's memory at eight bytes per live sample.
 */
final class LongMinHeap {
    private long[] heap = new long[1024];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    long peek() {
        return heap[0];
    }

    void add(long key) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    long poll() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}
