package testprograms;

import dev.heapprof.api.HeapProf;
import java.util.HashMap;
import java.util.Map;

/**
 * Allocates a known number of objects of known kinds, each kind in its own method, for the exact
 * mode end-to-end test ({@code AgentExactModeIT}). Every object is stored in {@link #sink} so that
 * no allocation can be optimized away. Runs {@code N} rounds; prints nothing but "ok".
 */
public final class KnownAllocations {
    public static final int N = 500;
    static volatile Object sink;
    static boolean flag;

    static final class Point {
        final int x;
        final int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }
    }

    static final class Pair {
        final Object left;
        final Object right;

        Pair(Object left, Object right) {
            this.left = left;
            this.right = right;
        }
    }

    static final class Exploding {
        Exploding(int i) {
            if (i >= 0) {
                throw new IllegalStateException("never constructed");
            }
        }
    }

    /** A subclass whose constructor calls this() and super(): neither is an allocation. */
    static class Base {
        final int v;

        Base(int v) {
            this.v = v;
        }
    }

    static final class Derived extends Base {
        Derived() {
            this(7);
        }

        Derived(int v) {
            super(v);
        }
    }

    public static void main(String[] args) {
        HeapProf.mark("start");
        for (int i = 0; i < N; i++) {
            plainObjects(i);
            branchBetweenNewAndInit(i);
            nestedNew(i);
            throwingConstructor(i);
            thisAndSuperCalls();
            primitiveArrays();
            objectArrays();
            multiArrays();
        }
        collections();
        HeapProf.mark("end");
        System.out.println(HeapProf.isActive() ? "ok, profiled" : "ok");
    }

    static void plainObjects(int i) {
        sink = new Point(i, i + 1);
    }

    static void branchBetweenNewAndInit(int i) {
        flag = !flag;
        sink = new Point(flag ? i : -i, i % 3 == 0 ? 1 : 2);
    }

    static void nestedNew(int i) {
        sink = new Pair(new Point(i, 0), new Point(0, i));
    }

    static void throwingConstructor(int i) {
        try {
            sink = new Exploding(i);
        } catch (IllegalStateException expected) {
            sink = null;
        }
    }

    static void thisAndSuperCalls() {
        sink = new Derived();
    }

    static void primitiveArrays() {
        sink = new int[10];
        sink = new byte[100];
    }

    static void objectArrays() {
        sink = new String[5];
    }

    static void multiArrays() {
        sink = new int[3][4];
    }

    static void collections() {
        Integer[] keys = new Integer[N];
        for (int i = 0; i < N; i++) {
            keys[i] = i + 1_000_000;
        }
        Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i < N; i++) {
            map.put(keys[i], keys[i]);
        }
        sink = map;
    }
}
