package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataRoundTripTest {
    @TempDir
    Path dir;

    private static final Frame A = new Frame("com.acme.Foo", "bar", "Foo.java", 42);
    private static final Frame B = new Frame("com.acme.Foo", "main", null, 0);

    @Test
    void headerTracesAndThreadsRoundTrip() throws IOException {
        Path file = dir.resolve("p.hpm");
        long t1;
        long t2;
        try (MetadataWriter writer = MetadataWriter.create(file, TestFiles.header(512 * 1024), false)) {
            t1 = writer.trace("int[]", List.of(A, B), false);
            t2 = writer.trace("int[]", List.of(A), true);
            writer.thread(7, "worker-1");
            writer.thread(7, "worker-renamed");
        }
        ProfileMetadata meta = MetadataReader.read(file);
        assertThat(meta.report().isClean()).isTrue();
        assertThat(meta.header()).isEqualTo(TestFiles.header(512 * 1024));
        assertThat(meta.trace(t1)).isEqualTo(new StackTrace(t1, "int[]", List.of(A, B), false));
        assertThat(meta.trace(t2).truncated()).isTrue();
        assertThat(meta.trace(t1).frames().get(0)).hasToString("com.acme.Foo.bar(Foo.java:42)");
        assertThat(meta.trace(t1).frames().get(1)).hasToString("com.acme.Foo.main(Unknown Source)");
        assertThat(meta.threadName(7)).isEqualTo("worker-renamed");
        assertThat(meta.threadName(8)).isEqualTo("thread-8");
    }

    @Test
    void aRepeatedStackCostsALookupNotARecord() throws IOException {
        Path file = dir.resolve("p.hpm");
        try (MetadataWriter writer = MetadataWriter.create(file, TestFiles.header(0), false)) {
            long first = writer.trace("java.lang.String", List.of(A, B), false);
            writer.flush();
            long sizeAfterFirst = Files.size(file);
            for (int i = 0; i < 1000; i++) {
                assertThat(writer.trace("java.lang.String", List.of(A, B), false)).isEqualTo(first);
            }
            writer.flush();
            assertThat(Files.size(file)).isEqualTo(sizeAfterFirst);
            assertThat(writer.trace("java.lang.String", List.of(B, A), false)).isNotEqualTo(first);
        }
    }

    @Test
    void missingTraceResolvesToUnknownTraceZero() throws IOException {
        Path file = dir.resolve("p.hpm");
        try (MetadataWriter writer = MetadataWriter.create(file, TestFiles.header(0), false)) {
            writer.trace("X", List.of(A), false);
        }
        ProfileMetadata meta = MetadataReader.read(file);
        assertThat(meta.hasTrace(99)).isFalse();
        assertThat(meta.trace(99)).isSameAs(StackTrace.UNKNOWN);
        assertThat(meta.trace(99).id()).isZero();
    }

    @Test
    void referencesToLostStringsReadAsUnknown() throws IOException {
        Path file = dir.resolve("p.hpm");
        try (MetadataWriter writer = MetadataWriter.create(file, TestFiles.header(0), false)) {
            writer.string("com.acme.Foo");
            writer.flush();
            writer.trace("X", List.of(A), false);
        }
        // Damage the block holding the first string: the later trace refers to it.
        long stringBlock = FormatConstants.PROLOGUE_SIZE + FormatConstants.BLOCK_HEADER_SIZE
                + (BlockReader.intLE(Files.readAllBytes(file), FormatConstants.PROLOGUE_SIZE));
        TestFiles.flipBit(file, stringBlock + FormatConstants.BLOCK_HEADER_SIZE + 2, 0);
        ProfileMetadata meta = MetadataReader.read(file);
        assertThat(meta.report().corruptBlocks()).isEqualTo(1);
        StackTrace trace = meta.trace(1);
        assertThat(trace.frames().get(0).className()).isEqualTo("<unknown>");
        assertThat(trace.frames().get(0).methodName()).isEqualTo("bar");
    }

    @Test
    void extensionRecordsAreSkippedAndUnknownTagsReported() throws IOException {
        RecordBuffer header = new RecordBuffer(256);
        TestFiles.header(0).writeTo(header);
        RecordBuffer records = new RecordBuffer(64);
        records.putByte(FormatConstants.HPM_STRING);
        records.putVarLong(1);
        records.putString("kept");
        records.putByte(0x2A);
        records.putVarLong(3);
        records.putBytes(new byte[] {9, 9, 9});
        records.putByte(FormatConstants.HPM_THREAD);
        records.putVarLong(5);
        records.putString("after-extension");
        records.putByte(0x11);
        records.putByte(FormatConstants.HPM_THREAD);
        records.putVarLong(6);
        records.putString("lost with its block");
        Path file = TestFiles.rawFile(dir.resolve("ext.hpm"), FileKind.METADATA, List.of(header, records));
        ProfileMetadata meta = MetadataReader.read(file);
        assertThat(meta.threadNames()).containsOnlyKeys(5L);
        assertThat(meta.report().problems()).singleElement().asString().contains("unknown record tag 0x11");
    }

    @Test
    void cutFileKeepsEveryCompleteBlock() throws IOException {
        Path file = dir.resolve("p.hpm");
        List<Long> sizes = new ArrayList<>();
        try (MetadataWriter writer = MetadataWriter.create(file, TestFiles.header(0), false)) {
            for (int i = 0; i < 20; i++) {
                writer.trace("T" + i, List.of(new Frame("C", "m" + i, "C.java", i + 1)), false);
                writer.flush();
                sizes.add(Files.size(file));
            }
        }
        byte[] all = Files.readAllBytes(file);
        for (int cut = 0; cut <= all.length; cut++) {
            Path cutFile = Files.write(dir.resolve("cut.hpm"), java.util.Arrays.copyOf(all, cut));
            ProfileMetadata meta = MetadataReader.read(cutFile);
            int complete = 0;
            for (long s : sizes) {
                if (s <= cut) {
                    complete++;
                }
            }
            assertThat(meta.traceCount()).as("cut at %d", cut).isEqualTo(complete);
            assertThat(meta.report().problemCount()).isZero();
        }
    }
}
