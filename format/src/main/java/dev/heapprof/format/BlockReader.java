package dev.heapprof.format;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Walks the framed blocks of one file (docs/format.md, "Blocks") and hands out each good payload.
 *
 * <p>It reads only up to the size the file had when it was opened, so a file being written yields
 * a consistent prefix. A block whose header is damaged is found again by scanning for the next
 * header whose own checksum holds; a block whose payload checksum fails is skipped by its (checked)
 * length. Both are reported with their offsets. A block that runs past the end is the incomplete
 * tail of a cut file: its bytes are reported as trailing, never as corruption. Each byte is looked
 * at a bounded number of times, so no input makes this loop for long, and no buffer is ever larger
 * than the bytes actually present in the file.
 */
final class BlockReader implements Closeable {
    private static final int SCAN_CHUNK = 64 << 10;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ReadReport report;
    private final CRC32C crc = new CRC32C();
    private final byte[] header = new byte[FormatConstants.BLOCK_HEADER_SIZE];
    private final int minorVersion;
    private long next;
    private byte[] payload = new byte[4096];
    private int payloadLength;
    private long blockOffset = -1;
    private int lastPayloadCrc;
    private boolean done;

    BlockReader(Path file, FileKind kind) throws IOException {
        this(file, OwnerOnlyFiles.openForReading(file), kind);
    }

    BlockReader(Path file, FileChannel channel, FileKind kind) throws IOException {
        this.file = file;
        this.channel = channel;
        try {
            this.size = channel.size();
            this.report = new ReadReport(file);
            report.fileSize(size);
            this.minorVersion = readPrologue(kind);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.next = FormatConstants.PROLOGUE_SIZE;
    }

    private int readPrologue(FileKind kind) throws IOException {
        byte[] prologue = new byte[FormatConstants.PROLOGUE_SIZE];
        int n = (int) Math.min(size, prologue.length);
        readFully(0, prologue, n);
        if (!kind.magicMatches(prologue, n)) {
            FileKind other = FileKind.ofMagic(prologue, n);
            String hint = other != null ? " (it is a " + other.suffix() + " file)" : " (not a heapprof file)";
            throw new FormatException(file, 0, "expected the magic number of a " + kind.suffix() + " file" + hint);
        }
        if (n < prologue.length) {
            // Cut inside the prologue: an empty profile, not an error.
            report.trailing(n);
            done = true;
            return 0;
        }
        int major = (prologue[4] & 0xFF) | (prologue[5] & 0xFF) << 8;
        int minor = (prologue[6] & 0xFF) | (prologue[7] & 0xFF) << 8;
        if (major != FormatConstants.MAJOR_VERSION) {
            throw new FormatException(file, 4, "format version " + major + "." + minor
                    + " is not supported; this reader reads version " + FormatConstants.MAJOR_VERSION + ".x");
        }
        return minor;
    }

    Path file() {
        return file;
    }

    ReadReport report() {
        return report;
    }

    int minorVersion() {
        return minorVersion;
    }

    long fileSize() {
        return size;
    }

    /** Offset just past the last block returned so far. */
    long position() {
        return next;
    }

    /** Moves to the next good block; false at the end of the readable prefix. */
    boolean next() throws IOException {
        while (!done) {
            long at = next;
            if (size - at < FormatConstants.BLOCK_HEADER_SIZE) {
                finish(at);
                return false;
            }
            readFully(at, header, FormatConstants.BLOCK_HEADER_SIZE);
            long length = headerLength(header, 0);
            if (length < 0) {
                resync(at);
                continue;
            }
            long end = at + FormatConstants.BLOCK_HEADER_SIZE + length;
            if (end > size) {
                finish(at);
                return false;
            }
            int n = (int) length;
            if (payload.length < n) {
                payload = new byte[Math.max(n, Math.min(payload.length * 2, FormatConstants.MAX_BLOCK_PAYLOAD))];
            }
            readFully(at + FormatConstants.BLOCK_HEADER_SIZE, payload, n);
            crc.reset();
            crc.update(payload, 0, n);
            next = end;
            if ((int) crc.getValue() != intLE(header, 4)) {
                report.corruptBlock(at, end - at, "block payload checksum mismatch");
                continue;
            }
            payloadLength = n;
            blockOffset = at;
            lastPayloadCrc = intLE(header, 4);
            report.blockRead();
            return true;
        }
        return false;
    }

    /** Reads and checks the one block that starts at {@code offset}, for random access. */
    boolean readBlockAt(long offset) throws IOException {
        if (offset < FormatConstants.PROLOGUE_SIZE || size - offset < FormatConstants.BLOCK_HEADER_SIZE) {
            return false;
        }
        readFully(offset, header, FormatConstants.BLOCK_HEADER_SIZE);
        long length = headerLength(header, 0);
        if (length < 0 || offset + FormatConstants.BLOCK_HEADER_SIZE + length > size) {
            return false;
        }
        int n = (int) length;
        if (payload.length < n) {
            payload = new byte[n];
        }
        readFully(offset + FormatConstants.BLOCK_HEADER_SIZE, payload, n);
        crc.reset();
        crc.update(payload, 0, n);
        if ((int) crc.getValue() != intLE(header, 4)) {
            return false;
        }
        payloadLength = n;
        blockOffset = offset;
        lastPayloadCrc = intLE(header, 4);
        return true;
    }

    private void finish(long at) {
        report.trailing(size - at);
        next = at;
        done = true;
    }

    /**
     * The payload length a valid header at {@code b[from]} declares, or -1 if the header's own
     * checksum fails or the length is impossible.
     */
    private long headerLength(byte[] b, int from) {
        long length = intLE(b, from) & 0xFFFFFFFFL;
        if (length == 0 || length > FormatConstants.MAX_BLOCK_PAYLOAD) {
            return -1;
        }
        crc.reset();
        crc.update(b, from, 8);
        return (int) crc.getValue() == intLE(b, from + 8) ? length : -1;
    }

    /**
     * Starts reading at the first valid block header at or after {@code offset} instead of after
     * the prologue, for readers that want only the end of a file. Skipping to it is not damage:
     * nothing is reported.
     */
    void startNear(long offset) throws IOException {
        long from = Math.max(FormatConstants.PROLOGUE_SIZE, offset);
        if (size - from >= FormatConstants.BLOCK_HEADER_SIZE) {
            readFully(from, header, FormatConstants.BLOCK_HEADER_SIZE);
            if (headerLength(header, 0) >= 0) {
                next = from;
                return;
            }
        }
        ReadReport quiet = new ReadReport(file);
        resync(from, quiet);
    }

    /** Scans forward from a damaged header for the next position whose header checks out. */
    private void resync(long damagedAt) throws IOException {
        resync(damagedAt, report);
    }

    private void resync(long damagedAt, ReadReport report) throws IOException {
        byte[] window = new byte[SCAN_CHUNK + FormatConstants.BLOCK_HEADER_SIZE];
        long from = damagedAt + 1;
        while (size - from >= FormatConstants.BLOCK_HEADER_SIZE) {
            int n = (int) Math.min(window.length, size - from);
            readFully(from, window, n);
            int last = n - FormatConstants.BLOCK_HEADER_SIZE;
            for (int i = 0; i <= last; i++) {
                // Cheap filter first: a length above the maximum has a high byte of 4 or more.
                if ((window[i + 3] & 0xFF) <= (FormatConstants.MAX_BLOCK_PAYLOAD >>> 24) && headerLength(window, i) >= 0) {
                    long found = from + i;
                    report.corruptBlock(damagedAt, found - damagedAt, "damaged block header");
                    next = found;
                    return;
                }
            }
            from += last + 1;
        }
        report.corruptBlock(damagedAt, size - damagedAt, "damaged block header, no valid block after it");
        next = size;
        done = true;
    }

    byte[] payload() {
        return payload;
    }

    int payloadLength() {
        return payloadLength;
    }

    long blockOffset() {
        return blockOffset;
    }

    /** File offset of the payload's first byte. */
    long payloadOffset() {
        return blockOffset + FormatConstants.BLOCK_HEADER_SIZE;
    }

    /** Payload CRC32C of the block last returned (the header buffer may hold a later, rejected one). */
    int payloadCrc() {
        return lastPayloadCrc;
    }

    private void readFully(long at, byte[] dst, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(dst, 0, n);
        long pos = at;
        while (buffer.hasRemaining()) {
            int r = channel.read(buffer, pos);
            if (r < 0) {
                throw new EOFException(FormatException.describe(file, pos, "file shrank while being read"));
            }
            pos += r;
        }
    }

    static int intLE(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
