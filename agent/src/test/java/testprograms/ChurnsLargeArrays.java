package testprograms;

/** Allocates and drops arrays of 3 MiB, each humongous in G1 with regions of 2 MiB, with small garbage between. */
public final class ChurnsLargeArrays {
    public static final int ARRAYS = 40;

    public static void main(String[] args) {
        long sum = 0;
        for (int i = 0; i < ARRAYS; i++) {
            byte[] large = new byte[3 << 20];
            large[i] = 1;
            sum += large.length;
            for (int j = 0; j < 1000; j++) {
                sum += new byte[1000].length;
            }
        }
        System.out.println(sum);
    }
}
