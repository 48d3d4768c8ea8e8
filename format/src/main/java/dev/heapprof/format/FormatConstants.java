package dev.heapprof.format;

/**
 * The byte layout of the three files, as numbers. docs/format.md is the specification; every
 * constant here names the section it mirrors. Nothing else in the code base spells a tag or a size.
 */
public final class FormatConstants {
    private FormatConstants() {}

    // --- Prologue (docs/format.md, "Prologue") ---
    /** Magic (4 bytes) + major version (u16 LE) + minor version (u16 LE). */
    public static final int PROLOGUE_SIZE = 8;
    /** Readers refuse any other major version. */
    public static final int MAJOR_VERSION = 1;
    /** Writers write this minor version; readers accept any minor version of their major. */
    public static final int MINOR_VERSION = 0;

    // --- Block framing (docs/format.md, "Blocks") ---
    /** u32 payload length, u32 CRC32C of the payload, u32 CRC32C of the first eight bytes. */
    public static final int BLOCK_HEADER_SIZE = 12;
    /** The largest payload a reader accepts; a larger length is a corrupt header. */
    public static final int MAX_BLOCK_PAYLOAD = 64 << 20;
    /** Writers close a block once its payload passes this size. */
    public static final int TARGET_BLOCK_PAYLOAD = 64 << 10;
    /** The longest string (UTF-8 bytes) a writer writes and a reader accepts. */
    public static final int MAX_STRING_BYTES = 1 << 20;
    /** The deepest stack a trace record may carry. */
    public static final int MAX_TRACE_FRAMES = 1 << 16;

    // --- Record tags shared by all three files (docs/format.md, "Records") ---
    /** Never a valid tag: a run of zero bytes is caught at once. */
    public static final int TAG_INVALID = 0x00;
    /** First block of every file: the header record. */
    public static final int TAG_HEADER = 0x01;
    /** Extension records 0x20..0x3F carry a varint body length and are skipped when unknown. */
    public static final int TAG_EXTENSION_FIRST = 0x20;
    public static final int TAG_EXTENSION_LAST = 0x3F;

    // --- .hpm records (docs/format.md, "Metadata file") ---
    public static final int HPM_STRING = 0x02;
    public static final int HPM_FRAME = 0x03;
    public static final int HPM_TRACE = 0x04;
    public static final int HPM_THREAD = 0x05;
    /** TRACE flags bit 0: the stack was cut at the agent's depth limit. */
    public static final int TRACE_FLAG_TRUNCATED = 0x01;
    /** Header layout flags. */
    public static final int LAYOUT_COMPRESSED_OOPS = 0x01;
    public static final int LAYOUT_COMPRESSED_CLASS_POINTERS = 0x02;
    public static final int LAYOUT_COMPACT_HEADERS = 0x04;

    // --- .hpd records (docs/format.md, "Event file") ---
    public static final int HPD_THREAD = 0x02;
    public static final int HPD_GC = 0x03;
    public static final int HPD_MARK = 0x04;
    public static final int HPD_COUNTER = 0x05;
    public static final int HPD_ALLOC = 0x06;
    public static final int HPD_FREE = 0x07;
    /** FREE with the size in the tag: 0x40..0x7F, size = ((tag & 0x3F) + 1) << sizeShift. */
    public static final int HPD_FREE_SMALL = 0x40;
    public static final int HPD_FREE_SMALL_UNITS = 64;
    /** ALLOC with the size in the tag: 0x80..0xFF, size = ((tag & 0x7F) + 1) << sizeShift. */
    public static final int HPD_ALLOC_SMALL = 0x80;
    public static final int HPD_ALLOC_SMALL_UNITS = 128;

    // --- .hpc records (docs/format.md, "Digest file") ---
    public static final int HPC_SNAPSHOT = 0x02;
    public static final int HPC_INDEX = 0x03;
    public static final int HPC_FOOTER = 0x04;
    /** Footer payload: tag, u64 LE index block offset, u64 LE snapshot count. */
    public static final int HPC_FOOTER_PAYLOAD = 17;
    /** Live and allocated objects are stored in thousandths: estimates are not whole numbers. */
    public static final long MILLI = 1000;

    /** Every file starts its run identity with this many random bytes. */
    public static final int RUN_ID_SIZE = 16;
}
