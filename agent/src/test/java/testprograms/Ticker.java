package testprograms;

import dev.heapprof.api.HeapProf;

/**
 * Allocates and marks a numbered tick every 50 ms until killed, printing each tick after marking
 * it: for the kill -9 test, which compares the last tick printed with the last tick recorded.
 */
public final class Ticker {
    static volatile Object sink;

    public static void main(String[] args) throws InterruptedException {
        for (int tick = 0; tick < 100_000; tick++) {
            for (int i = 0; i < 2000; i++) {
                sink = new byte[64];
            }
            HeapProf.mark("tick " + tick);
            System.out.println("tick " + tick);
            System.out.flush();
            Thread.sleep(50);
        }
    }
}
