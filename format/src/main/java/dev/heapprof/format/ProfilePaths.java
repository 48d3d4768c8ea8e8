package dev.heapprof.format;

import java.nio.file.Path;

/** The three files named from one file base: {@code BASE.hpm}, {@code BASE.hpd}, {@code BASE.hpc}. */
public record ProfilePaths(Path base) {
    public ProfilePaths {
        if (base == null || base.getFileName() == null) {
            throw new IllegalArgumentException("a profile base needs a file name, got " + base);
        }
    }

    /** Accepts the base itself or any of its three files. */
    public static ProfilePaths of(Path baseOrFile) {
        String name = baseOrFile.getFileName() == null ? "" : baseOrFile.getFileName().toString();
        for (FileKind kind : FileKind.values()) {
            if (name.endsWith(kind.suffix()) && name.length() > kind.suffix().length()) {
                return new ProfilePaths(baseOrFile.resolveSibling(name.substring(0, name.length() - kind.suffix().length())));
            }
        }
        return new ProfilePaths(baseOrFile);
    }

    public Path metadata() {
        return withSuffix(FileKind.METADATA);
    }

    public Path events() {
        return withSuffix(FileKind.EVENTS);
    }

    public Path digest() {
        return withSuffix(FileKind.DIGEST);
    }

    private Path withSuffix(FileKind kind) {
        return base.resolveSibling(base.getFileName() + kind.suffix());
    }
}
