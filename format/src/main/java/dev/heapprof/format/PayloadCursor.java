package dev.heapprof.format;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the fields of one block's payload with a bounds check on every byte, so that no input
 * can make a reader run past the payload, allocate more than the payload holds, or loop.
 * Every error names the file and the absolute byte offset of the field at fault.
 */
final class PayloadCursor {
    private final Path file;
    private byte[] buf;
    private int pos;
    private int limit;
    /** File offset of {@code buf[0]}. */
    private long base;

    PayloadCursor(Path file) {
        this.file = file;
    }

    void reset(byte[] buf, int length, long fileOffsetOfFirstByte) {
        this.buf = buf;
        this.pos = 0;
        this.limit = length;
        this.base = fileOffsetOfFirstByte;
    }

    boolean hasRemaining() {
        return pos < limit;
    }

    int remaining() {
        return limit - pos;
    }

    /** Absolute file offset of the next byte. */
    long offset() {
        return base + pos;
    }

    Path file() {
        return file;
    }

    FormatException error(String problem) {
        return new FormatException(file, offset(), problem);
    }

    int getByte() throws FormatException {
        if (pos >= limit) {
            throw error("record ends early (block payload exhausted)");
        }
        return buf[pos++] & 0xFF;
    }

    long getVarLong() throws FormatException {
        long result = 0;
        int p = pos;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= limit) {
                pos = p;
                throw error("varint runs past the end of the block");
            }
            int b = buf[p++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (shift == 63 && (b & 0x7E) != 0) {
                    pos = p - 1;
                    throw error("varint exceeds 64 bits");
                }
                pos = p;
                return result;
            }
        }
        pos = p;
        throw error("varint longer than 10 bytes");
    }

    long getSignedVarLong() throws FormatException {
        long raw = getVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A varint that must lie in {@code [0, max]}; used for counts and lengths before allocating. */
    int getBoundedInt(long max, String what) throws FormatException {
        long at = offset();
        long v = getVarLong();
        if (v < 0 || v > max) {
            throw new FormatException(file, at, what + " " + Long.toUnsignedString(v) + " is out of range (at most " + max + ")");
        }
        return (int) v;
    }

    long getLongLE() throws FormatException {
        if (limit - pos < 8) {
            throw error("8-byte field runs past the end of the block");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (buf[pos++] & 0xFFL) << (8 * i);
        }
        return v;
    }

    byte[] getBytes(int n) throws FormatException {
        if (limit - pos < n) {
            throw error(n + "-byte field runs past the end of the block");
        }
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    String getString() throws FormatException {
        int n = getBoundedInt(Math.min(FormatConstants.MAX_STRING_BYTES, remaining()), "string length");
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    void skip(int n) throws FormatException {
        if (n < 0 || limit - pos < n) {
            throw error("skip of " + n + " bytes runs past the end of the block");
        }
        pos += n;
    }
}
