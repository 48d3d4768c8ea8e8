package dev.heapprof.analyzer.cli;

import dev.heapprof.format.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file a command writes (a picture, a DOT or JSON file, a CSV). Views carry class, method and
 * thread names of the profiled program, so they are created like the profile itself: readable by
 * the owner only, and never through a symbolic link.
 *
 * <p>The content goes to a temporary file beside the target, created owner-only, which is then
 * renamed over the target. A rename replaces a link in the target's place rather than following it
 * (so a link planted after the checks is harmless too), a reader never sees half a file, and a
 * failed command leaves the previous file as it was.
 */
final class OutputFile {
    private OutputFile() {}

    /** Writes content to the file at the path it is given (a temporary file), in any way it likes. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path file) throws IOException, InterruptedException;
    }

    /** Writes {@code file} through {@code content}, as the class comment says; returns {@code file}. */
    static Path write(Path file, Content content) throws IOException, InterruptedException {
        Path parent = check(file).toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Hidden, and ending in the target's own name: writers that choose a format by the extension
        // (.svg or .png, .json) choose the same one for the temporary file.
        Path temp = OwnerOnlyFiles.createTemp(parent, ".heapprof-", "-" + file.getFileName());
        boolean done = false;
        try {
            content.writeTo(temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING); // also a rename, not a copy through a link
            }
            done = true;
            return file;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** The checks that give a clear message before any work: no link, no directory in the file's place. */
    private static Path check(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new HeapprofCli.UsageException(file + " is a symbolic link: heapprof does not write through links; remove it or choose"
                    + " another name");
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new HeapprofCli.UsageException(file + " is a directory: name a file to write");
        }
        return file;
    }
}
