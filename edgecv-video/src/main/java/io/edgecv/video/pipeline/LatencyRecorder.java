package io.edgecv.video.pipeline;

import java.util.Arrays;

/**
 * The last 4,096 latencies of one stage in a ring buffer, for p50/p95 on demand. Recording allocates nothing;
 * {@link #percentiles} copies and sorts.
 *
 * <p>Thread-safety: thread-safe (one writer stage, any reader; an uncontended monitor).
 */
final class LatencyRecorder {
    private static final int SIZE = 4096;
    private final long[] ring = new long[SIZE];
    private long count;
    private long total;

    synchronized void record(long nanos) {
        ring[(int) (count % SIZE)] = nanos;
        count++;
        total += nanos;
    }

    synchronized long count() {
        return count;
    }

    /** @return {p50, p95, mean} in nanoseconds over the kept window (mean over all), zeros when empty */
    synchronized long[] percentiles() {
        int n = (int) Math.min(count, SIZE);
        if (n == 0) {
            return new long[3];
        }
        long[] copy = Arrays.copyOf(ring, n);
        Arrays.sort(copy);
        return new long[] {copy[(n - 1) / 2], copy[(int) Math.ceil(0.95 * n) - 1], total / count};
    }
}
