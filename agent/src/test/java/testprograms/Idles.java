package testprograms;

/** Allocates a little, then waits the given number of milliseconds: for the start-up tests. */
public final class Idles {
    public static void main(String[] args) throws InterruptedException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            s.append(i);
        }
        Thread.sleep(Long.parseLong(args[0]));
        System.out.println("ok " + s.length());
    }
}
