package dev.heapprof.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Appends the prologue and then framed blocks to one file (docs/format.md, "Blocks"). Each block
 * goes out in a single write, so a reader that runs concurrently, or a reader of a file whose
 * writer was killed, sees a prefix of whole blocks followed by at most one partial block.
 */
final class BlockWriter implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private long position;
    private long lastBlockOffset = -1;
    private int lastPayloadCrc;

    BlockWriter(Path file, FileChannel channel, FileKind kind) throws IOException {
        this.file = file;
        this.channel = channel;
        byte[] prologue = new byte[FormatConstants.PROLOGUE_SIZE];
        System.arraycopy(kind.magic(), 0, prologue, 0, 4);
        putShortLE(prologue, 4, FormatConstants.MAJOR_VERSION);
        putShortLE(prologue, 6, FormatConstants.MINOR_VERSION);
        writeFully(ByteBuffer.wrap(prologue));
    }

    Path file() {
        return file;
    }

    /** Bytes written so far, which is also the offset of the next block. */
    long position() {
        return position;
    }

    long lastBlockOffset() {
        return lastBlockOffset;
    }

    int lastPayloadCrc() {
        return lastPayloadCrc;
    }

    /** Frames and writes the buffer's payload, then clears the buffer. Returns the block's offset. */
    long writeBlock(RecordBuffer records) throws IOException {
        int length = records.payloadLength();
        if (length == 0) {
            throw new IllegalArgumentException("empty block");
        }
        if (length > FormatConstants.MAX_BLOCK_PAYLOAD) {
            throw new IOException(file + ": block of " + length + " bytes exceeds the format's maximum of "
                    + FormatConstants.MAX_BLOCK_PAYLOAD + " bytes");
        }
        byte[] b = records.array();
        crc.reset();
        crc.update(b, FormatConstants.BLOCK_HEADER_SIZE, length);
        int payloadCrc = (int) crc.getValue();
        putIntLE(b, 0, length);
        putIntLE(b, 4, payloadCrc);
        crc.reset();
        crc.update(b, 0, 8);
        putIntLE(b, 8, (int) crc.getValue());
        long offset = position;
        writeFully(ByteBuffer.wrap(b, 0, FormatConstants.BLOCK_HEADER_SIZE + length));
        records.clear();
        lastBlockOffset = offset;
        lastPayloadCrc = payloadCrc;
        return offset;
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer);
        }
    }

    /** Forces written blocks to the storage device (survives a power loss, not just a crash). */
    void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static void putIntLE(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static void putShortLE(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }
}
