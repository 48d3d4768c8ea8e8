package testprograms;

/** Allocates steadily for a while; with exact mode its profile grows quickly (the disk-full test). */
public final class WritesALot {
    static volatile Object sink;

    public static void main(String[] args) {
        long sum = 0;
        for (int i = 0; i < 300_000; i++) {
            sink = new int[i % 7 + 1];
            sum += ((int[]) sink).length;
        }
        System.out.println("sum " + sum);
    }
}
