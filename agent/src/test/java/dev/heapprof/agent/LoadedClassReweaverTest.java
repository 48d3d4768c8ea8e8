package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Batches against a fake {@link Instrumentation}: growing batch sizes, every class retransformed
 * once, and a class the JVM refuses costs only itself.
 */
class LoadedClassReweaverTest {
    /** 300 distinct loadable classes that the weaver would weave (not ours, not the hook's). */
    private static List<Class<?>> classes() {
        return IntStream.range(0, 300).mapToObj(i -> i % 2 == 0 ? (Class<?>) java.util.ArrayList.class : java.util.HashMap.class)
                .toList();
    }

    private static final class FakeJvm {
        final List<Class<?>> loaded = new ArrayList<>();
        final List<Integer> calls = new ArrayList<>();
        final List<Class<?>> retransformed = new ArrayList<>();
        Class<?> refused;

        Instrumentation instrumentation() {
            return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Instrumentation.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAllLoadedClasses" -> loaded.toArray(new Class<?>[0]);
                        case "isModifiableClass" -> true;
                        case "retransformClasses" -> {
                            Class<?>[] batch = (Class<?>[]) args[0];
                            calls.add(batch.length);
                            if (refused != null && Arrays.asList(batch).contains(refused)) {
                                throw new UnmodifiableClassException(refused.getName());
                            }
                            retransformed.addAll(Arrays.asList(batch));
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException("the reweaver is not expected to call " + method.getName());
                    });
        }
    }

    private final WeavingStats stats = new WeavingStats();
    private final AllocationWeaver weaver = new AllocationWeaver(AgentOptions.parse("log=none"), stats, AgentLogs.none());

    /** Distinct classes, so that a refused one can be told from the others. */
    private static List<Class<?>> distinct(int n) {
        List<Class<?>> all = new ArrayList<>(List.of(java.util.ArrayList.class, java.util.HashMap.class, java.util.TreeMap.class,
                java.util.LinkedList.class, java.util.ArrayDeque.class, java.util.HashSet.class, java.util.TreeSet.class,
                java.util.LinkedHashMap.class, java.util.Vector.class, java.util.Stack.class, java.util.BitSet.class,
                java.util.Random.class, java.util.Scanner.class, java.util.StringJoiner.class, java.util.Optional.class));
        return all.subList(0, n);
    }

    @Test
    void batchesGrowAndEveryClassIsRetransformedOnce() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(classes());
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats).reweaveAll();
        assertThat(jvm.calls).containsExactly(64, 128, 108);
        assertThat(jvm.retransformed).hasSize(300);
        assertThat(stats.failedCount()).isZero();
    }

    @Test
    void aRefusedClassCostsOnlyItself() {
        FakeJvm jvm = new FakeJvm();
        List<Class<?>> fifteen = distinct(15);
        jvm.loaded.addAll(fifteen);
        jvm.refused = java.util.Vector.class;
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats).reweaveAll();
        Set<Class<?>> expected = new HashSet<>(fifteen);
        expected.remove(java.util.Vector.class);
        assertThat(new HashSet<>(jvm.retransformed)).isEqualTo(expected);
        assertThat(jvm.retransformed).hasSize(14); // none twice
        assertThat(stats.failedCount()).isEqualTo(1);
        // One batch of 15, then halves down to the class at fault: about 2 log2(15) calls, not 15.
        assertThat(jvm.calls.size()).isLessThanOrEqualTo(1 + 2 * 4);
    }

    @Test
    void theClassesLoadedFirstAreWovenFirst() {
        // HotSpot lists the newest class first and java.lang.Object last: woven in that order, the
        // classes inlined everywhere would come last, after the JIT compiled the most.
        FakeJvm jvm = new FakeJvm();
        List<Class<?>> newestFirst = new ArrayList<>(distinct(5));
        newestFirst.add(String.class);
        newestFirst.add(Object.class);
        jvm.loaded.addAll(newestFirst);
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats).reweaveAll();
        List<Class<?>> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        assertThat(jvm.retransformed).containsExactlyElementsOf(oldestFirst);

        // A VM that lists them the other way round already has the order wanted.
        FakeJvm other = new FakeJvm();
        other.loaded.addAll(oldestFirst);
        new LoadedClassReweaver(other.instrumentation(), weaver, stats).reweaveAll();
        assertThat(other.retransformed).containsExactlyElementsOf(oldestFirst);
    }

    @Test
    void batchesStopGrowingAtTheirLargestSize() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(IntStream.range(0, 1000).mapToObj(i -> (Class<?>) java.util.ArrayList.class).toList());
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats).reweaveAll();
        assertThat(jvm.calls).containsExactly(64, 128, 256, 256, 256, 40);
    }

    @Test
    void aBatchWaitsWhileTheHeapIsNearlyFull() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(classes());
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // Full for the first three looks before the first batch, then room for every later one.
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, () -> asked.incrementAndGet() > 3).reweaveAll();
        assertThat(asked.get()).isEqualTo(4 + 2);
        assertThat(jvm.retransformed).hasSize(300);
    }

    @Test
    void aSlowLookAtAHeapWithRoomIsNotReportedAsAWait() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(classes());
        LoadedClassReweaver reweaver = new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, () -> {
            try {
                Thread.sleep(5); // a loaded machine: the look itself takes milliseconds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        });
        reweaver.startInBackground(System.nanoTime());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!String.valueOf(reweaver.summary()).startsWith("start-up classes woven") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        reweaver.stop(5_000);
        assertThat(jvm.retransformed).hasSize(300);
        assertThat(reweaver.summary()).matches("start-up classes woven [0-9,]+ ms after the agent started");
    }

    @Test
    void aHeapThatStaysFullLeavesTheStartUpClassesUnwovenAndSaysWhy() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(classes());
        LoadedClassReweaver reweaver = new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, () -> false);
        reweaver.startInBackground(System.nanoTime());
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        reweaver.stop(5_000);
        assertThat(jvm.calls).isEmpty();
        assertThat(reweaver.summary()).matches("300 of 300 start-up classes not woven \\(the program ended first; the heap was nearly full for [0-9,]+ ms\\)");
    }

    @Test
    void roomIsAQuarterOfTheMaximumFreeAndAtLeast8MiB() {
        long mib = 1 << 20;
        assertThat(LoadedClassReweaver.hasRoom(48 * mib, 48 * mib, 12 * mib)).isTrue();
        assertThat(LoadedClassReweaver.hasRoom(48 * mib, 48 * mib, 11 * mib)).isFalse();
        // Free is what the heap can still grow by too: 20 MiB committed, 2 of it free, 48 MiB maximum.
        assertThat(LoadedClassReweaver.hasRoom(48 * mib, 20 * mib, 2 * mib)).isTrue();
        assertThat(LoadedClassReweaver.hasRoom(16 * mib, 16 * mib, 7 * mib)).isFalse(); // under 8 MiB
        assertThat(LoadedClassReweaver.hasRoom(16 * mib, 16 * mib, 8 * mib)).isTrue();
        assertThat(LoadedClassReweaver.hasRoom(Long.MAX_VALUE, 100 * mib, 30 * mib)).isTrue(); // no maximum: the committed heap
        assertThat(LoadedClassReweaver.hasRoom(Long.MAX_VALUE, 100 * mib, 20 * mib)).isFalse();
    }
}
