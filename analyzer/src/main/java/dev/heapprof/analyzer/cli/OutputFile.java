package dev.heapprof.analyzer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A file a command is about to write (a picture, a DOT or JSON file, a CSV): its directory is created
 * if needed, and a symbolic link in its place is refused rather than followed, so that a command
 * never overwrites what a link points to.
 */
final class OutputFile {
    private OutputFile() {}

    static Path prepare(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new HeapprofCli.UsageException(file + " is a symbolic link: heapprof does not write through links; remove it or choose"
                    + " another name");
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new HeapprofCli.UsageException(file + " is a directory: name a file to write");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }
}
