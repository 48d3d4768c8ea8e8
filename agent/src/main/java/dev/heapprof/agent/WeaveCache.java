package dev.heapprof.agent;

import dev.heapprof.agent.WeaveCacheFile.Entry;
import dev.heapprof.agent.WeaveCacheFile.Fresh;
import dev.heapprof.agent.WeaveCacheFile.Original;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Woven classes kept from one run to the next. Weaving is the agent's largest start-up cost (the
 * weaver runs interpreted while the program starts), and most classes a program loads, the JDK's
 * first, are the same bytes every run. A class whose name, length and two checksums of its bytes
 * ({@link Original}) are those of an entry gets the entry's woven bytes without being woven again,
 * or is left alone if the entry says it has no allocation; the rest are woven and added when the JVM
 * exits.
 *
 * <p>One file per agent build and JVM build ({@link #fileName}), laid out by {@link WeaveCacheFile},
 * in a directory {@link WeaveCacheDirectory} trusts. Woven bytes must match their own checksum too; a
 * file that does not parse is ignored (and replaced at exit), never trusted.
 */
final class WeaveCache {
    /** The file is rewritten from this run's classes alone once it would grow past this. */
    static final long MAX_FILE_BYTES = 256L << 20;
    /** Woven classes held for the exit's write at most; past it new classes are not added. */
    static final long MAX_PENDING_BYTES = 64L << 20;

    /**
     * What this JVM may hold for the exit's write: {@link #MAX_PENDING_BYTES}, and a sixteenth of the
     * maximum heap at most. The woven start-up classes, held from before {@code main}, are 6 MiB or
     * so without a cache: more than a heap of 8 MiB can spare, and a retransformation that meets a
     * full heap crashes the JVM (LoadedClassReweaver). A later run adds what this one could not.
     */
    static long pendingBound(long maxHeapBytes) {
        return Math.min(MAX_PENDING_BYTES, maxHeapBytes / 16);
    }

    /**
     * A new, empty owner-only file in the cache's directory for the compiler directive, which the
     * caller deletes (pruning deletes one a killed JVM left): made without {@code Files.createTempFile}
     * and the security providers it loads.
     */
    Path newDirectivesFile() throws IOException {
        return dir.newDirectivesFile();
    }

    /** What the cache gives for a class: its woven bytes, or {@code null} when it has no allocation. */
    record Hit(byte[] woven, int sites, int unmatched) {}

    private final WeaveCacheDirectory dir;
    private final Path file;
    /**
     * The file as found at start, or {@code null}. Not read through a FileChannel: a read by a thread
     * whose interrupt flag is set closes the channel, for every thread, and the program's threads
     * load classes while interrupted (an executor being shut down). Nor mapped: on JDK 25 the first
     * mapping loads some 80 classes of the foreign memory API before the weaver. Other JVMs replace
     * the file by renaming a new one over it, which leaves this one's content as it was.
     */
    private final RandomAccessFile reader;
    private final Map<String, Entry> index;
    /** Why the file found at start was not used, or {@code null}. */
    private final String problem;
    private final List<Fresh> fresh = new ArrayList<>();
    private long freshBytes;
    private final long maxPendingBytes = pendingBound(Runtime.getRuntime().maxMemory());
    private boolean closed;
    private int hits;
    private int notAdded;

    private WeaveCache(WeaveCacheDirectory dir, Path file, RandomAccessFile reader, Map<String, Entry> index, String problem) {
        this.dir = dir;
        this.file = file;
        this.reader = reader;
        this.index = index;
        this.problem = problem;
    }

    private static WeaveCache empty(WeaveCacheDirectory dir, Path file, String problem) {
        return new WeaveCache(dir, file, null, new HashMap<>(), problem);
    }

    /**
     * A checksum of the agent jar itself: a rebuilt agent weaves differently, so it never reads a
     * file another build wrote. The jar is on the system class path (the JVM puts it there).
     */
    static long agentChecksum() throws IOException {
        java.net.URL url = ClassLoader.getSystemResource(AgentJar.SELF);
        Path jar;
        try {
            jar = AgentJar.jarOf(url);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IOException("the agent jar's location " + url + " is not a file", e);
        }
        if (jar == null) {
            throw new IOException("the agent jar was not found on the class path (" + url + ")");
        }
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    /** The cache file's name for an agent build and a JVM (distinct builds never share woven bytes). */
    static String fileName(long agentChecksum, String jvm) {
        CRC32 crc = new CRC32();
        crc.update(jvm.getBytes(StandardCharsets.UTF_8));
        // Not String.format, whose Formatter would be loaded before the weaver (see WeaveCacheDirectory.createNew).
        return "woven-" + hex8(agentChecksum) + "-" + hex8(crc.getValue()) + ".bin";
    }

    private static String hex8(long value) {
        String hex = Long.toHexString(value & 0xffffffffL);
        return "00000000".substring(hex.length()) + hex;
    }

    /**
     * Opens the cache in {@code dir} (created owner-only if missing). Throws with the reason when the
     * directory cannot be used; a file that is missing, untrusted or does not parse gives an empty cache.
     */
    static WeaveCache open(Path dirPath, String fileName) throws IOException {
        WeaveCacheDirectory dir = WeaveCacheDirectory.open(dirPath);
        Path file = dir.resolve(fileName);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return empty(dir, file, null);
        }
        String untrusted = dir.untrusted(file);
        if (untrusted != null) {
            return empty(dir, file, file + " " + untrusted + "; it is not read");
        }
        // Checked just above to be a regular file of ours, in a directory only we can write: not a link.
        RandomAccessFile opened = new RandomAccessFile(file.toFile(), "r");
        try {
            return new WeaveCache(dir, file, opened, WeaveCacheFile.readIndex(opened), null);
        } catch (IOException | RuntimeException e) {
            opened.close();
            String why = e instanceof java.io.EOFException ? "it ends inside its index" : e.getMessage();
            return empty(dir, file, file + " is not a cache this agent can read (" + why + "); it will be rewritten");
        }
    }

    /**
     * Marks the file as used now: pruning keeps the files used last, not those written last. Called
     * once the weaver is registered: the JDK's code for it loads classes.
     */
    void touch() {
        if (reader == null) {
            return;
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // a read-only file system, say: the cache still works
        }
    }

    /** What was recorded for a class with exactly this name, length and checksums, or {@code null}. */
    Hit lookup(String name, byte[] original) {
        Entry e;
        synchronized (this) {
            e = reader == null || closed ? null : index.get(name);
        }
        // The length first: the checksums read every byte.
        if (e == null || e.original().length() != original.length || !e.original().equals(Original.of(name, original))) {
            return null;
        }
        byte[] woven = null;
        if (e.wovenLength() > 0) {
            woven = WeaveCacheFile.readWoven(reader, e);
            if (woven == null) {
                return null;
            }
        }
        synchronized (this) {
            hits++;
        }
        return new Hit(woven, e.sites(), e.unmatched());
    }

    /**
     * Whether the file has an entry of this name for a class without allocation, taken on the name
     * alone, its bytes unseen (for the JDK's classes loaded before the agent, see
     * LoadedClassReweaver); counted as a hit.
     */
    synchronized boolean knownWithoutAllocations(String name) {
        Entry e = reader == null || closed ? null : index.get(name);
        if (e == null || e.wovenLength() != 0) {
            return false;
        }
        hits++;
        return true;
    }

    /**
     * Runs the lookup's and the record's code once, before the transformer is registered: a JDK class
     * they load for the first time from inside a transform could be the class being transformed,
     * which the JVM reports as a ClassCircularityError.
     */
    void warmUp() {
        Entry any = null;
        synchronized (this) {
            for (Entry e : index.values()) {
                if (e.wovenLength() > 0) {
                    any = e;
                    break;
                }
            }
        }
        if (any != null && reader != null) {
            WeaveCacheFile.readWoven(reader, any);
        }
        lookup("", new byte[1]);
        synchronized (this) {
            fresh.add(new Fresh(Original.of("", new byte[1]), null, 0, 0));
            fresh.clear();
        }
    }

    /**
     * Keeps a newly woven class for the exit's write ({@code woven == null}: the class has no
     * allocation), bounded by {@link #pendingBound} of woven bytes.
     */
    void record(String name, byte[] original, byte[] woven, int sites, int unmatched) {
        if (original.length == 0 || original.length > WeaveCacheFile.MAX_CLASS_BYTES || name.length() > 0xFFFF / 3) {
            return;
        }
        Original o = Original.of(name, original); // outside the lock: it reads every byte
        synchronized (this) {
            if (closed) {
                return;
            }
            long bytes = woven == null ? 0 : woven.length;
            if (freshBytes + bytes > maxPendingBytes || bytes > WeaveCacheFile.MAX_CLASS_BYTES) {
                notAdded++;
                return;
            }
            freshBytes += bytes;
            fresh.add(new Fresh(o, woven, sites, unmatched));
        }
    }

    /**
     * At exit: writes the entries kept from the file and this run's new ones to a new file, which
     * replaces the old one atomically (another JVM reading the old one keeps reading it). Nothing is
     * written when no class was added. Returns how many classes were added.
     */
    int save() throws IOException {
        List<Fresh> added;
        synchronized (this) {
            closed = true; // classes loaded while writing are not recorded
            added = new ArrayList<>(fresh);
            fresh.clear();
        }
        try {
            return write(added);
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }

    /** Writes the new file: the classes added and as many of the old file's as fit. */
    private int write(List<Fresh> added) throws IOException {
        if (added.isEmpty()) {
            return 0;
        }
        Map<String, Fresh> byName = new HashMap<>();
        for (Fresh f : added) {
            byName.put(f.original().name(), f); // the last version of a class wins
        }
        long bodies = 0;
        for (Fresh f : byName.values()) {
            bodies += f.woven() == null ? 0 : f.woven().length;
        }
        List<Entry> kept = new ArrayList<>();
        if (reader != null) {
            for (Entry e : index.values()) {
                if (!byName.containsKey(e.original().name()) && bodies + e.wovenLength() <= MAX_FILE_BYTES) {
                    kept.add(e);
                    bodies += e.wovenLength();
                }
            }
        }
        Path temp = dir.newTempFile();
        try {
            WeaveCacheFile.write(temp, reader, kept, byName.values());
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        dir.prune(file);
        return byName.size();
    }

    Path file() {
        return file;
    }

    /** Classes the file held when the agent started. */
    synchronized int entries() {
        return reader == null ? 0 : index.size();
    }

    synchronized int hits() {
        return hits;
    }

    long maxPendingBytes() {
        return maxPendingBytes;
    }

    /** Woven classes not kept for the file because the bound on held bytes was reached. */
    synchronized int notAdded() {
        return notAdded;
    }

    /** Why the file found at start was not used, or {@code null}. */
    String problem() {
        return problem;
    }
}
