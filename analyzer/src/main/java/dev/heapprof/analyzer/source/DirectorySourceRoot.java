package dev.heapprof.analyzer.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A source tree on disk: its root directory holds the package directories, as {@code src/main/java} does. */
final class DirectorySourceRoot implements SourceRoot {
    private final Path root;

    DirectorySourceRoot(Path root) {
        this.root = root;
    }

    @Override
    public Path path() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String relativePath) throws IOException {
        Path file = root.resolve(relativePath);
        if (!file.normalize().startsWith(root.normalize()) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted since the check
        }
    }

    /** Nothing to release: files are opened and closed per read. */
    @Override
    public void close() {}
}
