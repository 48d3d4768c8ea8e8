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
 * Batches against a fake {@link Instrumentation}: every class retransformed once, the oldest first,
 * a class the JVM refuses costs only itself, and in a running program a batch waits for free heap.
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
        final Set<String> threads = new HashSet<>();
        Class<?> refused;

        Instrumentation instrumentation() {
            return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Instrumentation.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAllLoadedClasses" -> loaded.toArray(new Class<?>[0]);
                        case "isModifiableClass" -> true;
                        case "retransformClasses" -> {
                            Class<?>[] batch = (Class<?>[]) args[0];
                            synchronized (this) { // two threads retransform before main
                                calls.add(batch.length);
                                threads.add(Thread.currentThread().getName());
                                if (refused != null && Arrays.asList(batch).contains(refused)) {
                                    throw new UnmodifiableClassException(refused.getName());
                                }
                                retransformed.addAll(Arrays.asList(batch));
                            }
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
    void beforeMainEveryClassIsRetransformedOnceInTwoHalvesOnTwoThreads() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(IntStream.range(0, 1000).mapToObj(i -> (Class<?>) java.util.ArrayList.class).toList());
        LoadedClassReweaver reweaver = new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, false);
        assertThat(reweaver.summary()).isNull(); // not run yet
        reweaver.reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.calls).containsExactlyInAnyOrder(500, 500);
        assertThat(jvm.threads).containsExactlyInAnyOrder(Thread.currentThread().getName(), "heapprof-retransform");
        assertThat(jvm.retransformed).hasSize(1000);
        assertThat(stats.failedCount()).isZero();
        assertThat(reweaver.summary()).matches("1,000 classes loaded before the agent: 1,000 retransformed in [0-9,]+ ms before main");
    }

    @Test
    void beforeMainFewClassesAreRetransformedInOneBatchOnThisThread() {
        FakeJvm jvm = new FakeJvm();
        int few = LoadedClassReweaver.TWO_THREADS_MIN_CLASSES - 1;
        jvm.loaded.addAll(IntStream.range(0, few).mapToObj(i -> (Class<?>) java.util.ArrayList.class).toList());
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, false).reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.calls).containsExactly(few);
        assertThat(jvm.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aClassRefusedInTheHelpersHalfCostsOnlyItself() {
        FakeJvm jvm = new FakeJvm();
        List<Class<?>> many = new ArrayList<>(IntStream.range(0, 299).mapToObj(i -> (Class<?>) java.util.ArrayList.class).toList());
        many.add(java.util.Vector.class); // last: in the second half
        jvm.loaded.addAll(many);
        jvm.refused = java.util.Vector.class;
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, false).reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.retransformed).hasSize(299).doesNotContain(java.util.Vector.class);
        assertThat(stats.failedCount()).isEqualTo(1);
        assertThat(jvm.threads).contains("heapprof-retransform");
    }

    @Test
    void inARunningJvmEveryClassIsRetransformedOnceInBatches() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(IntStream.range(0, 1000).mapToObj(i -> (Class<?>) java.util.ArrayList.class).toList());
        LoadedClassReweaver reweaver = new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, true, () -> true, 10_000);
        reweaver.reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.calls).containsExactly(256, 256, 256, 232);
        assertThat(jvm.retransformed).hasSize(1000);
        assertThat(reweaver.summary()).matches("1,000 classes loaded before the agent: 1,000 retransformed in [0-9,]+ ms");
    }

    @Test
    void aRefusedClassCostsOnlyItself() {
        FakeJvm jvm = new FakeJvm();
        List<Class<?>> fifteen = distinct(15);
        jvm.loaded.addAll(fifteen);
        jvm.refused = java.util.Vector.class;
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, false).reweave(jvm.instrumentation().getAllLoadedClasses());
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
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, false).reweave(jvm.instrumentation().getAllLoadedClasses());
        List<Class<?>> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        assertThat(jvm.retransformed).containsExactlyElementsOf(oldestFirst);

        // A VM that lists them the other way round already has the order wanted.
        FakeJvm other = new FakeJvm();
        other.loaded.addAll(oldestFirst);
        new LoadedClassReweaver(other.instrumentation(), weaver, stats, false).reweave(other.instrumentation().getAllLoadedClasses());
        assertThat(other.retransformed).containsExactlyElementsOf(oldestFirst);
    }

    @Test
    void aJdkClassTheCacheKnowsWithoutAllocationIsLeftAlone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String file = WeaveCache.fileName(0x1234, "test JVM");
        WeaveCache earlier = WeaveCache.open(tmp, file);
        earlier.record("java/util/HashMap", new byte[] {1, 2, 3}, null, 0, 0);
        // The name of a class of the application's loader is not enough: its bytes may differ.
        earlier.record("org/assertj/core/api/Assertions", new byte[] {1, 2, 3}, null, 0, 0);
        earlier.save();
        AllocationWeaver cached = new AllocationWeaver(AgentOptions.parse("log=none"), stats, AgentLogs.none(), WeaveCache.open(tmp, file));
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(classes());
        jvm.loaded.add(org.assertj.core.api.Assertions.class);
        LoadedClassReweaver reweaver = new LoadedClassReweaver(jvm.instrumentation(), cached, stats, false);
        reweaver.reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.retransformed).hasSize(151).doesNotContain(java.util.HashMap.class).contains(org.assertj.core.api.Assertions.class);
        assertThat(reweaver.summary()).matches(
                "301 classes loaded before the agent: 151 retransformed in [0-9,]+ ms before main, 150 left alone \\(no allocation, says the cache\\)");
        assertThat(stats.summary()).contains("150 without allocations");
    }

    @Test
    void beforeMainNoBatchWaitsForTheHeap() {
        // Nothing else allocates then, and a small heap (-Xmx10m) never has 8 MiB free.
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(classes());
        new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, false, () -> {
            throw new AssertionError("the heap was looked at");
        }, 10_000).reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.retransformed).hasSize(300);
    }

    @Test
    void inARunningProgramABatchWaitsWhileTheHeapIsNearlyFull() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(IntStream.range(0, 600).mapToObj(i -> (Class<?>) java.util.ArrayList.class).toList());
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // Full for the first three looks before the first batch, then room for every later one.
        LoadedClassReweaver reweaver = new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, true, () -> asked.incrementAndGet() > 3, 10_000);
        reweaver.reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(asked.get()).isEqualTo(4 + 2);
        assertThat(jvm.retransformed).hasSize(600);
        assertThat(reweaver.summary()).matches("600 classes loaded before the agent: 600 retransformed in [0-9,]+ ms, [0-9,]+ ms of it waiting for free heap");
    }

    @Test
    void aSlowLookAtAHeapWithRoomIsNotReportedAsAWait() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(classes());
        LoadedClassReweaver reweaver = new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, true, () -> {
            try {
                Thread.sleep(5); // a loaded machine: the look itself takes milliseconds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, 10_000);
        reweaver.reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.retransformed).hasSize(300);
        assertThat(reweaver.summary()).matches("300 classes loaded before the agent: 300 retransformed in [0-9,]+ ms");
    }

    @Test
    void aHeapThatStaysFullLeavesTheRestUnwovenAndSaysWhy() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(IntStream.range(0, 600).mapToObj(i -> (Class<?>) java.util.ArrayList.class).toList());
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // Room for the first batch, then never again.
        LoadedClassReweaver reweaver = new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, true, () -> asked.incrementAndGet() == 1, 50);
        reweaver.reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.calls).containsExactly(256);
        assertThat(reweaver.summary()).matches("600 classes loaded before the agent: 256 retransformed in [0-9,]+ ms,"
                + " 344 not woven \\(the heap stayed nearly full for [0-9,]+ ms\\)");
    }

    @Test
    void aStopEndsARunInARunningProgramAfterItsBatch() {
        FakeJvm jvm = new FakeJvm();
        jvm.loaded.addAll(IntStream.range(0, 600).mapToObj(i -> (Class<?>) java.util.ArrayList.class).toList());
        LoadedClassReweaver[] self = new LoadedClassReweaver[1];
        // The JVM begins to exit while the first batch is retransformed.
        self[0] = new LoadedClassReweaver(jvm.instrumentation(), weaver, stats, true, () -> {
            self[0].stop();
            return true;
        }, 10_000);
        self[0].reweave(jvm.instrumentation().getAllLoadedClasses());
        assertThat(jvm.calls).isEmpty();
        assertThat(self[0].summary()).matches("600 classes loaded before the agent: 0 retransformed in [0-9,]+ ms, 600 not woven \\(the program ended first\\)");
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
