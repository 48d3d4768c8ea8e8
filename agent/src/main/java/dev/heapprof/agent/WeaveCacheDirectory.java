package dev.heapprof.agent;

import dev.heapprof.format.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Where cache files of woven classes live, and what may be trusted there. Woven bytes become code in
 * the program, so the directory and its files must belong to the user the JVM runs as, must not be
 * writable by group or others, and must not be symbolic links. Also the housekeeping: the files used
 * last are kept, the others and stale temporary files deleted.
 */
final class WeaveCacheDirectory {
    /** Cache files kept in the directory (one per agent build and JVM); older ones are deleted. */
    static final int MAX_FILES = 8;
    /** Left by a JVM killed while it wrote: deleted once this old. */
    private static final long STALE_TEMP_MILLIS = 24L * 3600 * 1000;
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    /** Prefixes of the short-lived files made here ({@link #createNew}), which {@link #prune} knows. */
    private static final String WOVEN_TEMP = ".woven-";
    private static final String OWNER_PROBE = ".owner-";
    private static final String DIRECTIVES = ".directives-";

    private final Path dir;
    /** The user this JVM runs as. */
    private final UserPrincipal me;

    private WeaveCacheDirectory(Path dir, UserPrincipal me) {
        this.dir = dir;
        this.me = me;
    }

    /**
     * The directory, created owner-only if missing. Throws with the reason when it cannot be
     * trusted: a symbolic link, not a directory, another user's, or writable by others.
     */
    static WeaveCacheDirectory open(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } catch (FileAlreadyExistsException raced) {
                // another JVM created it first: checked below like any existing directory
            }
        }
        PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String unsafe = unsafe(d, null, true); // before anything is created in it
        UserPrincipal me = unsafe == null ? currentUser(dir) : null;
        unsafe = unsafe != null ? unsafe : unsafe(d, me, true);
        if (unsafe != null) {
            throw new IOException(dir + " " + unsafe);
        }
        return new WeaveCacheDirectory(dir, me);
    }

    /** The user this JVM runs as: the owner of a file it creates. */
    private static UserPrincipal currentUser(Path dir) throws IOException {
        Path probe = createNew(dir, OWNER_PROBE);
        try {
            return Files.readAttributes(probe, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).owner();
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * A new, empty owner-only file with a name no other file has. Not {@code Files.createTempFile}:
     * its names come from {@code SecureRandom}, whose first use loads the security providers, some
     * 80 JDK classes that, loaded while the agent starts, would each be retransformed before main.
     * The name needs no secrecy: the file is created exclusively (never through a link) in a
     * directory only its owner can write.
     */
    private static Path createNew(Path dir, String prefix) throws IOException {
        for (int attempt = 0;; attempt++) {
            Path file = dir.resolve(prefix + Long.toHexString(System.nanoTime()) + "-" + attempt + ".tmp");
            try {
                OwnerOnlyFiles.create(file, false).close();
                return file;
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 99) {
                    throw taken;
                }
            }
        }
    }

    /** Why a file or directory must not be trusted, or {@code null}; {@code me == null}: the owner is not checked. */
    private static String unsafe(PosixFileAttributes a, UserPrincipal me, boolean directory) {
        if (a.isSymbolicLink()) {
            return "is a symbolic link";
        }
        if (directory ? !a.isDirectory() : !a.isRegularFile()) {
            return directory ? "is not a directory" : "is not a regular file";
        }
        if (me != null && !a.owner().equals(me)) {
            return "belongs to " + a.owner().getName() + ", not to " + me.getName();
        }
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE) || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            return "can be written by other users";
        }
        return null;
    }

    /** A new, empty owner-only file for the compiler directive (WeaverCompilation), which deletes it. */
    Path newDirectivesFile() throws IOException {
        return createNew(dir, DIRECTIVES);
    }

    Path resolve(String fileName) {
        return dir.resolve(fileName);
    }

    /** Why an existing file here must not be read, or {@code null}. */
    String untrusted(Path file) throws IOException {
        return unsafe(Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS), me, false);
    }

    /** A new owner-only file to write before it is renamed into place. */
    Path newTempFile() throws IOException {
        return createNew(dir, WOVEN_TEMP);
    }

    /**
     * Keeps the {@link #MAX_FILES} cache files used last (other agent builds and JVMs leave theirs
     * behind) and deletes temporary files a killed JVM left. Only regular files of ours, by name.
     */
    void prune(Path keep) {
        List<Path> caches = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            long now = System.currentTimeMillis();
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (name.startsWith("woven-") && name.endsWith(".bin")) {
                    caches.add(f);
                } else if ((name.startsWith(WOVEN_TEMP) || name.startsWith(OWNER_PROBE) || name.startsWith(DIRECTIVES)) && name.endsWith(".tmp")
                        && now - lastModified(f) > STALE_TEMP_MILLIS) {
                    Files.deleteIfExists(f);
                }
            }
            caches.remove(keep);
            caches.sort(NEWEST_FIRST);
            for (int i = MAX_FILES - 1; i < caches.size(); i++) {
                Files.deleteIfExists(caches.get(i));
            }
        } catch (IOException | RuntimeException e) {
            // pruning is housekeeping: the cache just written stands
        }
    }

    /** A class, not a lambda: a lambda's first use costs a bootstrap (the agent avoids them). */
    private static final Comparator<Path> NEWEST_FIRST = new Comparator<>() {
        @Override
        public int compare(Path a, Path b) {
            return Long.compare(lastModified(b), lastModified(a));
        }
    };

    private static long lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            return 0L;
        }
    }
}
