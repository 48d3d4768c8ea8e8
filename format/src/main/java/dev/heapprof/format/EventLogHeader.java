package dev.heapprof.format;

/**
 * The header of {@code BASE.hpd} (docs/format.md, "Event file"). It repeats what is needed to read
 * the events without the .hpm: the run, the wall-clock anchor of time 0 and the sampling interval.
 *
 * @param flushIntervalNanos the most by which the times of two blocks may interleave: events are
 *     in time order within a block, and a block holds no event older than this before the newest
 *     event of any earlier block
 */
public record EventLogHeader(RunId runId, long startEpochNanos, long samplingInterval, long flushIntervalNanos) {
    public EventLogHeader {
        if (runId == null) {
            throw new IllegalArgumentException("runId is required");
        }
        if (startEpochNanos < 0 || samplingInterval < 0 || flushIntervalNanos < 0) {
            throw new IllegalArgumentException("header fields cannot be negative");
        }
    }

    void writeTo(RecordBuffer out) {
        out.putByte(FormatConstants.TAG_HEADER);
        runId.writeTo(out);
        out.putVarLong(startEpochNanos);
        out.putVarLong(samplingInterval);
        out.putVarLong(flushIntervalNanos);
    }

    static EventLogHeader readFrom(PayloadCursor in) throws FormatException {
        RunId runId = RunId.readFrom(in);
        long start = in.getVarLong();
        long interval = in.getVarLong();
        long flush = in.getVarLong();
        if (start < 0 || interval < 0 || flush < 0) {
            throw in.error("header holds a negative time or interval");
        }
        return new EventLogHeader(runId, start, interval, flush);
    }
}
