package dev.heapprof.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a whole {@code BASE.hpm} into a {@link ProfileMetadata}. Damage is reported, not thrown:
 * only a file that is not an .hpm at all, or one of an unknown major version, is an exception.
 */
public final class MetadataReader {
    private MetadataReader() {}

    public static ProfileMetadata read(Path file) throws IOException {
        try (BlockReader blocks = new BlockReader(file, FileKind.METADATA)) {
            return read(blocks);
        }
    }

    static ProfileMetadata read(BlockReader blocks) throws IOException {
        ReadReport report = blocks.report();
        PayloadCursor in = new PayloadCursor(blocks.file());
        ProfileHeader header = null;
        Map<Long, String> strings = new HashMap<>();
        Map<Long, long[]> frames = new HashMap<>();
        Map<Long, ProfileMetadata.RawTrace> traces = new HashMap<>();
        Map<Long, String> threads = new HashMap<>();
        while (blocks.next()) {
            in.reset(blocks.payload(), blocks.payloadLength(), blocks.payloadOffset());
            boolean firstBlock = blocks.blockOffset() == FormatConstants.PROLOGUE_SIZE;
            try {
                if (firstBlock) {
                    int tag = in.getByte();
                    if (tag != FormatConstants.TAG_HEADER) {
                        throw new FormatException(blocks.file(), in.offset() - 1, "first block must hold the header record, found tag " + hex(tag));
                    }
                    header = ProfileHeader.readFrom(in);
                    continue;
                }
                while (in.hasRemaining()) {
                    long at = in.offset();
                    int tag = in.getByte();
                    switch (tag) {
                        case FormatConstants.HPM_STRING -> {
                            long id = in.getVarLong();
                            strings.putIfAbsent(id, in.getString());
                        }
                        case FormatConstants.HPM_FRAME -> {
                            long id = in.getVarLong();
                            long[] f = {in.getVarLong(), in.getVarLong(), in.getVarLong(), in.getVarLong()};
                            frames.putIfAbsent(id, f);
                        }
                        case FormatConstants.HPM_TRACE -> {
                            long id = in.getVarLong();
                            long typeId = in.getVarLong();
                            int flags = in.getByte();
                            int n = in.getBoundedInt(Math.min(FormatConstants.MAX_TRACE_FRAMES, in.remaining()), "frame count");
                            long[] frameIds = new long[n];
                            for (int i = 0; i < n; i++) {
                                frameIds[i] = in.getVarLong();
                            }
                            if (id == 0) {
                                report.problem(at, "trace record with the reserved id 0 ignored");
                            } else {
                                traces.putIfAbsent(id, new ProfileMetadata.RawTrace(typeId, frameIds,
                                        (flags & FormatConstants.TRACE_FLAG_TRUNCATED) != 0));
                            }
                        }
                        case FormatConstants.HPM_THREAD -> {
                            long id = in.getVarLong();
                            threads.put(id, in.getString());
                        }
                        default -> skipExtension(in, tag, at);
                    }
                }
            } catch (FormatException e) {
                report.problem(e.offset(), "malformed record (" + e.problem() + "); rest of the block skipped");
            }
        }
        return new ProfileMetadata(header, strings, frames, traces, threads, report);
    }

    /** Skips an extension record (0x20..0x3F); any other unknown tag makes the block unreadable. */
    static void skipExtension(PayloadCursor in, int tag, long at) throws FormatException {
        if (tag >= FormatConstants.TAG_EXTENSION_FIRST && tag <= FormatConstants.TAG_EXTENSION_LAST) {
            in.skip(in.getBoundedInt(in.remaining(), "extension record length"));
            return;
        }
        throw new FormatException(in.file(), at, "unknown record tag " + hex(tag));
    }

    static String hex(int tag) {
        return String.format("0x%02X", tag);
    }

}
