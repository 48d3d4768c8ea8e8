package dev.heapprof.agent;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The byte layout of a cache file of woven classes, read and written here only (docs/agent.md,
 * "The cache of woven classes"). Big-endian:
 * <pre>
 *   magic "HPWC", u2 version, u4 entry count
 *   index, per entry: u2 name length, name (UTF-8), i4 sites, i4 unmatched constructor calls,
 *                     i4 original length, u4 CRC-32 and u4 CRC-32C of the original bytes,
 *                     i8 offset of the woven bytes, i4 woven length (0: the class has no allocation),
 *                     u4 CRC-32 of the woven bytes
 *   the woven bytes of each entry
 * </pre>
 * Reading checks every bound before it allocates, so a damaged or hostile file costs an exception,
 * never memory.
 */
final class WeaveCacheFile {
    static final int VERSION = 2;
    private static final int MAGIC = 0x48505743; // "HPWC"
    /** Bounds that keep a hostile or damaged file from costing memory. */
    static final int MAX_ENTRIES = 1 << 18;
    static final int MAX_CLASS_BYTES = 64 << 20;
    private static final int HEADER_BYTES = 4 + 2 + 4;
    /** An index entry's bytes besides its name. */
    private static final int INDEX_ENTRY_FIXED_BYTES = 2 + 4 + 4 + 4 + 4 + 4 + 8 + 4 + 4;

    private WeaveCacheFile() {}

    /**
     * A class by name, length and checksums: CRC-32 and CRC-32C, 64 bits both computed by the JVM's
     * own intrinsics even before the JIT has compiled anything, where comparing the bytes themselves
     * costs 20 times more.
     */
    record Original(String name, int length, int crc32, int crc32c) {
        static Original of(String name, byte[] bytes) {
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length);
            CRC32C crcC = new CRC32C();
            crcC.update(bytes, 0, bytes.length);
            return new Original(name, bytes.length, (int) crc.getValue(), (int) crcC.getValue());
        }

        // Written out: a record's generated equals is an invokedynamic whose bootstrap costs 10 ms of
        // the agent's start (JDK 25), at the first lookup, before main.
        @Override
        public boolean equals(Object o) {
            return o instanceof Original other && other.length == length && other.crc32 == crc32 && other.crc32c == crc32c
                    && other.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + crc32;
        }
    }

    /** An entry of a file read: where its woven bytes are ({@code wovenLength == 0}: no allocation). */
    record Entry(Original original, int sites, int unmatched, long offset, int wovenLength, int wovenCrc) {}

    /** A class to write: its woven bytes, or {@code null} when it has no allocation. */
    record Fresh(Original original, byte[] woven, int sites, int unmatched) {}

    /**
     * The index of a file, by class name; throws with the offset at fault if it does not parse.
     * Decoded from a buffer by hand, not through {@code DataInputStream}: it runs interpreted before
     * {@code main}, where each of DataInputStream's calls costs, and a cache of 5,000 classes took
     * 17 ms that way.
     */
    static Map<String, Entry> readIndex(RandomAccessFile file) throws IOException {
        long size = file.length();
        file.seek(0);
        IndexInput in = new IndexInput(file);
        if (in.i4() != MAGIC) {
            throw new IOException("no heapprof cache magic at offset 0");
        }
        int version = in.u2();
        if (version != VERSION) {
            throw new IOException("version " + version + " at offset 4, expected " + VERSION);
        }
        int count = in.i4();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException("entry count " + count + " at offset 6 is out of range");
        }
        Map<String, Entry> index = new HashMap<>(count * 4 / 3 + 1);
        for (int i = 0; i < count; i++) {
            String name = in.utf8(in.u2());
            int sites = in.i4();
            int unmatched = in.i4();
            Original o = new Original(name, in.i4(), in.i4(), in.i4());
            Entry e = new Entry(o, sites, unmatched, in.i8(), in.i4(), in.i4());
            if (e.sites < 0 || e.unmatched < 0 || o.length <= 0 || o.length > MAX_CLASS_BYTES || e.wovenLength < 0
                    || e.wovenLength > MAX_CLASS_BYTES || e.offset < 0 || e.offset > size - e.wovenLength) {
                throw new IOException("entry " + i + " (" + o.name + ") points outside the file of " + size + " bytes");
            }
            index.put(o.name, e);
        }
        return index;
    }

    /** Big-endian reads of the index through a buffer the file refills; a short file ends in EOFException. */
    private static final class IndexInput {
        private final RandomAccessFile file;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;

        IndexInput(RandomAccessFile file) {
            this.file = file;
        }

        /** Makes {@code n} bytes (at most the buffer's size) available at {@code position}. */
        private void need(int n) throws IOException {
            if (limit - position >= n) {
                return;
            }
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            while (limit < n) {
                int read = file.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    throw new java.io.EOFException("the cache file ends inside its index");
                }
                limit += read;
            }
        }

        int u2() throws IOException {
            need(2);
            int v = (buffer[position] & 0xff) << 8 | buffer[position + 1] & 0xff;
            position += 2;
            return v;
        }

        int i4() throws IOException {
            need(4);
            byte[] b = buffer;
            int p = position;
            position = p + 4;
            return b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
        }

        long i8() throws IOException {
            long high = i4();
            return high << 32 | i4() & 0xffffffffL;
        }

        /** A name of {@code length} bytes (a u2, so it fits the buffer). */
        String utf8(int length) throws IOException {
            need(length);
            String s = new String(buffer, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }
    }

    /** Reads {@code length} bytes at {@code offset}: a seek and a read, so under the file's lock (classes load on many threads). */
    private static void readAt(RandomAccessFile file, long offset, byte[] into, int length) throws IOException {
        synchronized (file) {
            file.seek(offset);
            file.readFully(into, 0, length);
        }
    }

    /** An entry's woven bytes, read at its offset; {@code null} if they cannot be read or fail their checksum. */
    static byte[] readWoven(RandomAccessFile file, Entry e) {
        try {
            byte[] woven = new byte[e.wovenLength];
            readAt(file, e.offset, woven, woven.length);
            return crc32(woven) == e.wovenCrc ? woven : null;
        } catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    private static int crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    /**
     * Writes a file of the entries {@code kept} (their woven bytes copied from {@code from}, the file
     * they were read from) and the classes {@code added}.
     */
    static void write(Path target, RandomAccessFile from, List<Entry> kept, Collection<Fresh> added) throws IOException {
        long indexBytes = HEADER_BYTES;
        for (Entry e : kept) {
            indexBytes += INDEX_ENTRY_FIXED_BYTES + e.original.name.getBytes(StandardCharsets.UTF_8).length;
        }
        for (Fresh f : added) {
            indexBytes += INDEX_ENTRY_FIXED_BYTES + f.original.name.getBytes(StandardCharsets.UTF_8).length;
        }
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
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
                int length = f.woven == null ? 0 : f.woven.length;
                writeIndexEntry(data, f.original, f.sites, f.unmatched, offset, length, f.woven == null ? 0 : crc32(f.woven));
                offset += length;
            }
            data.flush();
            byte[] body = new byte[1 << 16];
            for (Entry e : kept) {
                long at = e.offset;
                int left = e.wovenLength;
                while (left > 0) {
                    int n = Math.min(left, body.length);
                    readAt(from, at, body, n);
                    data.write(body, 0, n);
                    at += n;
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
}
