package dev.heapprof.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The payload of one block being assembled. The first {@link FormatConstants#BLOCK_HEADER_SIZE}
 * bytes are kept free so that {@link BlockWriter} can fill in the header and write header and
 * payload with one system call (a concurrent reader then sees all of a block or none of it).
 * Varints are unsigned LEB128; signed values are zigzag-encoded first (docs/format.md, "Varints").
 */
final class RecordBuffer {
    private static final int MAX_VARINT = 10;

    private static final byte[] EMPTY = new byte[0];

    private final String[] recentString = new String[2];
    private final byte[][] recentUtf8 = new byte[2][];
    private byte[] buf;
    private int pos = FormatConstants.BLOCK_HEADER_SIZE;

    RecordBuffer(int initialPayloadCapacity) {
        buf = new byte[FormatConstants.BLOCK_HEADER_SIZE + Math.max(64, initialPayloadCapacity)];
    }

    int payloadLength() {
        return pos - FormatConstants.BLOCK_HEADER_SIZE;
    }

    boolean isEmpty() {
        return pos == FormatConstants.BLOCK_HEADER_SIZE;
    }

    void clear() {
        pos = FormatConstants.BLOCK_HEADER_SIZE;
    }

    /** The backing array: header space followed by {@link #payloadLength()} payload bytes. */
    byte[] array() {
        return buf;
    }

    /** Marks a position to roll back to if a record turns out not to fit (see {@link #truncate}). */
    int position() {
        return pos;
    }

    void truncate(int position) {
        pos = position;
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            int needed = pos + extra;
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }

    void putByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    void putVarLong(long value) {
        ensure(MAX_VARINT);
        byte[] b = buf;
        int p = pos;
        while ((value & ~0x7FL) != 0) {
            b[p++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[p++] = (byte) value;
        pos = p;
    }

    void putSignedVarLong(long value) {
        putVarLong((value << 1) ^ (value >> 63));
    }

    void putLongLE(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (value >>> (8 * i));
        }
    }

    void putBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /**
     * A varint byte length and the UTF-8 bytes; {@code null} is written as the empty string. The
     * last two strings are kept encoded: GC records repeat the same collector and cause, and
     * re-encoding them for every GC would allocate on the event path.
     */
    void putString(String s) {
        byte[] utf8;
        if (s == null) {
            utf8 = EMPTY;
        } else if (s.equals(recentString[0])) {
            utf8 = recentUtf8[0];
        } else if (s.equals(recentString[1])) {
            utf8 = recentUtf8[1];
        } else {
            utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > FormatConstants.MAX_STRING_BYTES) {
                utf8 = truncateUtf8(utf8, FormatConstants.MAX_STRING_BYTES);
            }
            recentString[1] = recentString[0];
            recentUtf8[1] = recentUtf8[0];
            recentString[0] = s;
            recentUtf8[0] = utf8;
        }
        putVarLong(utf8.length);
        putBytes(utf8);
    }

    /** Cuts at a character boundary so that the stored prefix stays valid UTF-8. */
    private static byte[] truncateUtf8(byte[] utf8, int max) {
        int end = max;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(utf8, end);
    }

    /** Encoded size of an unsigned varint, for callers that budget space. */
    static int varLongSize(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }
}
