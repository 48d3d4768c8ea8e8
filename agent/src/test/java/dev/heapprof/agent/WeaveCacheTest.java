package dev.heapprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of woven classes: what comes out is exactly what went in, for exactly the same
 * original bytes; a damaged, hostile or foreign file is never trusted; files are the user's only.
 */
class WeaveCacheTest {
    private static final String FILE = WeaveCache.fileName(0x1234, "test JVM");

    @TempDir
    Path tmp;

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private Path dir() {
        return tmp.resolve("cache");
    }

    @Test
    void aSavedClassComesBackOnlyForTheSameBytes() throws IOException {
        byte[] a = bytes(300, 1);
        byte[] aWoven = bytes(340, 2);
        byte[] b = bytes(500, 3);
        byte[] bWoven = bytes(520, 4);
        WeaveCache first = WeaveCache.open(dir(), FILE);
        assertThat(first.lookup("p/A", a)).isNull();
        first.record("p/A", a, aWoven, 3, 0);
        first.record("p/B", b, bWoven, 5, 1);
        assertThat(first.save()).isEqualTo(2);

        WeaveCache second = WeaveCache.open(dir(), FILE);
        assertThat(second.problem()).isNull();
        assertThat(second.entries()).isEqualTo(2);
        WeaveCache.Hit hit = second.lookup("p/A", a.clone());
        assertThat(hit).isNotNull();
        assertThat(hit.woven()).isEqualTo(aWoven);
        assertThat(hit.sites()).isEqualTo(3);
        assertThat(second.lookup("p/B", b).unmatched()).isEqualTo(1);
        byte[] changed = a.clone();
        changed[150]++;
        assertThat(second.lookup("p/A", changed)).as("one byte differs").isNull();
        assertThat(second.lookup("p/A", Arrays.copyOf(a, 301))).as("longer").isNull();
        assertThat(second.lookup("p/C", a)).as("unknown name").isNull();
        assertThat(second.lookup("p/B", a)).as("another class's bytes").isNull();
        assertThat(second.hits()).isEqualTo(2);
        assertThat(second.save()).as("nothing new: the file is left alone").isZero();
    }

    /**
     * Threads load classes with their interrupt flag set (an executor shutting down interrupts its
     * workers). A read through a FileChannel by such a thread closed the channel for every thread:
     * later lookups missed and the exit's save failed with ClosedChannelException (seen in 2 of 30
     * workload runs). The flag is left as the thread had it.
     */
    @Test
    void anInterruptedThreadsLookupNeitherFailsNorBreaksTheCache() throws IOException {
        byte[] a = bytes(300, 1);
        byte[] aWoven = bytes(340, 2);
        WeaveCache first = WeaveCache.open(dir(), FILE);
        first.record("p/A", a, aWoven, 3, 0);
        first.save();

        WeaveCache second = WeaveCache.open(dir(), FILE);
        Thread.currentThread().interrupt();
        try {
            assertThat(second.lookup("p/A", a).woven()).isEqualTo(aWoven);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(second.lookup("p/A", a).woven()).isEqualTo(aWoven);
        second.record("p/B", bytes(50, 3), bytes(60, 4), 1, 0);
        assertThat(second.save()).isEqualTo(1);
        WeaveCache third = WeaveCache.open(dir(), FILE);
        assertThat(third.lookup("p/A", a).woven()).isEqualTo(aWoven);
        assertThat(third.lookup("p/B", bytes(50, 3)).woven()).isEqualTo(bytes(60, 4));
    }

    @Test
    void aLaterRunKeepsOldEntriesAndReplacesChangedClasses() throws IOException {
        byte[] a1 = bytes(100, 1);
        byte[] a2 = bytes(100, 9);
        WeaveCache first = WeaveCache.open(dir(), FILE);
        first.record("A", a1, bytes(110, 1), 1, 0);
        first.record("B", bytes(200, 2), bytes(210, 2), 2, 0);
        first.save();
        WeaveCache second = WeaveCache.open(dir(), FILE);
        second.record("A", a2, bytes(120, 9), 7, 0);
        second.record("C", bytes(300, 3), bytes(310, 3), 3, 0);
        assertThat(second.save()).isEqualTo(2);

        WeaveCache third = WeaveCache.open(dir(), FILE);
        assertThat(third.entries()).isEqualTo(3);
        assertThat(third.lookup("A", a1)).as("the old version is gone").isNull();
        assertThat(third.lookup("A", a2).woven()).isEqualTo(bytes(120, 9));
        assertThat(third.lookup("B", bytes(200, 2)).woven()).isEqualTo(bytes(210, 2));
        assertThat(third.lookup("C", bytes(300, 3)).sites()).isEqualTo(3);
    }

    @Test
    void damagedWovenBytesAreNeverReturned() throws IOException {
        byte[] a = bytes(100, 1);
        WeaveCache first = WeaveCache.open(dir(), FILE);
        first.record("A", a, bytes(100, 2), 1, 0);
        first.save();
        Path file = dir().resolve(FILE);
        byte[] content = Files.readAllBytes(file);
        content[content.length - 10] ^= 0x40; // inside the woven bytes, the file's last part
        Files.write(file, content);
        assertThat(WeaveCache.open(dir(), FILE).lookup("A", a)).isNull();
    }

    @Test
    void aFileThatDoesNotParseIsIgnoredThenRewritten() throws IOException {
        Files.createDirectories(dir());
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwx------"));
        Path file = dir().resolve(FILE);
        for (byte[] junk : new byte[][] {
            "not a cache".getBytes(), // no magic
            ByteBuffer.allocate(10).putInt(0x48505743).putShort((short) 99).putInt(0).array(), // another version
            ByteBuffer.allocate(10).putInt(0x48505743).putShort((short) WeaveCacheFile.VERSION).putInt(1 << 30).array(), // hostile count
            ByteBuffer.allocate(10).putInt(0x48505743).putShort((short) WeaveCacheFile.VERSION).putInt(3).array(), // ends in the index
            indexPointingOutside(),
        }) {
            Files.write(file, junk);
            WeaveCache cache = WeaveCache.open(dir(), FILE);
            assertThat(cache.problem()).as(new String(junk, 0, 4)).contains(file.toString()).contains("will be rewritten");
            assertThat(cache.entries()).isZero();
            assertThat(cache.lookup("A", bytes(10, 1))).isNull();
        }
        WeaveCache cache = WeaveCache.open(dir(), FILE);
        cache.record("A", bytes(10, 1), bytes(12, 1), 1, 0);
        cache.save();
        assertThat(WeaveCache.open(dir(), FILE).lookup("A", bytes(10, 1))).isNotNull();
    }

    private static byte[] indexPointingOutside() {
        ByteBuffer b = ByteBuffer.allocate(10 + 2 + 1 + 4 + 4 + 4 + 4 + 4 + 8 + 4 + 4);
        b.putInt(0x48505743).putShort((short) WeaveCacheFile.VERSION).putInt(1);
        b.putShort((short) 1).put((byte) 'A').putInt(1).putInt(0).putInt(10).putInt(0).putInt(0).putLong(1L << 40).putInt(10).putInt(0);
        return b.array();
    }

    @Test
    void filesAreTheOwnersOnly() throws IOException {
        WeaveCache cache = WeaveCache.open(dir(), FILE);
        cache.record("A", bytes(10, 1), bytes(12, 1), 1, 0);
        cache.save();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve(FILE)))).isEqualTo("rw-------");
        try (var left = Files.list(dir())) {
            assertThat(left).as("no temporary file left behind").containsExactly(dir().resolve(FILE));
        }
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws IOException {
        Files.createDirectories(dir());
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> WeaveCache.open(dir(), FILE)).isInstanceOf(IOException.class)
                .hasMessageContaining(dir().toString()).hasMessageContaining("can be written by other users");
    }

    @Test
    void aSymbolicLinkIsNeitherReadNorFollowed() throws IOException {
        Files.createDirectories(dir());
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwx------"));
        Path target = tmp.resolve("precious.txt");
        Files.writeString(target, "keep me");
        Files.createSymbolicLink(dir().resolve(FILE), target);
        WeaveCache cache = WeaveCache.open(dir(), FILE);
        assertThat(cache.problem()).contains("is a symbolic link");
        cache.record("A", bytes(10, 1), bytes(12, 1), 1, 0);
        cache.save();
        assertThat(Files.readString(target)).isEqualTo("keep me");
        assertThat(Files.isSymbolicLink(dir().resolve(FILE))).as("replaced by a file of its own").isFalse();

        Path linkedDir = tmp.resolve("linked");
        Files.createSymbolicLink(linkedDir, dir());
        assertThatThrownBy(() -> WeaveCache.open(linkedDir, FILE)).hasMessageContaining("is a symbolic link");
    }

    @Test
    void heldBytesAreBounded() throws IOException {
        WeaveCache cache = WeaveCache.open(dir(), FILE);
        byte[] big = new byte[(int) (cache.maxPendingBytes() / 2)];
        for (int i = 0; i < 3; i++) {
            cache.record("C" + i, bytes(10, i), big, 1, 0); // half of the bound each
        }
        cache.record("D", bytes(10, 7), null, 0, 0); // no allocation: no bytes held
        assertThat(cache.notAdded()).isEqualTo(1);
        assertThat(cache.save()).isEqualTo(3);
    }

    @Test
    void heldBytesAreASixteenthOfTheHeapAtMost() {
        long mib = 1 << 20;
        assertThat(WeaveCache.pendingBound(8 * mib)).isEqualTo(mib / 2);
        assertThat(WeaveCache.pendingBound(512 * mib)).isEqualTo(32 * mib);
        assertThat(WeaveCache.pendingBound(4096 * mib)).isEqualTo(WeaveCache.MAX_PENDING_BYTES);
        assertThat(WeaveCache.pendingBound(Long.MAX_VALUE)).isEqualTo(WeaveCache.MAX_PENDING_BYTES);
    }

    @Test
    void aClassWithoutAllocationsIsRememberedAsSuch() throws IOException {
        byte[] plain = bytes(400, 5);
        WeaveCache first = WeaveCache.open(dir(), FILE);
        first.record("p/Plain", plain, null, 0, 0);
        first.record("p/A", bytes(100, 1), bytes(110, 1), 1, 0);
        first.save();
        WeaveCache second = WeaveCache.open(dir(), FILE);
        WeaveCache.Hit hit = second.lookup("p/Plain", plain);
        assertThat(hit).isNotNull();
        assertThat(hit.woven()).isNull();
        assertThat(hit.sites()).isZero();
        byte[] changed = plain.clone();
        changed[0] ^= 1;
        assertThat(second.lookup("p/Plain", changed)).isNull();
        assertThat(second.lookup("p/A", bytes(100, 1)).woven()).isEqualTo(bytes(110, 1));
    }

    @Test
    void anIndexLargerThanItsReadBufferWithLongAndNonAsciiNamesComesBack() throws IOException {
        WeaveCache first = WeaveCache.open(dir(), FILE);
        String longPart = "x".repeat(300);
        for (int i = 0; i < 2_000; i++) { // about 700 KiB of index: the reader refills its 64 KiB buffer
            first.record("p/\u00e9t\u00e9/" + longPart + i, bytes(50, i), i % 2 == 0 ? null : bytes(60, i), i % 2, 0);
        }
        first.save();
        WeaveCache second = WeaveCache.open(dir(), FILE);
        assertThat(second.problem()).isNull();
        assertThat(second.entries()).isEqualTo(2_000);
        for (int i = 0; i < 2_000; i++) {
            WeaveCache.Hit hit = second.lookup("p/\u00e9t\u00e9/" + longPart + i, bytes(50, i));
            assertThat(hit).as("entry %d", i).isNotNull();
            assertThat(hit.woven()).isEqualTo(i % 2 == 0 ? null : bytes(60, i));
        }
    }

    @Test
    void classesRecordedAfterTheSaveAreNotKept() throws IOException {
        WeaveCache cache = WeaveCache.open(dir(), FILE);
        cache.record("A", bytes(10, 1), bytes(12, 1), 1, 0);
        cache.save();
        cache.record("B", bytes(10, 2), bytes(12, 2), 1, 0);
        assertThat(cache.lookup("A", bytes(10, 1))).as("closed").isNull();
        assertThat(WeaveCache.open(dir(), FILE).entries()).isEqualTo(1);
    }

    @Test
    void onlyTheFilesUsedLastAreKept() throws IOException {
        Files.createDirectories(dir());
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwx------"));
        long now = System.currentTimeMillis();
        for (int i = 0; i < 12; i++) { // older builds' files, the oldest first
            Path old = dir().resolve(WeaveCache.fileName(i, "old JVM"));
            Files.write(old, new byte[] {1});
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(now - (100 - i) * 60_000L));
        }
        Path staleTemp = dir().resolve(".woven-123.tmp");
        Files.write(staleTemp, new byte[] {1});
        Files.setLastModifiedTime(staleTemp, java.nio.file.attribute.FileTime.fromMillis(now - 2 * 24 * 3600_000L));
        Path freshTemp = dir().resolve(".woven-456.tmp"); // another JVM may be writing it
        Files.write(freshTemp, new byte[] {1});
        Path foreign = dir().resolve("notes.txt");
        Files.write(foreign, new byte[] {1});

        WeaveCache cache = WeaveCache.open(dir(), FILE);
        cache.record("A", bytes(10, 1), bytes(12, 1), 1, 0);
        cache.save();
        try (var left = Files.list(dir())) {
            List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).contains(FILE, ".woven-456.tmp", "notes.txt").doesNotContain(".woven-123.tmp");
            assertThat(names.stream().filter(n -> n.startsWith("woven-"))).hasSize(WeaveCacheDirectory.MAX_FILES)
                    .contains(WeaveCache.fileName(11, "old JVM")).doesNotContain(WeaveCache.fileName(4, "old JVM"));
        }
    }

    @Test
    void fileNamesTellAgentBuildsAndJvmsApart() {
        assertThat(WeaveCache.fileName(1, "17")).isNotEqualTo(WeaveCache.fileName(2, "17")).isNotEqualTo(WeaveCache.fileName(1, "25"))
                .matches("woven-[0-9a-f]{8}-[0-9a-f]{8}\\.bin");
    }

    @Test
    void theAgentChecksumNeedsTheAgentJar() {
        // In this test JVM the agent's classes are a directory, not the jar.
        assertThatThrownBy(WeaveCache::agentChecksum).isInstanceOf(IOException.class).hasMessageContaining("agent jar");
    }

    @Test
    void theTransformerReusesWhatAnEarlierRunWove() throws IOException {
        byte[] original;
        try (InputStream in = String.class.getResourceAsStream("/java/util/HashMap.class")) {
            original = in.readAllBytes();
        }
        WeavingStats coldStats = new WeavingStats();
        WeaveCache cold = WeaveCache.open(dir(), FILE);
        byte[] woven = new AllocationWeaver(AgentOptions.parse("log=none"), coldStats, AgentLogs.none(), cold)
                .transform(null, "java/util/HashMap", null, null, original);
        assertThat(woven).isNotNull();
        assertThat(cold.save()).isEqualTo(1);

        WeavingStats warmStats = new WeavingStats();
        WeaveCache warm = WeaveCache.open(dir(), FILE);
        byte[] reused = new AllocationWeaver(AgentOptions.parse("log=none"), warmStats, AgentLogs.none(), warm)
                .transform(null, "java/util/HashMap", null, null, original);
        assertThat(reused).isEqualTo(woven);
        assertThat(warmStats.fromCacheCount()).isEqualTo(1);
        assertThat(warmStats.sites()).isEqualTo(coldStats.sites()).isPositive();
        assertThat(warmStats.summary()).contains("1 class from the cache");
    }

    @Test
    void theTransformerRemembersClassesWithoutAllocations() throws IOException {
        byte[] original;
        try (InputStream in = String.class.getResourceAsStream("/java/lang/Runnable.class")) {
            original = in.readAllBytes();
        }
        WeaveCache cold = WeaveCache.open(dir(), FILE);
        assertThat(new AllocationWeaver(AgentOptions.parse("log=none"), new WeavingStats(), AgentLogs.none(), cold)
                .transform(null, "java/lang/Runnable", null, null, original)).isNull();
        assertThat(cold.save()).isEqualTo(1);
        WeavingStats warmStats = new WeavingStats();
        WeaveCache warm = WeaveCache.open(dir(), FILE);
        assertThat(new AllocationWeaver(AgentOptions.parse("log=none"), warmStats, AgentLogs.none(), warm)
                .transform(null, "java/lang/Runnable", null, null, original)).isNull();
        assertThat(warm.hits()).isEqualTo(1);
        assertThat(warmStats.summary()).contains("0 classes woven").contains("1 without allocations");
    }

    @Test
    void realClassesSurviveTheRoundTrip() throws IOException {
        AllocationWeaver weaver = new AllocationWeaver(AgentOptions.parse("log=none"), new WeavingStats(), AgentLogs.none());
        byte[] original;
        try (InputStream in = String.class.getResourceAsStream("/java/util/ArrayList.class")) {
            original = in.readAllBytes();
        }
        int[] counts = new int[2];
        byte[] woven = weaver.weave("java/util/ArrayList", original, counts);
        WeaveCache cache = WeaveCache.open(dir(), FILE);
        cache.record("java/util/ArrayList", original, woven, counts[0], counts[1]);
        cache.save();
        WeaveCache.Hit hit = WeaveCache.open(dir(), FILE).lookup("java/util/ArrayList", original);
        assertThat(hit.woven()).isEqualTo(woven);
        assertThat(hit.sites()).isEqualTo(counts[0]).isPositive();
    }
}
