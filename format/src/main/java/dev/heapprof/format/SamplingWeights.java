package dev.heapprof.format;

/**
 * The weight of a sample under Poisson sampling by bytes (docs/format.md, "Weights"): an
 * allocation of {@code s} bytes is sampled with probability {@code p(s) = 1 - exp(-s / interval)},
 * so it stands for {@code 1 / p(s)} objects and {@code s / p(s)} bytes. Interval 0 is exact mode.
 * Events store only the size; the interval in force is in the file, so weights are exact.
 */
public final class SamplingWeights {
    private SamplingWeights() {}

    /** The scale factor of a sample: estimated objects it stands for, and bytes per sampled byte. */
    public static double scaleFactor(long sizeBytes, long samplingInterval) {
        if (samplingInterval <= 0 || sizeBytes <= 0) {
            return 1.0;
        }
        // expm1 keeps full precision for sizes far below the interval, the common case.
        return 1.0 / -Math.expm1(-(double) sizeBytes / samplingInterval);
    }

    /** Probability that an allocation of {@code sizeBytes} is sampled. */
    public static double probability(long sizeBytes, long samplingInterval) {
        if (samplingInterval <= 0) {
            return 1.0;
        }
        return -Math.expm1(-(double) Math.max(0, sizeBytes) / samplingInterval);
    }
}
