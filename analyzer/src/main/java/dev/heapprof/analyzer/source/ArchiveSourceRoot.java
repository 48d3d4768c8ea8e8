package dev.heapprof.analyzer.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A jar or zip of sources, such as the {@code -sources.jar} Maven publishes beside a library.
 * It is opened once, reading its directory once, and read by exact entry name, so no entry name
 * in the archive can lead outside it.
 */
final class ArchiveSourceRoot implements SourceRoot {
    private final Path path;
    private final ZipFile zip;

    private ArchiveSourceRoot(Path path, ZipFile zip) {
        this.path = path;
        this.zip = zip;
    }

    /** @throws IOException when the file is not a readable zip; the message names it */
    static ArchiveSourceRoot open(Path path) throws IOException {
        try {
            return new ArchiveSourceRoot(path, new ZipFile(path.toFile()));
        } catch (ZipException e) {
            throw new IOException(path + " is not a readable jar or zip: " + e.getMessage(), e);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Optional<byte[]> read(String relativePath) throws IOException {
        ZipEntry entry = zip.getEntry(relativePath);
        if (entry == null || entry.isDirectory()) {
            return Optional.empty();
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return Optional.of(in.readAllBytes());
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
