package dev.heapprof.format;

/**
 * The header of {@code BASE.hpc} (docs/format.md, "Digest file"): which .hpd it was built from and
 * how. A digest is stale when the .hpd's run id, length or last block checksum no longer match.
 *
 * @param eventsRunId run id of the .hpd digested
 * @param eventsBytes length of the .hpd prefix digested: the end of its last complete block
 * @param eventsLastBlockCrc CRC32C of the payload of the last .hpd block digested
 * @param intervalNanos time between snapshots; snapshot k stands for time k x interval
 * @param precision fraction of live bytes that pruning may fold into the "other" bucket (trace 0)
 */
public record DigestHeader(RunId eventsRunId, long eventsBytes, int eventsLastBlockCrc, long startEpochNanos,
        long samplingInterval, long intervalNanos, double precision) {
    public DigestHeader {
        if (eventsRunId == null) {
            throw new IllegalArgumentException("eventsRunId is required");
        }
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("snapshot interval must be positive, got " + intervalNanos + " ns");
        }
        if (!(precision >= 0 && precision < 1)) {
            throw new IllegalArgumentException("precision must be in [0, 1), got " + precision);
        }
        if (eventsBytes < 0 || startEpochNanos < 0 || samplingInterval < 0) {
            throw new IllegalArgumentException("negative header field");
        }
    }

    /** True when this digest was built from exactly the given .hpd content. */
    public boolean matches(RunId runId, long bytes, int lastBlockCrc) {
        return eventsRunId.equals(runId) && eventsBytes == bytes && eventsLastBlockCrc == lastBlockCrc;
    }

    void writeTo(RecordBuffer out) {
        out.putByte(FormatConstants.TAG_HEADER);
        eventsRunId.writeTo(out);
        out.putVarLong(eventsBytes);
        out.putLongLE(eventsLastBlockCrc & 0xFFFFFFFFL);
        out.putVarLong(startEpochNanos);
        out.putVarLong(samplingInterval);
        out.putVarLong(intervalNanos);
        out.putLongLE(Double.doubleToLongBits(precision));
    }

    static DigestHeader readFrom(PayloadCursor in) throws FormatException {
        RunId runId = RunId.readFrom(in);
        long bytes = in.getVarLong();
        long crc = in.getLongLE();
        long start = in.getVarLong();
        long sampling = in.getVarLong();
        long interval = in.getVarLong();
        double precision = Double.longBitsToDouble(in.getLongLE());
        if (bytes < 0 || start < 0 || sampling < 0 || interval <= 0 || !(precision >= 0 && precision < 1)) {
            throw in.error("digest header holds an invalid length, time, interval or precision");
        }
        return new DigestHeader(runId, bytes, (int) crc, start, sampling, interval, precision);
    }
}
