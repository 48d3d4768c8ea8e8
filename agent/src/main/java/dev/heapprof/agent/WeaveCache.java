package dev.heapprof.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Woven classes kept from one run to the next. Weaving is the agent's largest start-up cost (the
 * weaver runs interpreted while the program starts), and most classes a program loads, the JDK's
 * first, are the same bytes every run. A class whose name, length and two checksums of its bytes
 * (CRC-32 and CRC-32C: 64 bits, both computed by the JVM's own intrinsics even before the JIT has
 * compiled anything, where comparing the bytes themselves costs 20 times more) are those of an entry
 * gets the entry's woven bytes without being woven again, or is left alone if the entry says it has
 * no allocation; the rest are woven and added when the JVM exits.
 *
 * <p>One file per agent build and JVM build ({@link #fileName}). Layout, big-endian:
 * <pre>
 *   magic "HPWC", u2 version, u4 entry count
 *   index, per entry: u2 name length, name (UTF-8), i4 sites, i4 unmatched constructor calls,
 *                     i4 original length, u4 CRC-32 and u4 CRC-32C of the original bytes,
 *                     i8 offset of the woven bytes, i4 woven length (0: the class has no allocation),
 *                     u4 CRC-32 of the woven bytes
 *   the woven bytes of each entry
 * </pre>
 * Woven bytes must match their own checksum too; a file that does not parse is ignored (and
 * replaced at exit), never trusted. The directory and the file must be the user's own, not writable
 * by others, and not symbolic links: woven bytes become code in the program, so nobody else may be
 * able to write them.
 */
final class WeaveCache {
    static final int VERSION = 2;
    private static final int MAGIC = 0x48505743; // "HPWC"
    /** Bounds that keep a hostile or damaged file from costing memory. */
    static final int MAX_ENTRIES = 1 << 18;
    static final int MAX_CLASS_BYTES = 64 << 20;
    /** The file is rewritten from this run's classes alone once it would grow past this. */
    static final long MAX_FILE_BYTES = 256L << 20;
    /** Cache files kept in the directory (one per agent build and JVM); older ones are deleted. */
    static final int MAX_FILES = 8;
    /** Left by a JVM killed while it wrote: deleted once this old. */
    private static final long STALE_TEMP_MILLIS = 24L * 3600 * 1000;
    /** Woven classes held for the exit's write at most; past it new classes are not added. */
    static final long MAX_PENDING_BYTES = 64L << 20;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    /** What the cache gives for a class: its woven bytes, or {@code null} when it has no allocation. */
    record Hit(byte[] woven, int sites, int unmatched) {}

    /** A class by name, length and checksums. */
    private record Original(String name, int length, int crc32, int crc32c) {
        static Original of(String name, byte[] bytes) {
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length);
            java.util.zip.CRC32C crcC = new java.util.zip.CRC32C();
            crcC.update(bytes, 0, bytes.length);
            return new Original(name, bytes.length, (int) crc.getValue(), (int) crcC.getValue());
        }
    }

    private record Entry(Original original, int sites, int unmatched, long offset, int wovenLength, int wovenCrc) {}

    private record Fresh(Original original, byte[] woven, int sites, int unmatched) {}

    private final Path file;
    /** The file as found at start, or {@code null}; read positionally, never mapped. */
    private final FileChannel channel;
    private final Map<String, Entry> index;
    private final List<Fresh> fresh = new ArrayList<>();
    private long freshBytes;
    private boolean closed;
    private int hits;
    private int notAdded;
    private String problem;

    private WeaveCache(Path file, FileChannel channel, Map<String, Entry> index, String problem) {
        this.file = file;
        this.channel = channel;
        this.index = index;
        this.problem = problem;
    }

    /**
     * A checksum of the agent jar itself: a rebuilt agent weaves differently, so it never reads a
     * file another build wrote. The jar is on the system class path (the JVM puts it there).
     */
    static long agentChecksum() throws IOException {
        java.net.URL url = ClassLoader.getSystemResource("dev/heapprof/agent/launch/AgentLauncher.class");
        String spec = url == null ? "" : url.toString();
        int bang = spec.indexOf("!/");
        if (!spec.startsWith("jar:file:") || bang < 0) {
            throw new IOException("the agent jar was not found on the class path (" + spec + ")");
        }
        Path jar;
        try {
            jar = Path.of(new java.net.URI(spec.substring("jar:".length(), bang)));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IOException("the agent jar's location " + spec + " is not a file", e);
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
        return String.format("woven-%08x-%08x.bin", agentChecksum, crc.getValue());
    }

    /**
     * Opens the cache in {@code dir} (created owner-only if missing). Throws with the reason when the
     * directory cannot be used; a file that is missing or does not parse gives an empty cache.
     */
    static WeaveCache open(Path dir, String fileName) throws IOException {
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
        Path file = dir.resolve(fileName);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new WeaveCache(file, null, new HashMap<>(), null);
        }
        PosixFileAttributes f = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        unsafe = unsafe(f, me, false);
        if (unsafe != null) {
            return new WeaveCache(file, null, new HashMap<>(), file + " " + unsafe + "; it is not read");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            WeaveCache cache = new WeaveCache(file, channel, readIndex(channel), null);
            try {
                // Last use, not last write: pruning keeps the files in use.
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException | RuntimeException e) {
                // a read-only file system, say: the cache still works
            }
            return cache;
        } catch (IOException | RuntimeException e) {
            channel.close();
            String why = e instanceof java.io.EOFException ? "it ends inside its index" : e.getMessage();
            return new WeaveCache(file, null, new HashMap<>(), file + " is not a cache this agent can read (" + why + "); it will be rewritten");
        }
    }

    /** The user this JVM runs as: the owner of a file it creates. */
    private static UserPrincipal currentUser(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".owner-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            return Files.readAttributes(probe, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).owner();
        } finally {
            Files.deleteIfExists(probe);
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

    private static Map<String, Entry> readIndex(FileChannel channel) throws IOException {
        long size = channel.size();
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(unclosing(channel), 1 << 16));
        if (in.readInt() != MAGIC) {
            throw new IOException("no heapprof cache magic at offset 0");
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new IOException("version " + version + " at offset 4, expected " + VERSION);
        }
        int count = in.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException("entry count " + count + " at offset 6 is out of range");
        }
        Map<String, Entry> index = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[in.readUnsignedShort()];
            in.readFully(name);
            int sites = in.readInt();
            int unmatched = in.readInt();
            Original o = new Original(new String(name, StandardCharsets.UTF_8), in.readInt(), in.readInt(), in.readInt());
            Entry e = new Entry(o, sites, unmatched, in.readLong(), in.readInt(), in.readInt());
            if (e.sites < 0 || e.unmatched < 0 || o.length <= 0 || o.length > MAX_CLASS_BYTES || e.wovenLength < 0
                    || e.wovenLength > MAX_CLASS_BYTES || e.offset < 0 || e.offset > size - e.wovenLength) {
                throw new IOException("entry " + i + " (" + o.name + ") points outside the file of " + size + " bytes");
            }
            index.put(o.name, e);
        }
        return index;
    }

    /** A stream over the channel from its start that leaves the channel open. */
    private static InputStream unclosing(FileChannel channel) throws IOException {
        channel.position(0);
        InputStream in = Channels.newInputStream(channel);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {}
        };
    }

    /** What was recorded for a class with exactly this name, length and checksums, or {@code null}. */
    Hit lookup(String name, byte[] original) {
        Entry e;
        synchronized (this) {
            e = channel == null || closed ? null : index.get(name);
        }
        if (e == null || e.original.length != original.length || !e.original.equals(Original.of(name, original))) {
            return null;
        }
        byte[] woven = null;
        if (e.wovenLength > 0) {
            woven = readWoven(e);
            if (woven == null) {
                return null;
            }
        }
        synchronized (this) {
            hits++;
        }
        return new Hit(woven, e.sites, e.unmatched);
    }

    /** An entry's woven bytes, or {@code null} if they cannot be read or fail their checksum. */
    private byte[] readWoven(Entry e) {
        try {
            byte[] woven = new byte[e.wovenLength];
            ByteBuffer buffer = ByteBuffer.wrap(woven);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, e.offset + buffer.position()) < 0) {
                    return null;
                }
            }
            CRC32 crc = new CRC32();
            crc.update(woven, 0, woven.length);
            return (int) crc.getValue() == e.wovenCrc ? woven : null;
        } catch (IOException | RuntimeException ex) {
            return null;
        }
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
                if (e.wovenLength > 0) {
                    any = e;
                    break;
                }
            }
        }
        if (any != null && channel != null) {
            readWoven(any);
        }
        lookup("", new byte[1]);
        synchronized (this) {
            fresh.add(new Fresh(Original.of("", new byte[1]), null, 0, 0));
            fresh.clear();
        }
    }

    /**
     * Keeps a newly woven class for the exit's write ({@code woven == null}: the class has no
     * allocation), bounded by {@link #MAX_PENDING_BYTES} of woven bytes.
     */
    void record(String name, byte[] original, byte[] woven, int sites, int unmatched) {
        if (original.length == 0 || original.length > MAX_CLASS_BYTES || name.length() > 0xFFFF / 3) {
            return;
        }
        Original o = Original.of(name, original); // outside the lock: it reads every byte
        synchronized (this) {
            if (closed) {
                return;
            }
            long bytes = woven == null ? 0 : woven.length;
            if (freshBytes + bytes > MAX_PENDING_BYTES || bytes > MAX_CLASS_BYTES) {
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
            if (added.isEmpty()) {
                return 0;
            }
            Map<String, Fresh> byName = new HashMap<>();
            for (Fresh f : added) {
                byName.put(f.original.name, f); // the last version of a class wins
            }
            List<Entry> kept = new ArrayList<>();
            long bodies = 0;
            for (Fresh f : byName.values()) {
                bodies += f.woven == null ? 0 : f.woven.length;
            }
            if (channel != null) {
                for (Entry e : index.values()) {
                    long more = e.wovenLength;
                    if (!byName.containsKey(e.original.name) && bodies + more <= MAX_FILE_BYTES) {
                        kept.add(e);
                        bodies += more;
                    }
                }
            }
            Path temp = Files.createTempFile(file.getParent(), ".woven-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                write(temp, kept, byName.values());
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            prune(file.getParent(), file);
            return byName.size();
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /**
     * Keeps the {@link #MAX_FILES} cache files used last (other agent builds and JVMs leave theirs
     * behind) and deletes temporary files a killed JVM left. Only regular files of ours, by name.
     */
    static void prune(Path dir, Path keep) {
        List<Path> caches = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            long now = System.currentTimeMillis();
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (name.startsWith("woven-") && name.endsWith(".bin")) {
                    caches.add(f);
                } else if ((name.startsWith(".woven-") || name.startsWith(".owner-")) && name.endsWith(".tmp")
                        && now - Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis() > STALE_TEMP_MILLIS) {
                    Files.deleteIfExists(f);
                }
            }
            caches.remove(keep);
            caches.sort(java.util.Comparator.comparing((Path f) -> {
                try {
                    return Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis();
                } catch (IOException e) {
                    return 0L;
                }
            }).reversed());
            for (int i = MAX_FILES - 1; i < caches.size(); i++) {
                Files.deleteIfExists(caches.get(i));
            }
        } catch (IOException | RuntimeException e) {
            // pruning is housekeeping: the cache just written stands
        }
    }

    private void write(Path temp, List<Entry> kept, java.util.Collection<Fresh> added) throws IOException {
        long indexBytes = 4 + 2 + 4;
        for (Entry e : kept) {
            indexBytes += indexEntryBytes(e.original.name);
        }
        for (Fresh f : added) {
            indexBytes += indexEntryBytes(f.original.name);
        }
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                OutputStream stream = new java.io.BufferedOutputStream(Channels.newOutputStream(out), 1 << 16)) {
            DataOutputStream data = new DataOutputStream(stream);
            data.writeInt(MAGIC);
            data.writeShort(VERSION);
            data.writeInt(kept.size() + added.size());
            long offset = indexBytes;
            for (Entry e : kept) {
                writeIndexEntry(data, e.original, e.sites, e.unmatched, offset, e.wovenLength, e.wovenCrc);
                offset += e.wovenLength;
            }
            for (Fresh f : added) {
                int wovenCrc = 0;
                if (f.woven != null) {
                    CRC32 crc = new CRC32();
                    crc.update(f.woven);
                    wovenCrc = (int) crc.getValue();
                }
                int length = f.woven == null ? 0 : f.woven.length;
                writeIndexEntry(data, f.original, f.sites, f.unmatched, offset, length, wovenCrc);
                offset += length;
            }
            for (Entry e : kept) {
                data.flush();
                long from = e.offset;
                long left = e.wovenLength;
                while (left > 0) {
                    long n = channel.transferTo(from, left, out);
                    if (n <= 0) {
                        throw new IOException(file + " ended inside the entry of " + e.original.name);
                    }
                    from += n;
                    left -= n;
                }
            }
            for (Fresh f : added) {
                if (f.woven != null) {
                    data.write(f.woven);
                }
            }
            data.flush();
        }
    }

    private static long indexEntryBytes(String name) {
        return 2 + name.getBytes(StandardCharsets.UTF_8).length + 4 + 4 + 4 + 4 + 4 + 8 + 4 + 4;
    }

    private static void writeIndexEntry(DataOutputStream data, Original original, int sites, int unmatched, long offset,
            int wovenLength, int wovenCrc) throws IOException {
        byte[] n = original.name.getBytes(StandardCharsets.UTF_8);
        data.writeShort(n.length);
        data.write(n);
        data.writeInt(sites);
        data.writeInt(unmatched);
        data.writeInt(original.length);
        data.writeInt(original.crc32);
        data.writeInt(original.crc32c);
        data.writeLong(offset);
        data.writeInt(wovenLength);
        data.writeInt(wovenCrc);
    }

    Path file() {
        return file;
    }

    /** Classes the file held when the agent started. */
    synchronized int entries() {
        return channel == null ? 0 : index.size();
    }

    synchronized int hits() {
        return hits;
    }

    /** Woven classes not kept for the file because the bound on held bytes was reached. */
    synchronized int notAdded() {
        return notAdded;
    }

    /** Why the file found at start was not used, or {@code null}. */
    synchronized String problem() {
        return problem;
    }
}
