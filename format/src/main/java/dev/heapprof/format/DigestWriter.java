package dev.heapprof.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes {@code BASE.hpc}: the header, one block per snapshot, then on {@link #finish()} an index
 * block and the fixed-size footer that points to it (docs/format.md, "Digest file"). Each snapshot
 * is written as soon as it is appended, so an interrupted digest is a valid partial one.
 */
public final class DigestWriter implements Closeable {
    private final BlockWriter blocks;
    private final RecordBuffer records = new RecordBuffer(FormatConstants.TARGET_BLOCK_PAYLOAD);
    private long[] offsets = new long[256];
    private int count;
    private boolean finished;

    private DigestWriter(BlockWriter blocks, DigestHeader header) throws IOException {
        this.blocks = blocks;
        header.writeTo(records);
        blocks.writeBlock(records);
    }

    public static DigestWriter create(Path file, DigestHeader header, boolean replace) throws IOException {
        BlockWriter blocks = new BlockWriter(file, OwnerOnlyFiles.create(file, replace), FileKind.DIGEST);
        try {
            return new DigestWriter(blocks, header);
        } catch (IOException | RuntimeException e) {
            blocks.close();
            throw e;
        }
    }

    /** Appends snapshot {@code count()}: snapshots must come in order, 0, 1, 2, ... */
    public void append(Snapshot snapshot) throws IOException {
        if (finished) {
            throw new IllegalStateException("digest already finished");
        }
        if (snapshot.index() != count) {
            throw new IllegalArgumentException("expected snapshot " + count + ", got " + snapshot.index());
        }
        snapshot.writeTo(records);
        if (count == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = blocks.writeBlock(records);
    }

    public long count() {
        return count;
    }

    /** Writes the index and the footer: the digest is then complete and has O(1) snapshot access. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        records.putByte(FormatConstants.HPC_INDEX);
        records.putVarLong(count);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            records.putVarLong(offsets[i] - previous);
            previous = offsets[i];
        }
        long indexOffset = blocks.writeBlock(records);
        records.putByte(FormatConstants.HPC_FOOTER);
        records.putLongLE(indexOffset);
        records.putLongLE(count);
        blocks.writeBlock(records);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        blocks.close();
    }
}
