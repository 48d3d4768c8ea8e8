package testprograms;

import dev.heapprof.api.HeapProf;

/**
 * Three allocation sites of very different sizes, for the sampling accuracy test: many small
 * objects, fewer medium arrays, a few large arrays. The counts are fixed, so exact mode gives the
 * truth that the sampled run must estimate.
 */
public final class SampledSites {
    public static final int SMALL = 400_000;
    public static final int MEDIUM = 100_000;
    public static final int LARGE = 200;
    static volatile Object sink;

    static final class Small {
        long a;
    }

    public static void main(String[] args) {
        HeapProf.mark("start");
        for (int i = 0; i < SMALL; i++) {
            small();
            if (i % 4 == 0) {
                medium();
            }
            if (i % 2000 == 0) {
                large();
            }
        }
        HeapProf.mark("end");
        System.out.println("ok");
    }

    static void small() {
        sink = new Small();
    }

    static void medium() {
        sink = new byte[1000];
    }

    static void large() {
        sink = new int[100_000];
    }
}
