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

class DigestRoundTripTest {
    @TempDir
    Path dir;

    private static final DigestHeader HEADER = new DigestHeader(new RunId(3, 4), 1234, 0xCAFEBABE, 1_700_000_000_000_000_000L,
            524_288, 1_000_000, 0.01);

    static Snapshot snapshot(int k, int traces) {
        List<TraceUsage> usage = new ArrayList<>();
        long live = 0;
        for (int t = 0; t < traces; t++) {
            long bytes = (t + 1) * 100L + k;
            usage.add(new TraceUsage(t * 3L, bytes, 1000L * (t + 1), bytes / 2, 500L * (t + 1)));
            live += bytes;
        }
        return new Snapshot(k, k * 1_000_000L, live, 0, 0, 0, live, k * 1_000_000L, k == 0 ? -1 : 4096, usage);
    }

    @Test
    void finishedDigestGivesRandomAccess() throws IOException {
        Path file = dir.resolve("d.hpc");
        try (DigestWriter writer = DigestWriter.create(file, HEADER, false)) {
            for (int k = 0; k < 500; k++) {
                writer.append(snapshot(k, k % 50));
            }
            writer.finish();
        }
        try (DigestReader reader = DigestReader.open(file)) {
            assertThat(reader.isComplete()).isTrue();
            assertThat(reader.header()).isEqualTo(HEADER);
            assertThat(reader.snapshotCount()).isEqualTo(500);
            assertThat(reader.snapshot(499)).isEqualTo(snapshot(499, 499 % 50));
            assertThat(reader.snapshot(7)).isEqualTo(snapshot(7, 7));
            assertThat(reader.snapshot(7).usageOf(9)).isEqualTo(snapshot(7, 7).traces().get(3));
            assertThat(reader.snapshot(7).usageOf(10)).isNull();
            assertThatThrownBy(() -> reader.snapshot(500)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void interruptedDigestIsReadableUpToItsLastCompleteSnapshot() throws IOException {
        Path file = dir.resolve("d.hpc");
        try (DigestWriter writer = DigestWriter.create(file, HEADER, false)) {
            for (int k = 0; k < 10; k++) {
                writer.append(snapshot(k, 5));
            }
            // no finish(): the digest was interrupted
        }
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 3));
        try (DigestReader reader = DigestReader.open(file)) {
            assertThat(reader.isComplete()).isFalse();
            assertThat(reader.snapshotCount()).isEqualTo(9);
            assertThat(reader.snapshot(8)).isEqualTo(snapshot(8, 5));
            assertThat(reader.report().trailingBytes()).isPositive();
        }
    }

    @Test
    void damagedFooterFallsBackToAScan() throws IOException {
        Path file = dir.resolve("d.hpc");
        try (DigestWriter writer = DigestWriter.create(file, HEADER, false)) {
            for (int k = 0; k < 4; k++) {
                writer.append(snapshot(k, 2));
            }
            writer.finish();
        }
        TestFiles.flipBit(file, Files.size(file) - 3, 2);
        try (DigestReader reader = DigestReader.open(file)) {
            assertThat(reader.isComplete()).isFalse();
            assertThat(reader.snapshotCount()).isEqualTo(4);
            assertThat(reader.snapshot(3)).isEqualTo(snapshot(3, 2));
        }
    }

    @Test
    void staleDigestIsDetectedFromItsHeader() {
        assertThat(HEADER.matches(new RunId(3, 4), 1234, 0xCAFEBABE)).isTrue();
        assertThat(HEADER.matches(new RunId(3, 4), 1300, 0xCAFEBABE)).isFalse();
        assertThat(HEADER.matches(new RunId(3, 4), 1234, 0)).isFalse();
        assertThat(HEADER.matches(new RunId(3, 5), 1234, 0xCAFEBABE)).isFalse();
    }

    @Test
    void snapshotsMustComeInOrderAndArgumentsAreValidated() throws IOException {
        try (DigestWriter writer = DigestWriter.create(dir.resolve("d.hpc"), HEADER, false)) {
            assertThatThrownBy(() -> writer.append(snapshot(1, 1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected snapshot 0");
        }
        assertThatThrownBy(() -> new DigestHeader(new RunId(0, 0), 0, 0, 0, 0, 0, 0.01))
                .hasMessageContaining("interval must be positive");
        assertThatThrownBy(() -> new DigestHeader(new RunId(0, 0), 0, 0, 0, 0, 1, 1.5)).hasMessageContaining("precision");
        assertThatThrownBy(() -> new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, -1,
                List.of(new TraceUsage(1, 1, 1, 1, 1), new TraceUsage(1, 2, 2, 2, 2)))).hasMessageContaining("appears twice");
    }
}
