package dev.heapprof.bench.hook;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Allocation sites as woven code runs them. {@link HookCostReport} runs these in JVMs with and
 * without the agent and subtracts: the difference is what the hook costs. This class lives outside
 * the agent's packages so that the agent weaves it like any application class.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HookBenchmark {
    /** Escapes: every allocation really happens, so the hook's common path is measured. */
    Object sink;
    int x = 3;

    @Param({"64"})
    int depth;

    static final class Point {
        final int x;
        final int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }
    }

    @Benchmark
    public Object escapingAllocation() {
        return sink = new Point(x, x + 1);
    }

    /** C2 scalar-replaces this object without the agent: 0 bytes per operation. */
    @Benchmark
    public int scalarReplaceable() {
        Point p = new Point(x, x + 1);
        return p.x + p.y;
    }

    /** An allocation at the bottom of a stack {@code depth} frames deep (for the cost per sample). */
    @Benchmark
    public Object deepAllocation() {
        return descend(depth);
    }

    private Object descend(int n) {
        return n <= 1 ? (sink = new Point(n, x)) : descend(n - 1);
    }
}
