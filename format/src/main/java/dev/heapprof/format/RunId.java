package dev.heapprof.format;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * 128 random bits that name one profiling run. The same id heads the run's .hpm and .hpd, and a
 * digest records the id of the .hpd it was built from, so files of different runs are never mixed.
 */
public record RunId(long high, long low) {
    private static final String KERNEL_RANDOM = "/dev/urandom";

    /**
     * A fresh id from the kernel's random source, the same one {@code SecureRandom} reads on Linux
     * and macOS: read directly it costs a fraction of a millisecond, where the first
     * {@code SecureRandom} of a JVM loads its security providers (10 to 20 ms of the agent's
     * start-up, measured). Elsewhere, {@code SecureRandom}.
     */
    public static RunId random() {
        byte[] bits = new byte[16];
        if (!readKernelRandom(bits)) {
            SecureRandomHolder.RANDOM.nextBytes(bits);
        }
        return new RunId(bigEndianLong(bits, 0), bigEndianLong(bits, 8));
    }

    private static boolean readKernelRandom(byte[] into) {
        try (InputStream in = new FileInputStream(KERNEL_RANDOM)) {
            return in.readNBytes(into, 0, into.length) == into.length;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static long bigEndianLong(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    /** Created only where there is no kernel random source to read. */
    private static final class SecureRandomHolder {
        static final SecureRandom RANDOM = new SecureRandom();
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
