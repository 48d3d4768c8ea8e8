package dev.heapprof.analyzer.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * One place source files live in, laid out by package: a directory such as {@code src/main/java},
 * or a jar or zip such as {@code foo-sources.jar}. The locator asks each root in turn, so both
 * kinds answer the same question the same way.
 */
interface SourceRoot extends Closeable {
    /** The path the user gave for this root. */
    Path path();

    /**
     * The bytes of the file at this package-relative path, like {@code com/acme/Foo.java}, or
     * empty if the root has no such file. The path's segments are plain names (no {@code ..}).
     *
     * @throws IOException when the file exists but cannot be read
     */
    Optional<byte[]> read(String relativePath) throws IOException;

    /**
     * Opens the root at this path.
     *
     * @throws IllegalArgumentException when the path does not exist or is neither a directory nor a jar or zip
     * @throws IOException when the jar or zip cannot be opened; the message names the file
     */
    static SourceRoot open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return new DirectorySourceRoot(path);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("source path " + path + " does not exist");
        }
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".jar") && !name.endsWith(".zip")) {
            throw new IllegalArgumentException(
                    "source path " + path + " is neither a directory nor a .jar or .zip file");
        }
        return ArchiveSourceRoot.open(path);
    }
}
