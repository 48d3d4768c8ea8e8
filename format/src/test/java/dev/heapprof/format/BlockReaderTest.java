package dev.heapprof.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Framing rules of docs/format.md, "Prologue" and "Blocks". */
class BlockReaderTest {
    @TempDir
    Path dir;

    private Path threeBlocks() throws IOException {
        return TestFiles.rawFile(dir.resolve("f.hpd"), FileKind.EVENTS,
                List.of(TestFiles.payload(1, 2, 3), TestFiles.payload(4, 5), TestFiles.payload(6, 7, 8, 9)));
    }

    private static List<Integer> firstBytes(BlockReader reader) throws IOException {
        List<Integer> out = new ArrayList<>();
        while (reader.next()) {
            out.add(reader.payload()[0] & 0xFF);
        }
        return out;
    }

    @Test
    void readsEveryBlockOfAGoodFile() throws IOException {
        try (BlockReader reader = new BlockReader(threeBlocks(), FileKind.EVENTS)) {
            assertThat(firstBytes(reader)).containsExactly(1, 4, 6);
            assertThat(reader.report().isClean()).isTrue();
            assertThat(reader.report().blocksRead()).isEqualTo(3);
        }
    }

    @Test
    void wrongMagicNamesTheFileAndWhatItIs() throws IOException {
        Path file = threeBlocks();
        assertThatThrownBy(() -> new BlockReader(file, FileKind.METADATA)).isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("at byte 0").hasMessageContaining("it is a .hpd file");
        Path text = Files.writeString(dir.resolve("notes.hpm"), "hello, world");
        assertThatThrownBy(() -> new BlockReader(text, FileKind.METADATA)).hasMessageContaining("not a heapprof file");
    }

    @Test
    void unknownMajorVersionIsRefusedNamingBothVersions() throws IOException {
        Path file = threeBlocks();
        byte[] data = Files.readAllBytes(file);
        data[4] = 2;
        data[6] = 7;
        Files.write(file, data);
        assertThatThrownBy(() -> new BlockReader(file, FileKind.EVENTS)).isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("version 2.7").hasMessageContaining("reads version 1.x");
    }

    @Test
    void newerMinorVersionIsRead() throws IOException {
        Path file = threeBlocks();
        byte[] data = Files.readAllBytes(file);
        data[6] = 9;
        Files.write(file, data);
        try (BlockReader reader = new BlockReader(file, FileKind.EVENTS)) {
            assertThat(reader.minorVersion()).isEqualTo(9);
            assertThat(firstBytes(reader)).containsExactly(1, 4, 6);
        }
    }

    @Test
    void fileCutInsideThePrologueIsAnEmptyProfile() throws IOException {
        Path file = threeBlocks();
        for (int cut = 0; cut < FormatConstants.PROLOGUE_SIZE; cut++) {
            Path cutFile = Files.write(dir.resolve("cut" + cut + ".hpd"), java.util.Arrays.copyOf(Files.readAllBytes(file), cut));
            try (BlockReader reader = new BlockReader(cutFile, FileKind.EVENTS)) {
                assertThat(reader.next()).isFalse();
                assertThat(reader.report().trailingBytes()).isEqualTo(cut);
                assertThat(reader.report().problemCount()).isZero();
            }
        }
    }

    @Test
    void corruptPayloadIsReportedWithItsOffsetAndSkipped() throws IOException {
        Path file = threeBlocks();
        long secondBlock = FormatConstants.PROLOGUE_SIZE + FormatConstants.BLOCK_HEADER_SIZE + 3;
        TestFiles.flipBit(file, secondBlock + FormatConstants.BLOCK_HEADER_SIZE + 1, 3);
        try (BlockReader reader = new BlockReader(file, FileKind.EVENTS)) {
            assertThat(firstBytes(reader)).containsExactly(1, 6);
            assertThat(reader.report().corruptBlocks()).isEqualTo(1);
            assertThat(reader.report().problems()).singleElement().asString()
                    .contains("at byte " + secondBlock).contains("checksum mismatch");
        }
    }

    @Test
    void damagedHeaderIsSkippedToTheNextValidBlock() throws IOException {
        Path file = threeBlocks();
        long secondBlock = FormatConstants.PROLOGUE_SIZE + FormatConstants.BLOCK_HEADER_SIZE + 3;
        TestFiles.flipBit(file, secondBlock, 6);
        try (BlockReader reader = new BlockReader(file, FileKind.EVENTS)) {
            assertThat(firstBytes(reader)).containsExactly(1, 6);
            assertThat(reader.report().problems()).singleElement().asString()
                    .contains("at byte " + secondBlock).contains("damaged block header").contains("14 bytes skipped");
        }
    }

    @Test
    void hostileLengthWithAValidHeaderCheckIsDamageNotAnAllocation() throws IOException {
        Path file = dir.resolve("hostile.hpd");
        byte[] data = new byte[FormatConstants.PROLOGUE_SIZE + FormatConstants.BLOCK_HEADER_SIZE];
        System.arraycopy(FileKind.EVENTS.magic(), 0, data, 0, 4);
        data[4] = 1;
        BlockWriter.putIntLE(data, 8, 0xFFFFFFF0);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data, 8, 8);
        BlockWriter.putIntLE(data, 16, (int) crc.getValue());
        Files.write(file, data);
        try (BlockReader reader = new BlockReader(file, FileKind.EVENTS)) {
            assertThat(reader.next()).isFalse();
            assertThat(reader.report().corruptBlocks()).isEqualTo(1);
            assertThat(reader.report().problems().get(0)).contains("at byte 8");
        }
    }

    @Test
    void blockRunningPastTheEndIsTrailingNotCorrupt() throws IOException {
        Path file = threeBlocks();
        long size = Files.size(file);
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), (int) size - 2));
        try (BlockReader reader = new BlockReader(file, FileKind.EVENTS)) {
            assertThat(firstBytes(reader)).containsExactly(1, 4);
            assertThat(reader.report().trailingBytes()).isEqualTo(FormatConstants.BLOCK_HEADER_SIZE + 4 - 2);
            assertThat(reader.report().problemCount()).isZero();
            assertThat(reader.report().summary()).contains("2 blocks read").contains("14 trailing bytes");
        }
    }

    @Test
    void garbageAfterTheLastBlockIsReportedAsCorrupt() throws IOException {
        Path file = threeBlocks();
        byte[] data = Files.readAllBytes(file);
        byte[] longer = java.util.Arrays.copyOf(data, data.length + 40);
        java.util.Arrays.fill(longer, data.length, longer.length, (byte) 0x5A);
        Files.write(file, longer);
        try (BlockReader reader = new BlockReader(file, FileKind.EVENTS)) {
            assertThat(firstBytes(reader)).containsExactly(1, 4, 6);
            assertThat(reader.report().bytesSkipped()).isEqualTo(40);
            assertThat(reader.report().problems().get(0)).contains("at byte " + data.length).contains("no valid block after it");
        }
    }

    @Test
    void reportKeepsAtMostAHundredMessagesButCountsAll() {
        ReadReport report = new ReadReport(Path.of("x"));
        for (int i = 0; i < 250; i++) {
            report.problem(i, "bad");
        }
        assertThat(report.problems()).hasSize(ReadReport.MAX_KEPT);
        assertThat(report.problemCount()).isEqualTo(250);
    }
}
