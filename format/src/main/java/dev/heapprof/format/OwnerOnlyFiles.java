package dev.heapprof.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates profile files the safe way: readable and writable by the owner only, and never through
 * a symbolic link. A profile holds class names, thread names and a command line, and the agent
 * may run as a privileged user in a shared directory, so both rules matter.
 */
public final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {}

    /**
     * Creates {@code file} for writing. With {@code replace}, an existing regular file is deleted
     * first; a symbolic link, a directory or anything else in the way is an error, never followed.
     */
    public static FileChannel create(Path file, boolean replace) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!replace) {
                throw new FileAlreadyExistsException(file.toString(), null, "a profile file already exists; choose another name or delete it");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(file + ": refusing to replace something that is not a regular file (a symbolic link or directory?)");
            }
            Files.delete(file);
        }
        // CREATE_NEW is O_CREAT|O_EXCL: it fails on any existing name, a dangling symlink included,
        // so a link planted between the check above and this call is never followed.
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return FileChannel.open(file, options, ownerOnly(file));
    }

    /**
     * Creates a new, empty temporary file in {@code dir}, owner-only like {@link #create}: for content
     * that is renamed over its target once complete.
     */
    public static Path createTemp(Path dir, String prefix, String suffix) throws IOException {
        return Files.createTempFile(dir, prefix, suffix, ownerOnly(dir));
    }

    /** rw------- where the file system has POSIX permissions; nothing to ask elsewhere. */
    private static FileAttribute<?>[] ownerOnly(Path onFileSystemOf) {
        if (onFileSystemOf.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    /** Opens an existing file for reading. Reading through a link is harmless, so links are followed. */
    public static FileChannel openForReading(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }
}
