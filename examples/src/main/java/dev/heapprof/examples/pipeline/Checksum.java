package dev.heapprof.examples.pipeline;

/**
 * A running 64-bit digest of what the pipeline computed, printed in the summary line so that a
 * change of behaviour (or of determinism) shows as a different number. Not cryptographic; it only
 * has to mix well and depend on the order of what it is fed.
 */
final class Checksum {
    private long state = 0x9E37_79B9_7F4A_7C15L;

    void add(long value) {
        state = mix(state ^ value) + 0x2545_F491_4F6C_DD1DL;
    }

    long value() {
        return state;
    }

    /** A bijective scramble (SplitMix64's finalizer): also for digests that must not depend on order. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
