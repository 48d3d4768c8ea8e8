package dev.heapprof.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as what it claims to be. The message always names the file and,
 * where one applies, the byte offset at fault.
 */
public class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final String problem;

    public FormatException(Path file, long offset, String problem) {
        super(describe(file, offset, problem));
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    /** What is wrong, without the file and offset. */
    public String problem() {
        return problem;
    }

    /** The file at fault, or {@code null} when reading from memory. */
    public Path file() {
        return file;
    }

    /** The byte offset at fault, or -1 when the problem concerns the whole file. */
    public long offset() {
        return offset;
    }

    static String describe(Path file, long offset, String problem) {
        String where = file == null ? "<memory>" : file.toString();
        return offset < 0 ? where + ": " + problem : where + " at byte " + offset + ": " + problem;
    }
}
