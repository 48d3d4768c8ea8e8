package testprograms;

import java.util.HashMap;
import java.util.Map;

/** Allocates for args[0] milliseconds (a program to attach the agent to), then prints a line. */
public final class AllocatesForAWhile {
    public static void main(String[] args) {
        Map<Integer, int[]> map = new HashMap<>();
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        int n = 0;
        System.out.println("started");
        while (System.nanoTime() < end) {
            map.put(n++ % 10_000, new int[n % 64 + 1]);
        }
        System.out.println("done " + map.size());
    }
}
