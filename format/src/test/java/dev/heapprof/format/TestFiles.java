package dev.heapprof.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the format tests. */
final class TestFiles {
    private TestFiles() {}

    static ProfileHeader header(long samplingInterval) {
        return new ProfileHeader(new RunId(1, 2), 1_700_000_000_000_000_000L, samplingInterval, 77, "host", "vm", "vendor",
                "17", "java Main", "Main", "interval=" + samplingInterval, new ObjectLayout(true, true, false, 8), 64,
                Map.of("java.home", "/jdk"));
    }

    static EventLogHeader eventsHeader(long samplingInterval) {
        return new EventLogHeader(new RunId(1, 2), 1_700_000_000_000_000_000L, samplingInterval, 1_000_000_000L);
    }

    /** Writes a file made of the given kind's prologue followed by raw block payloads, each framed. */
    static Path rawFile(Path file, FileKind kind, List<RecordBuffer> payloads) throws IOException {
        Files.deleteIfExists(file);
        try (BlockWriter writer = new BlockWriter(file, OwnerOnlyFiles.create(file, false), kind)) {
            for (RecordBuffer payload : payloads) {
                writer.writeBlock(payload);
            }
        }
        return file;
    }

    static RecordBuffer payload(int... bytes) {
        RecordBuffer buffer = new RecordBuffer(bytes.length);
        for (int b : bytes) {
            buffer.putByte(b);
        }
        return buffer;
    }

    static void flipBit(Path file, long offset, int bit) throws IOException {
        byte[] data = Files.readAllBytes(file);
        data[(int) offset] ^= (byte) (1 << bit);
        Files.write(file, data);
    }
}
