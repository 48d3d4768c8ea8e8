package dev.heapprof.format;

/**
 * How the profiled VM lays out objects, recorded so that sizes can be interpreted and compared
 * across runs: compressed oops and class pointers, compact object headers (JDK 24+), alignment.
 */
public record ObjectLayout(boolean compressedOops, boolean compressedClassPointers, boolean compactHeaders, int objectAlignment) {
    public ObjectLayout {
        if (objectAlignment < 1 || Integer.bitCount(objectAlignment) != 1) {
            throw new IllegalArgumentException("object alignment must be a power of two, got " + objectAlignment);
        }
    }

    /** log2 of the alignment: sizes in the event file are stored in units of the alignment. */
    int sizeShift() {
        return Integer.numberOfTrailingZeros(objectAlignment);
    }

    int flags() {
        return (compressedOops ? FormatConstants.LAYOUT_COMPRESSED_OOPS : 0)
                | (compressedClassPointers ? FormatConstants.LAYOUT_COMPRESSED_CLASS_POINTERS : 0)
                | (compactHeaders ? FormatConstants.LAYOUT_COMPACT_HEADERS : 0);
    }

    static ObjectLayout of(int flags, int alignment) {
        return new ObjectLayout((flags & FormatConstants.LAYOUT_COMPRESSED_OOPS) != 0,
                (flags & FormatConstants.LAYOUT_COMPRESSED_CLASS_POINTERS) != 0,
                (flags & FormatConstants.LAYOUT_COMPACT_HEADERS) != 0, alignment);
    }
}
