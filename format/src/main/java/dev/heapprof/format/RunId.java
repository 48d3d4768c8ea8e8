package dev.heapprof.format;

import java.security.SecureRandom;

/**
 * 128 random bits that name one profiling run. The same id heads the run's .hpm and .hpd, and a
 * digest records the id of the .hpd it was built from, so files of different runs are never mixed.
 */
public record RunId(long high, long low) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static RunId random() {
        return new RunId(RANDOM.nextLong(), RANDOM.nextLong());
    }

    void writeTo(RecordBuffer out) {
        out.putLongLE(high);
        out.putLongLE(low);
    }

    static RunId readFrom(PayloadCursor in) throws FormatException {
        long high = in.getLongLE();
        long low = in.getLongLE();
        return new RunId(high, low);
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", high, low);
    }
}
