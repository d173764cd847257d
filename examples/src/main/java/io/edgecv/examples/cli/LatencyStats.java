package io.edgecv.examples.cli;

import java.util.Arrays;

/**
 * Summary of timed runs: median (p50), p95, mean and the frames per second the mean allows. Percentiles use the
 * nearest-rank method on the sorted samples.
 *
 * <p>Thread-safety: immutable.
 */
final class LatencyStats {
    private final int count;
    private final double p50;
    private final double p95;
    private final double mean;
    private final double min;

    private LatencyStats(int count, double p50, double p95, double mean, double min) {
        this.count = count;
        this.p50 = p50;
        this.p95 = p95;
        this.mean = mean;
        this.min = min;
    }

    /**
     * @param nanos one duration per run, in nanoseconds; not modified
     * @return the summary in milliseconds
     * @throws IllegalArgumentException if there are no samples
     */
    static LatencyStats ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no timed runs: --runs must be at least 1");
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        double sum = 0;
        for (long v : s) {
            sum += v;
        }
        return new LatencyStats(s.length, percentile(s, 50) / 1e6, percentile(s, 95) / 1e6, sum / s.length / 1e6,
                s[0] / 1e6);
    }

    /** Nearest rank: the smallest sample with at least {@code p} percent of the samples at or below it. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    int count() {
        return count;
    }

    /** @return median, ms */
    double p50() {
        return p50;
    }

    /** @return 95th percentile, ms */
    double p95() {
        return p95;
    }

    /** @return mean, ms */
    double mean() {
        return mean;
    }

    /** @return fastest run, ms */
    double min() {
        return min;
    }

    /** @return images per second at the mean latency, one detection at a time */
    double fps() {
        return 1000.0 / mean;
    }
}
