package io.edgecv.ncnn;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the NCNN handles (nets, mats, extractors) EdgeCV has created and not yet destroyed, so a test can prove
 * that every {@code *_create} met its {@code *_destroy}.
 *
 * <p>Thread-safety: thread-safe.
 */
final class NativeHandles {
    private static final AtomicLong LIVE = new AtomicLong();

    private NativeHandles() {
    }

    static void created() {
        LIVE.incrementAndGet();
    }

    static void destroyed() {
        LIVE.decrementAndGet();
    }

    /** @return handles created and not yet destroyed */
    static long live() {
        return LIVE.get();
    }
}
