package dev.heapprof.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a reader met besides good records: corrupt blocks (by offset), records it could not
 * decode, and the trailing bytes of an incomplete last block (a file cut by a crash, or still
 * being written). Keeps the first {@value #MAX_KEPT} messages and counts the rest, so that a
 * hostile file cannot grow the report without bound.
 */
public final class ReadReport {
    static final int MAX_KEPT = 100;

    private final Path file;
    private final List<String> problems = new ArrayList<>();
    private long problemCount;
    private long blocksRead;
    private long corruptBlocks;
    private long bytesSkipped;
    private long trailingBytes;
    private long fileSize;

    ReadReport(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    void problem(long offset, String message) {
        problemCount++;
        if (problems.size() < MAX_KEPT) {
            problems.add(FormatException.describe(file, offset, message));
        }
    }

    void blockRead() {
        blocksRead++;
    }

    void corruptBlock(long offset, long bytes, String why) {
        corruptBlocks++;
        bytesSkipped += bytes;
        problem(offset, why + "; " + bytes + " bytes skipped");
    }

    void trailing(long bytes) {
        trailingBytes = bytes;
    }

    void fileSize(long size) {
        fileSize = size;
    }

    /** The first problems met, each naming the file and byte offset. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** All problems met, including those not kept in {@link #problems()}. */
    public long problemCount() {
        return problemCount;
    }

    public long blocksRead() {
        return blocksRead;
    }

    public long corruptBlocks() {
        return corruptBlocks;
    }

    /** Bytes of corrupt blocks and unreadable regions that were skipped. */
    public long bytesSkipped() {
        return bytesSkipped;
    }

    /** Bytes after the last complete block: an incomplete block left by a crash or a live writer. */
    public long trailingBytes() {
        return trailingBytes;
    }

    /** Size of the file when the reader opened it. */
    public long fileSize() {
        return fileSize;
    }

    /** True when every byte was part of a good block. */
    public boolean isClean() {
        return problemCount == 0 && trailingBytes == 0;
    }

    /** One line for a user: what was read and what was not. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(file).append(": ").append(blocksRead).append(" blocks read");
        if (trailingBytes > 0) {
            s.append(", ").append(trailingBytes).append(" trailing bytes of an incomplete block ignored");
        }
        if (corruptBlocks > 0) {
            s.append(", ").append(corruptBlocks).append(" corrupt blocks (").append(bytesSkipped).append(" bytes) skipped");
        }
        if (problemCount > corruptBlocks) {
            s.append(", ").append(problemCount - corruptBlocks).append(" other problems");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
