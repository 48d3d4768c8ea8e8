package dev.heapprof.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LruCacheTest {
    private final List<String> loaded = new ArrayList<>();
    private final Function<String, String> loader = key -> {
        loaded.add(key);
        return key.toUpperCase();
    };

    @Test
    void loadsEachKeyOnce() {
        LruCache<String, String> cache = new LruCache<>(4);
        assertThat(cache.get("a", loader)).isEqualTo("A");
        assertThat(cache.get("a", loader)).isEqualTo("A");
        assertThat(loaded).containsExactly("a");
    }

    @Test
    void dropsTheLeastRecentlyUsed() {
        LruCache<String, String> cache = new LruCache<>(2);
        cache.get("a", loader);
        cache.get("b", loader);
        cache.get("a", loader);
        cache.get("c", loader);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.contains("a")).isTrue();
        assertThat(cache.contains("b")).isFalse();
        assertThat(cache.contains("c")).isTrue();
        cache.get("b", loader);
        assertThat(loaded).containsExactly("a", "b", "c", "b");
    }

    @Test
    void needsRoomForOne() {
        assertThatThrownBy(() -> new LruCache<String, String>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
