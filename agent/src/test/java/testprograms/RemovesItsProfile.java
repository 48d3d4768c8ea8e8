package testprograms;

import java.nio.file.Files;
import java.nio.file.Path;

/** Allocates, removes the profile the agent writes (args[0], the .hpd), then allocates past a flush. */
public final class RemovesItsProfile {
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        allocateFor(300);
        Files.delete(Path.of(args[0]));
        allocateFor(1_500); // the agent flushes every 1s by default: it looks at its files then
        System.out.println("done");
    }

    private static void allocateFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            sink = new byte[256];
        }
    }
}
