package io.edgecv.video.pipeline;

import io.edgecv.video.track.DetectionBuffer;
import io.edgecv.video.source.Frame;
import io.edgecv.video.track.TrackBuffer;
import java.util.Locale;

/**
 * Detects only when the picture or the tracks call for it, within a latency budget. A frame goes to the detector
 * when any of these holds:
 * <ul>
 *   <li>{@code maxInterval} frames have passed since the last detection;</li>
 *   <li>the last detection is older than {@code maxStaleMillis} (the latency budget: how long boxes may come from
 *       the motion model alone);</li>
 *   <li>the scene moved: the mean absolute difference of a 64x36 grid of luma samples against the last detection
 *       frame exceeds {@code motionThreshold} grey levels (people entering, a camera pan);</li>
 *   <li>someone new: at the last detection frame a detection scoring {@code newObjectScore} or more overlapped no
 *       confirmed track (IoU below 0.3), so the tracker has yet to confirm it.</li>
 * </ul>
 * Sampling 2,304 pixels costs a few microseconds a frame.
 *
 * <p>Thread-safety: see {@link SkipPolicy}; the tracker's verdict is published through a volatile field.
 */
public final class AdaptiveSkip implements SkipPolicy {
    private static final int GRID_X = 64;
    private static final int GRID_Y = 36;

    private final int maxInterval;
    private final long maxStaleNanos;
    private final float motionThreshold;
    private final float newObjectScore;
    private final int[] reference = new int[GRID_X * GRID_Y];
    private final int[] current = new int[GRID_X * GRID_Y];
    private boolean haveReference;
    private volatile boolean unsure = true;

    /**
     * @param maxInterval detect at least every this many frames, at least 1
     * @param maxStaleMillis detect when the last detection is older than this, positive
     * @param motionThreshold mean grey-level difference that counts as motion, positive (6 suits a fixed camera)
     * @param newObjectScore a detection at least this confident that no track covers makes the next frame a
     *                       detection frame, in [0, 1]
     */
    public AdaptiveSkip(int maxInterval, long maxStaleMillis, float motionThreshold, float newObjectScore) {
        if (maxInterval < 1) {
            throw new IllegalArgumentException("maxInterval " + maxInterval + " must be at least 1");
        }
        if (maxStaleMillis <= 0) {
            throw new IllegalArgumentException("maxStaleMillis " + maxStaleMillis + " must be positive");
        }
        if (!(motionThreshold > 0f)) {
            throw new IllegalArgumentException("motionThreshold " + motionThreshold + " must be positive");
        }
        if (!(newObjectScore >= 0f && newObjectScore <= 1f)) {
            throw new IllegalArgumentException("newObjectScore " + newObjectScore + " is not in [0, 1]");
        }
        this.maxInterval = maxInterval;
        this.maxStaleNanos = maxStaleMillis * 1_000_000L;
        this.motionThreshold = motionThreshold;
        this.newObjectScore = newObjectScore;
    }

    @Override
    public boolean shouldDetect(Frame frame, long framesSinceDetection, long nanosSinceDetection) {
        sample(frame, current);
        if (!haveReference || framesSinceDetection >= maxInterval || nanosSinceDetection >= maxStaleNanos
                || unsure) {
            return true;
        }
        return motion() > motionThreshold;
    }

    @Override
    public void detected(Frame frame) {
        System.arraycopy(current, 0, reference, 0, current.length);
        haveReference = true;
    }

    @Override
    public void tracked(TrackBuffer tracks, DetectionBuffer d) {
        boolean fresh = false;
        for (int i = 0; i < d.size() && !fresh; i++) {
            if (d.score(i) >= newObjectScore) {
                fresh = true;
                for (int t = 0; t < tracks.size() && fresh; t++) {
                    fresh = tracks.iou(t, d.left(i), d.top(i), d.right(i), d.bottom(i)) < 0.3f;
                }
            }
        }
        unsure = fresh;
    }

    /** @return the mean absolute luma difference between the current frame's grid and the reference */
    float motion() {
        long sum = 0;
        for (int i = 0; i < current.length; i++) {
            sum += Math.abs(current[i] - reference[i]);
        }
        return (float) sum / current.length;
    }

    /** Samples luma (0.299 R + 0.587 G + 0.114 B, in integers) on a regular grid. */
    private static void sample(Frame frame, int[] grid) {
        byte[] p = frame.pixels();
        int w = frame.width();
        int h = frame.height();
        for (int gy = 0; gy < GRID_Y; gy++) {
            int y = (int) ((gy + 0.5) * h / GRID_Y);
            for (int gx = 0; gx < GRID_X; gx++) {
                int x = (int) ((gx + 0.5) * w / GRID_X);
                int o = (y * w + x) * 3;
                grid[gy * GRID_X + gx] = (29 * (p[o] & 0xFF) + 150 * (p[o + 1] & 0xFF) + 77 * (p[o + 2] & 0xFF)) >> 8;
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "adaptive (every %d frames at most, %d ms budget, motion > %.1f,"
               + " new object >= %.2f)", maxInterval, maxStaleNanos / 1_000_000, motionThreshold, newObjectScore);
    }
}
