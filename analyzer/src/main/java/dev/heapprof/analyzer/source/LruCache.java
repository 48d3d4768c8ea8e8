package dev.heapprof.analyzer.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map that keeps only its most recently used entries: a profile touches each source file many
 * times (one frame per trace), but holding every file of a large code base would not be small.
 * Not thread-safe; the owner synchronizes.
 */
final class LruCache<K, V> {
    private final Map<K, V> entries;

    LruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, marked as just used, or the loader's, which is then cached. */
    V get(K key, Function<? super K, ? extends V> loader) {
        V value = entries.get(key);
        if (value == null) {
            value = loader.apply(key);
            entries.put(key, value);
        }
        return value;
    }

    boolean contains(K key) {
        return entries.containsKey(key);
    }

    int size() {
        return entries.size();
    }
}
