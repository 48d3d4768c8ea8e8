package testprograms;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills the heap until OutOfMemoryError, recovers, and does it again: the agent must neither
 * deadlock nor turn the recoverable error into something worse.
 */
public final class RunsOutOfMemory {
    public static void main(String[] args) {
        for (int round = 0; round < 3; round++) {
            List<long[]> hog = new ArrayList<>();
            try {
                while (true) {
                    hog.add(new long[16 * 1024]);
                }
            } catch (OutOfMemoryError expected) {
                int held = hog.size();
                hog = null;
                System.out.println("round " + round + " recovered after " + (held > 0 ? "filling the heap" : "nothing"));
            }
        }
        System.out.println("done");
    }
}
