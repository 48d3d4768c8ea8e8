package dev.heapprof.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of {@code BASE.hpm}: which run this is, on which VM, with which agent settings
 * (docs/format.md, "Metadata file"). {@code properties} carries anything else as text pairs.
 *
 * @param startEpochNanos wall-clock time (ns since 1970) of event time 0
 * @param samplingInterval mean bytes between samples; 0 means every allocation is recorded
 * @param maxStackDepth deepest stack the agent records; deeper ones are marked truncated
 */
public record ProfileHeader(
        RunId runId,
        long startEpochNanos,
        long samplingInterval,
        long pid,
        String host,
        String jvmName,
        String jvmVendor,
        String jvmVersion,
        String commandLine,
        String mainClass,
        String agentOptions,
        ObjectLayout objectLayout,
        int maxStackDepth,
        Map<String, String> properties) {

    public ProfileHeader {
        if (runId == null || objectLayout == null) {
            throw new IllegalArgumentException("runId and objectLayout are required");
        }
        if (startEpochNanos < 0 || samplingInterval < 0 || pid < 0 || maxStackDepth < 0) {
            throw new IllegalArgumentException("start time, sampling interval, pid and depth cannot be negative");
        }
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
    }

    void writeTo(RecordBuffer out) {
        out.putByte(FormatConstants.TAG_HEADER);
        runId.writeTo(out);
        out.putVarLong(startEpochNanos);
        out.putVarLong(samplingInterval);
        out.putVarLong(pid);
        out.putString(host);
        out.putString(jvmName);
        out.putString(jvmVendor);
        out.putString(jvmVersion);
        out.putString(commandLine);
        out.putString(mainClass);
        out.putString(agentOptions);
        out.putByte(objectLayout.flags());
        out.putVarLong(objectLayout.objectAlignment());
        out.putVarLong(maxStackDepth);
        out.putVarLong(properties.size());
        for (Map.Entry<String, String> e : properties.entrySet()) {
            out.putString(e.getKey());
            out.putString(e.getValue());
        }
    }

    /** Reads the fields after the tag; bytes after them (fields of a later minor version) are ignored. */
    static ProfileHeader readFrom(PayloadCursor in) throws FormatException {
        RunId runId = RunId.readFrom(in);
        long start = in.getVarLong();
        long interval = in.getVarLong();
        long pid = in.getVarLong();
        String host = in.getString();
        String jvmName = in.getString();
        String jvmVendor = in.getString();
        String jvmVersion = in.getString();
        String commandLine = in.getString();
        String mainClass = in.getString();
        String agentOptions = in.getString();
        int flags = in.getByte();
        long alignAt = in.offset();
        long alignment = in.getVarLong();
        if (alignment < 1 || alignment > (1 << 20) || Long.bitCount(alignment) != 1) {
            throw new FormatException(in.file(), alignAt, "object alignment " + alignment + " is not a power of two up to 1 MiB");
        }
        int depth = in.getBoundedInt(Integer.MAX_VALUE, "maximum stack depth");
        int count = in.getBoundedInt(in.remaining() / 2, "property count");
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            properties.put(in.getString(), in.getString());
        }
        if (start < 0 || interval < 0 || pid < 0) {
            throw in.error("header holds a negative start time, interval or pid");
        }
        return new ProfileHeader(runId, start, interval, pid, host, jvmName, jvmVendor, jvmVersion, commandLine,
                mainClass, agentOptions, ObjectLayout.of(flags, (int) alignment), depth, properties);
    }
}
