package testprograms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * Records itself with JFR (exceptions with their stacks, and JDK 25's default settings otherwise)
 * while it allocates and throws three exceptions of its own, then dumps the recording to the file
 * its argument names. Prints "ok" and the count of exceptions it caught.
 */
public final class RecordsItselfWithJfr {
    public static void main(String[] args) throws Exception {
        int caught = 0;
        long kept = 0;
        try (Recording recording = new Recording(jdk.jfr.Configuration.getConfiguration("default"))) {
            recording.enable("jdk.JavaExceptionThrow").withStackTrace();
            recording.start();
            List<Object> objects = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                objects.add(i % 2 == 0 ? new int[i % 50 + 1] : Integer.toString(i));
                if (objects.size() > 1_000) {
                    kept += objects.size();
                    objects = new ArrayList<>();
                }
            }
            for (int i = 0; i < 3; i++) {
                try {
                    throw new IllegalStateException("the program's own " + i);
                } catch (IllegalStateException e) {
                    caught++;
                }
            }
            recording.stop();
            recording.dump(Path.of(args[0]));
        }
        System.out.println("ok " + caught + " " + (kept > 0));
    }
}
