package testprograms;

/** Allocates 400 MiB of 64 KiB arrays that die at once, without asking for a collection. */
public final class ChurnsYoungObjects {
    static volatile Object sink;

    public static void main(String[] args) {
        for (int i = 0; i < 6400; i++) {
            sink = new byte[64 * 1024];
        }
        System.out.println("churned");
    }
}
