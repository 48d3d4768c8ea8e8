package dev.heapprof.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The random draws behind {@link SyntheticEventStream}. Each discrete distribution is a table of
 * cumulative probabilities searched with a binary search: exact, deterministic for a seed, and
 * cheap enough for setup code (the benchmarks never run it in a measured loop).
 */
final class Distributions {
    /** Object alignment of a 64-bit HotSpot VM: every size is a multiple of it. */
    static final int ALIGNMENT = 8;
    /** Largest object in the mix: a 4 MiB array (G1 humongous territory; rare). */
    static final int MAX_SIZE = 4 << 20;

    private Distributions() {}

    /** Exponential with the given mean (inverse CDF; 1 - u keeps the logarithm finite). */
    static double exponential(SplittableRandom rng, double mean) {
        return -mean * StrictMath.log(1.0 - rng.nextDouble());
    }

    /** Index i with probability cdf[i] - cdf[i - 1]; cdf ends at exactly 1. */
    static int draw(SplittableRandom rng, double[] cdf) {
        int i = Arrays.binarySearch(cdf, rng.nextDouble());
        return i >= 0 ? i + 1 : -i - 1; // an exact hit belongs to the next bucket (half-open intervals)
    }

    /** Zipf with exponent s over ranks 1..n: rank r has weight r^-s. Draws return r - 1. */
    static double[] zipf(int n, double s) {
        double[] w = new double[n];
        for (int r = 1; r <= n; r++) {
            w[r - 1] = StrictMath.pow(r, -s);
        }
        return cumulative(w);
    }

    /**
     * The sizes of Java objects, as allocated, over every multiple of 8 from 16 bytes to 4 MiB
     * (entry k is size {@code 16 + 8k}): 90% plain objects of 16-64 bytes (a String, a boxed
     * value, a list node, a lambda), 9.99% arrays and buffers of 72 bytes to 16 KiB with a
     * Pareto(1.2) tail, 0.01% big arrays of 16 KiB to 4 MiB with a Pareto(1.0) tail. The mean is
     * about 60 bytes, of which about half in plain objects, in line with heap histograms of
     * typical server applications.
     *
     * <p>With a sampling interval, the weights are multiplied by the chance that the agent's
     * Poisson sampler picks an object of that size, {@code 1 - exp(-size / interval)}: a sampled
     * stream over-represents big objects, as the real one does.
     */
    static double[] objectSizes(long samplingInterval) {
        int classes = (MAX_SIZE - 16) / ALIGNMENT + 1;
        double[] w = new double[classes];
        // 16..64 bytes: headers (12 with compressed class pointers) plus a few fields, rounded to 8.
        double[] small = {0.24, 0.30, 0.18, 0.09, 0.05, 0.025, 0.015};
        System.arraycopy(small, 0, w, 0, small.length);
        spreadPareto(w, 72, 16 << 10, 1.2, 0.0999);
        spreadPareto(w, (16 << 10) + 8, MAX_SIZE, 1.0, 0.0001);
        if (samplingInterval > 0) {
            for (int k = 0; k < classes; k++) {
                w[k] *= -StrictMath.expm1(-(double) sizeOf(k) / samplingInterval);
            }
        }
        return cumulative(w);
    }

    /** Size in bytes of entry k of {@link #objectSizes}. */
    static int sizeOf(int k) {
        return 16 + ALIGNMENT * k;
    }

    /** Mean of the distribution that {@code cdf} describes over {@link #sizeOf} sizes. */
    static double meanSize(double[] cdf) {
        double mean = 0;
        double previous = 0;
        for (int k = 0; k < cdf.length; k++) {
            mean += (cdf[k] - previous) * sizeOf(k);
            previous = cdf[k];
        }
        return mean;
    }

    /** Adds {@code total} probability over sizes [from, to] with a Pareto density size^-(alpha+1). */
    private static void spreadPareto(double[] w, int from, int to, double alpha, double total) {
        int first = (from - 16) / ALIGNMENT;
        int last = (to - 16) / ALIGNMENT;
        double sum = 0;
        for (int k = first; k <= last; k++) {
            sum += StrictMath.pow(sizeOf(k), -(alpha + 1));
        }
        for (int k = first; k <= last; k++) {
            w[k] += total * StrictMath.pow(sizeOf(k), -(alpha + 1)) / sum;
        }
    }

    private static double[] cumulative(double[] w) {
        double total = 0;
        for (double x : w) {
            total += x;
        }
        double[] cdf = new double[w.length];
        double running = 0;
        for (int i = 0; i < w.length; i++) {
            running += w[i];
            cdf[i] = running / total;
        }
        cdf[w.length - 1] = 1.0; // no rounding gap at the top: every draw lands in the table
        return cdf;
    }
}
