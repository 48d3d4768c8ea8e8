package dev.heapprof.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Random access to the snapshots of a {@code BASE.hpc}. A finished digest is opened through its
 * footer and index: snapshot k costs one positioned read. A partial digest (no footer: the digest
 * was interrupted, or is still being written) is scanned once to find its snapshots.
 */
public final class DigestReader implements Closeable {
    private final BlockReader blocks;
    private final PayloadCursor in;
    private DigestHeader header;
    private long[] offsets = new long[0];
    private boolean complete;

    private DigestReader(BlockReader blocks) {
        this.blocks = blocks;
        this.in = new PayloadCursor(blocks.file());
    }

    public static DigestReader open(Path file) throws IOException {
        DigestReader reader = new DigestReader(new BlockReader(file, FileKind.DIGEST));
        try {
            reader.load();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    private void load() throws IOException {
        if (blocks.readBlockAt(FormatConstants.PROLOGUE_SIZE)) {
            in.reset(blocks.payload(), blocks.payloadLength(), blocks.payloadOffset());
            try {
                if (in.getByte() == FormatConstants.TAG_HEADER) {
                    header = DigestHeader.readFrom(in);
                }
            } catch (FormatException e) {
                blocks.report().problem(e.offset(), "unreadable header (" + e.problem() + ")");
            }
        }
        if (header == null) {
            blocks.report().problem(FormatConstants.PROLOGUE_SIZE, "the digest header is missing or damaged");
        }
        if (!loadIndex()) {
            scan();
        }
    }

    /** Follows footer to index; false if either is absent or does not check out. */
    private boolean loadIndex() throws IOException {
        long footerAt = blocks.fileSize() - FormatConstants.BLOCK_HEADER_SIZE - FormatConstants.HPC_FOOTER_PAYLOAD;
        if (footerAt <= FormatConstants.PROLOGUE_SIZE || !blocks.readBlockAt(footerAt)) {
            return false;
        }
        in.reset(blocks.payload(), blocks.payloadLength(), blocks.payloadOffset());
        try {
            if (blocks.payloadLength() != FormatConstants.HPC_FOOTER_PAYLOAD || in.getByte() != FormatConstants.HPC_FOOTER) {
                return false;
            }
            long indexAt = in.getLongLE();
            long count = in.getLongLE();
            if (indexAt < FormatConstants.PROLOGUE_SIZE || indexAt >= footerAt || !blocks.readBlockAt(indexAt)) {
                return false;
            }
            in.reset(blocks.payload(), blocks.payloadLength(), blocks.payloadOffset());
            if (in.getByte() != FormatConstants.HPC_INDEX) {
                return false;
            }
            int n = in.getBoundedInt(in.remaining(), "snapshot count");
            if (n != count) {
                return false;
            }
            long[] found = new long[n];
            long previous = 0;
            for (int i = 0; i < n; i++) {
                long offset = previous + in.getVarLong();
                if (offset <= previous || offset >= indexAt) {
                    return false;
                }
                found[i] = offset;
                previous = offset;
            }
            offsets = found;
            complete = true;
            return true;
        } catch (FormatException e) {
            blocks.report().problem(e.offset(), "damaged index (" + e.problem() + "); scanning instead");
            return false;
        }
    }

    /** Finds the snapshots of a partial digest by walking its blocks in order. */
    private void scan() throws IOException {
        long[] found = new long[64];
        int n = 0;
        while (blocks.next()) {
            if (blocks.blockOffset() == FormatConstants.PROLOGUE_SIZE || blocks.payloadLength() == 0) {
                continue;
            }
            int tag = blocks.payload()[0] & 0xFF;
            if (tag != FormatConstants.HPC_SNAPSHOT) {
                continue;
            }
            in.reset(blocks.payload(), blocks.payloadLength(), blocks.payloadOffset());
            in.getByte();
            long index = in.getVarLong();
            if (index != n) {
                blocks.report().problem(blocks.blockOffset(), "expected snapshot " + n + ", found " + index + "; digest ends here");
                break;
            }
            if (n == found.length) {
                found = Arrays.copyOf(found, n * 2);
            }
            found[n++] = blocks.blockOffset();
        }
        offsets = Arrays.copyOf(found, n);
    }

    /** The header, or {@code null} if damaged (see {@link #report()}). */
    public DigestHeader header() {
        return header;
    }

    /** True when the digest was finished (index and footer present). */
    public boolean isComplete() {
        return complete;
    }

    public int snapshotCount() {
        return offsets.length;
    }

    public ReadReport report() {
        return blocks.report();
    }

    /** Snapshot {@code k}, read with one positioned read. */
    public Snapshot snapshot(int k) throws IOException {
        if (k < 0 || k >= offsets.length) {
            throw new IndexOutOfBoundsException("snapshot " + k + " of " + offsets.length);
        }
        if (!blocks.readBlockAt(offsets[k])) {
            throw new FormatException(blocks.file(), offsets[k], "snapshot " + k + " block is damaged");
        }
        in.reset(blocks.payload(), blocks.payloadLength(), blocks.payloadOffset());
        if (in.getByte() != FormatConstants.HPC_SNAPSHOT) {
            throw new FormatException(blocks.file(), offsets[k] + FormatConstants.BLOCK_HEADER_SIZE, "index points at a block that is not a snapshot");
        }
        Snapshot s = Snapshot.readFrom(in);
        if (s.index() != k) {
            throw new FormatException(blocks.file(), offsets[k], "index says snapshot " + k + " but the block holds snapshot " + s.index());
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        blocks.close();
    }
}
