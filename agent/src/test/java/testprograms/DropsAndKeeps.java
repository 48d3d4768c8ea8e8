package testprograms;

import dev.heapprof.api.HeapProf;
import java.util.ArrayList;
import java.util.List;

/** Allocates objects it drops and objects it keeps, then collects: for the deaths test. */
public final class DropsAndKeeps {
    public static final int COUNT = 1000;
    static final List<Object> KEPT = new ArrayList<>();

    static final class Dropped {
        long v;
    }

    static final class Kept {
        long v;
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < COUNT; i++) {
            drop(i);
            keep(i);
        }
        System.gc();
        Thread.sleep(500);
        HeapProf.mark("after-gc");
        System.out.println("kept " + KEPT.size());
    }

    static void drop(int i) {
        Dropped d = new Dropped();
        d.v = i;
    }

    static void keep(int i) {
        Kept k = new Kept();
        k.v = i;
        KEPT.add(k);
    }
}
