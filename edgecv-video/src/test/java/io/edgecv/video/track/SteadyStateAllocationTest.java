package io.edgecv.video.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trackers' buffer API allocates nothing per frame once a scene is steady: 30 objects bouncing in a 1280x720
 * frame, each detected with a high score and again with a low one (what ByteTrack's second stage uses), tracked on
 * detection frames and predicted on skipped ones, through one {@link DetectionBuffer} and one {@link TrackBuffer}.
 * The object API did the same for about 4 KB a frame (a {@code Detection} per detection and a {@code Track} per
 * reported track).
 */
class SteadyStateAllocationTest {
    private static final int OBJECTS = 30;

    @ParameterizedTest
    @ValueSource(strings = {"bytetrack", "sort"})
    void updateAndPredictAllocateNothingPerFrame(String which) {
        com.sun.management.ThreadMXBean mx = allocationCounter();
        Supplier<Tracker> make = () -> which.equals("sort") ? Sort.builder().build() : ByteTrack.builder().build();
        Tracker tracker = make.get();
        DetectionBuffer dets = new DetectionBuffer();
        TrackBuffer tracks = new TrackBuffer();
        long frame = 0;
        for (; frame < 3_000; frame++) { // grows the buffers and pools, lets the JIT compile the loop
            step(tracker, dets, tracks, frame);
        }
        assertThat(tracks.size()).as("tracks reported").isGreaterThanOrEqualTo(OBJECTS - 2);
        long before = mx.getCurrentThreadAllocatedBytes();
        int frames = 2_000;
        for (int i = 0; i < frames; i++, frame++) {
            step(tracker, dets, tracks, frame);
        }
        long perFrame = (mx.getCurrentThreadAllocatedBytes() - before) / frames;
        assertThat(perFrame).as("bytes allocated per frame by %s at steady state", which).isLessThan(64);
        assertThat(tracks.size()).as("tracks reported").isGreaterThanOrEqualTo(OBJECTS - 2);
    }

    private static void step(Tracker tracker, DetectionBuffer dets, TrackBuffer tracks, long frame) {
        if (frame % 3 != 0) {
            tracker.predict(frame, tracks);
        } else {
            fill(dets, frame);
            tracker.update(dets, frame, tracks);
        }
    }

    /** The detections of frame {@code frame}: every object with a high score, every other one again lower. */
    static void fill(DetectionBuffer dets, long frame) {
        dets.clear();
        for (int k = 0; k < OBJECTS; k++) {
            float x = bounce(40 * k + 3 * frame, 1280 - 40);
            float y = bounce(23 * k + 2 * frame, 720 - 80);
            dets.add(x, y, x + 40, y + 80, 0.9f, 0, "person");
            if (k % 2 == 0) {
                dets.add(x + 2, y + 1, x + 41, y + 82, 0.3f, 0, "person"); // a low-score duplicate
            }
        }
    }

    /** A coordinate moving back and forth in [0, range]. */
    private static float bounce(long v, int range) {
        long m = v % (2L * range);
        return m <= range ? m : 2 * range - m;
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "this JVM does not count allocated bytes");
        com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(hs.isThreadAllocatedMemorySupported() && hs.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        return hs;
    }
}
