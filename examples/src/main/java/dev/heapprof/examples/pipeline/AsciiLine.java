package dev.heapprof.examples.pipeline;

/**
 * A reusable scratch buffer for writing one line of ASCII text: numbers without going through
 * {@code String}, prices as {@code 12.99}. It never allocates after construction; callers make the
 * line's final array themselves (see {@link #copyInto}), so that each kind of line is allocated in
 * its own method and a profiler tells the generator's lines from the report's.
 */
final class AsciiLine {
    private final byte[] scratch;
    private int length;

    AsciiLine(int capacity) {
        this.scratch = new byte[capacity];
    }

    AsciiLine clear() {
        length = 0;
        return this;
    }

    AsciiLine append(char c) {
        scratch[length++] = (byte) c;
        return this;
    }

    AsciiLine append(byte[] ascii) {
        System.arraycopy(ascii, 0, scratch, length, ascii.length);
        length += ascii.length;
        return this;
    }

    /** Appends a non-negative number in decimal. */
    AsciiLine appendNumber(long value) {
        int start = length;
        do {
            scratch[length++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte swap = scratch[i];
            scratch[i] = scratch[j];
            scratch[j] = swap;
        }
        return this;
    }

    /** Appends a non-negative amount of cents as units with two decimals: 1299 is {@code 12.99}. */
    AsciiLine appendCents(long cents) {
        appendNumber(cents / 100);
        append('.');
        long rest = cents % 100;
        append((char) ('0' + rest / 10));
        return append((char) ('0' + rest % 10));
    }

    int length() {
        return length;
    }

    /** Copies the line into {@code target} from {@code offset} on; it must have room for it. */
    void copyInto(byte[] target, int offset) {
        System.arraycopy(scratch, 0, target, offset, length);
    }
}
