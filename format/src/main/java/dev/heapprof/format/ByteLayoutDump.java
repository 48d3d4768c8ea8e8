package dev.heapprof.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Prints a profile file byte by byte, one field per line: offset, bytes in hex, meaning. It walks
 * the layout of docs/format.md independently of the readers, so it doubles as a check of them (the
 * worked example in docs/format.md is this class's output, verified by a test) and as a tool for
 * looking inside a damaged file. It stops annotating at the first byte it cannot explain and shows
 * the rest raw.
 */
public final class ByteLayoutDump {
    /** Dumps are for small files and examples; larger files should be read with the readers. */
    public static final int MAX_DUMP_BYTES = 1 << 20;
    private static final int BYTES_PER_LINE = 8;

    private final byte[] data;
    private final StringBuilder out = new StringBuilder();
    private int pos;
    private int limit;

    private ByteLayoutDump(byte[] data) {
        this.data = data;
        this.limit = data.length;
    }

    /** Prints the annotated bytes of each file named on the command line. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java -cp heapprof-format.jar dev.heapprof.format.ByteLayoutDump FILE.hpm|FILE.hpd|FILE.hpc ...");
            System.exit(2);
        }
        for (String arg : args) {
            System.out.print(dump(Path.of(arg)));
        }
    }

    public static String dump(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_DUMP_BYTES) {
            throw new FormatException(file, -1, "is " + size + " bytes; byte dumps are limited to " + MAX_DUMP_BYTES + " bytes");
        }
        byte[] bytes = Files.readAllBytes(file);
        FileKind kind = FileKind.ofMagic(bytes, bytes.length);
        if (kind == null) {
            throw new FormatException(file, 0, "not a heapprof file (unknown magic number)");
        }
        return dump(bytes, kind);
    }

    static String dump(byte[] bytes, FileKind kind) {
        ByteLayoutDump d = new ByteLayoutDump(bytes);
        d.walk(kind);
        return d.out.toString();
    }

    private void walk(FileKind kind) {
        try {
            field(4, "magic: " + kind.suffix() + " file");
            field(2, "major version " + u16(pos));
            field(2, "minor version " + u16(pos));
            boolean first = true;
            while (pos < data.length) {
                block(kind, first);
                first = false;
            }
        } catch (IllegalStateException e) {
            limit = data.length;
            if (pos < data.length) {
                field(data.length - pos, "not explained: " + e.getMessage());
            }
        }
    }

    private void block(FileKind kind, boolean first) {
        int start = pos;
        if (data.length - pos < FormatConstants.BLOCK_HEADER_SIZE) {
            throw new IllegalStateException("incomplete block header");
        }
        long length = u32(pos) & 0xFFFFFFFFL;
        out.append('\n');
        field(4, "block: payload length " + length + " bytes");
        CRC32C crc = new CRC32C();
        if (length > FormatConstants.MAX_BLOCK_PAYLOAD || pos + 8 + length > data.length) {
            throw new IllegalStateException("block payload runs past the end of the file");
        }
        crc.update(data, start + FormatConstants.BLOCK_HEADER_SIZE, (int) length);
        field(4, "block: CRC32C of the payload" + ((int) crc.getValue() == u32(pos) ? " (matches)" : " (MISMATCH)"));
        crc.reset();
        crc.update(data, start, 8);
        field(4, "block: CRC32C of the 8 bytes above" + ((int) crc.getValue() == u32(pos) ? " (matches)" : " (MISMATCH)"));
        limit = pos + (int) length;
        if (!first && kind == FileKind.EVENTS) {
            varint("preamble: base time (ns)");
            u8("preamble: size shift (sizes in units of 2^shift bytes)");
            varint("preamble: sampling interval (bytes)");
            varint("preamble: id of the last GC before this block");
        }
        while (pos < limit) {
            record(kind, first);
        }
        limit = data.length;
    }

    private void record(FileKind kind, boolean first) {
        int tag = data[pos] & 0xFF;
        if (first && tag == FormatConstants.TAG_HEADER) {
            field(1, "tag 0x01 HEADER");
            switch (kind) {
                case METADATA -> metadataHeader();
                case EVENTS -> eventsHeader();
                case DIGEST -> digestHeader();
                default -> throw new IllegalStateException("unknown kind");
            }
            return;
        }
        switch (kind) {
            case METADATA -> metadataRecord(tag);
            case EVENTS -> eventRecord(tag);
            case DIGEST -> digestRecord(tag);
            default -> throw new IllegalStateException("unknown kind");
        }
    }

    private void metadataHeader() {
        field(16, "run id");
        varints("start time (ns since 1970)", "sampling interval (bytes; 0 = every allocation)", "pid");
        for (String name : new String[] {"host", "JVM name", "JVM vendor", "JVM version", "command line", "main class", "agent options"}) {
            string(name);
        }
        u8("object layout flags (1 compressed oops, 2 compressed class pointers, 4 compact headers)");
        varints("object alignment (bytes)", "maximum stack depth (frames)");
        long n = varint("property count");
        for (long i = 0; i < n; i++) {
            string("property key");
            string("property value");
        }
    }

    private void eventsHeader() {
        field(16, "run id");
        varint("start time (ns since 1970)");
        varint("sampling interval (bytes; 0 = every allocation)");
        varint("flush interval (ns): most by which two blocks' times interleave");
    }

    private void digestHeader() {
        field(16, "run id of the .hpd digested");
        varint(".hpd bytes digested");
        field(8, ".hpd last block CRC32C (u64 LE)");
        varint("start time (ns since 1970)");
        varint("sampling interval (bytes)");
        varint("snapshot interval (ns)");
        field(8, "precision (IEEE 754 double LE) = " + Double.longBitsToDouble(u64(pos)));
    }

    private void metadataRecord(int tag) {
        switch (tag) {
            case FormatConstants.HPM_STRING -> {
                field(1, "tag 0x02 STRING");
                varint("string id");
                string("text");
            }
            case FormatConstants.HPM_FRAME -> {
                field(1, "tag 0x03 FRAME");
                varints("frame id", "class name (string id)", "method name (string id)",
                        "source file (string id; 0 = unknown)", "line (0 = unknown)");
            }
            case FormatConstants.HPM_TRACE -> {
                field(1, "tag 0x04 TRACE");
                varint("trace id");
                varint("allocated type (string id)");
                u8("flags (1 = truncated)");
                long n = varint("frame count");
                for (long i = 0; i < n; i++) {
                    varint(i == 0 ? "frame id (innermost: the allocation site)" : "frame id (caller)");
                }
            }
            case FormatConstants.HPM_THREAD -> {
                field(1, "tag 0x05 THREAD");
                varint("thread id");
                string("thread name");
            }
            default -> extension(tag);
        }
    }

    private void eventRecord(int tag) {
        if (tag >= FormatConstants.HPD_ALLOC_SMALL) {
            field(1, String.format("tag 0x%02X ALLOC, size %d units", tag, (tag & 0x7F) + 1));
            varint("time delta (ns)");
            varint("trace id");
            return;
        }
        if (tag >= FormatConstants.HPD_FREE_SMALL) {
            field(1, String.format("tag 0x%02X FREE, size %d units, in the current GC", tag, (tag & 0x3F) + 1));
            varint("time delta (ns)");
            varint("trace id");
            zigzag("allocation time minus the previous FREE's (ns)");
            return;
        }
        switch (tag) {
            case FormatConstants.HPD_THREAD -> {
                field(1, "tag 0x02 THREAD (switch)");
                varint("thread id");
            }
            case FormatConstants.HPD_GC -> {
                field(1, "tag 0x03 GC");
                varint("time delta (ns) to the end of the GC");
                varint("GC id");
                varint("duration (ns)");
                string("collector");
                string("cause");
                varint("heap used before (bytes)");
                varint("heap used after (bytes)");
                varint("heap committed (bytes)");
            }
            case FormatConstants.HPD_MARK -> {
                field(1, "tag 0x04 MARK");
                varint("time delta (ns)");
                string("label");
            }
            case FormatConstants.HPD_COUNTER -> {
                field(1, "tag 0x05 COUNTER");
                varint("time delta (ns)");
                varint("JVM total allocated (bytes)");
            }
            case FormatConstants.HPD_ALLOC -> {
                field(1, "tag 0x06 ALLOC");
                varint("time delta (ns)");
                varint("trace id");
                varint("size (bytes)");
            }
            case FormatConstants.HPD_FREE -> {
                field(1, "tag 0x07 FREE");
                varint("time delta (ns)");
                varint("trace id");
                varint("size (bytes)");
                zigzag("allocation time minus the previous FREE's (ns)");
                zigzag("GC id minus the current GC's");
            }
            default -> extension(tag);
        }
    }

    private void digestRecord(int tag) {
        switch (tag) {
            case FormatConstants.HPC_SNAPSHOT -> {
                field(1, "tag 0x02 SNAPSHOT");
                varint("snapshot index");
                varint("time (ns)");
                varints("live bytes", "live objects (thousandths)", "bytes allocated in the interval",
                        "objects allocated in the interval (thousandths)", "peak live bytes in the interval",
                        "time of the peak (ns)", "heap used after the last GC + 1 (bytes; 0 = no GC yet)");
                long n = varint("trace count");
                for (long i = 0; i < n; i++) {
                    varints("trace id delta", "  live bytes", "  live objects (thousandths)", "  allocated bytes",
                            "  allocated objects (thousandths)");
                }
            }
            case FormatConstants.HPC_INDEX -> {
                field(1, "tag 0x03 INDEX");
                long n = varint("snapshot count");
                for (long i = 0; i < n; i++) {
                    varint("offset delta of snapshot " + i);
                }
            }
            case FormatConstants.HPC_FOOTER -> {
                field(1, "tag 0x04 FOOTER");
                field(8, "index block offset (u64 LE) = " + u64(pos));
                field(8, "snapshot count (u64 LE) = " + u64(pos));
            }
            default -> extension(tag);
        }
    }

    private void extension(int tag) {
        if (tag < FormatConstants.TAG_EXTENSION_FIRST || tag > FormatConstants.TAG_EXTENSION_LAST) {
            throw new IllegalStateException(String.format("unknown tag 0x%02X", tag));
        }
        field(1, String.format("tag 0x%02X extension record", tag));
        long n = varint("body length");
        field((int) n, "extension body");
    }

    private long varint(String meaning) {
        int start = pos;
        long value = varintValue();
        int n = pos - start;
        pos = start;
        field(n, meaning + " = " + Long.toUnsignedString(value));
        return value;
    }

    /** One varint field per meaning, in order. */
    private void varints(String... meanings) {
        for (String meaning : meanings) {
            varint(meaning);
        }
    }

    private void zigzag(String meaning) {
        int start = pos;
        long raw = varintValue();
        pos = start;
        long value = (raw >>> 1) ^ -(raw & 1);
        int n = RecordBuffer.varLongSize(raw);
        field(n, meaning + " (zigzag) = " + value);
    }

    private long varintValue() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new IllegalStateException("bad varint");
            }
            int b = data[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalStateException("bad varint");
    }

    private void u8(String meaning) {
        if (pos >= limit) {
            throw new IllegalStateException("field past the end of the block");
        }
        field(1, meaning + " = " + (data[pos] & 0xFF));
    }

    private void string(String meaning) {
        int start = pos;
        long n = varintValue();
        if (n > limit - pos) {
            pos = start;
            throw new IllegalStateException("string past the end of the block");
        }
        int lengthBytes = pos - start;
        pos = start;
        field(lengthBytes, meaning + ": length " + n);
        String text = new String(data, pos, (int) n, StandardCharsets.UTF_8);
        if (n > 0) {
            field((int) n, meaning + ": \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }

    /** Emits {@code n} bytes at the cursor with their meaning, wrapping long fields. */
    private void field(int n, String meaning) {
        if (n < 0 || pos + n > limit) {
            throw new IllegalStateException("field past the end of the block");
        }
        for (int line = 0; line == 0 || line * BYTES_PER_LINE < n; line++) {
            int from = pos + line * BYTES_PER_LINE;
            int to = Math.min(pos + n, from + BYTES_PER_LINE);
            StringBuilder hex = new StringBuilder();
            for (int i = from; i < to; i++) {
                hex.append(String.format("%02x ", data[i] & 0xFF));
            }
            String text = String.format("%06x  %-24s %s", from, hex, line == 0 ? meaning : "");
            out.append(text.stripTrailing()).append('\n');
        }
        pos += n;
    }

    private void need(int at, int n) {
        if (at + n > limit) {
            throw new IllegalStateException("field past the end of the block");
        }
    }

    private int u16(int at) {
        need(at, 2);
        return (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8;
    }

    private int u32(int at) {
        need(at, 4);
        return BlockReader.intLE(data, at);
    }

    private long u64(int at) {
        need(at, 8);
        return (u32(at) & 0xFFFFFFFFL) | (long) u32(at + 4) << 32;
    }
}
