package io.edgecv.video.track;

import java.util.Locale;

/**
 * ByteTrack's settings, defaults from the original ({@code ifzhang/ByteTrack} demo arguments and
 * {@code BYTETracker}): track threshold 0.5, low threshold 0.1, match threshold 0.8, second-stage 0.5,
 * unconfirmed 0.7, new-track threshold track threshold + 0.1, track buffer 30 at 30 fps, score fusion on, class
 * agnostic.
 *
 * <p>Thread-safety: immutable.
 */
public final class ByteTrackSettings {
    final float trackThreshold;
    final float lowThreshold;
    final double matchThreshold;
    final double secondMatchThreshold;
    final double unconfirmedMatchThreshold;
    final float newTrackThreshold;
    final int trackBuffer;
    final double frameRate;
    final boolean fuseScore;
    final boolean classAware;

    private ByteTrackSettings(Builder b) {
        trackThreshold = b.trackThreshold;
        lowThreshold = b.lowThreshold;
        matchThreshold = b.matchThreshold;
        secondMatchThreshold = b.secondMatchThreshold;
        unconfirmedMatchThreshold = b.unconfirmedMatchThreshold;
        newTrackThreshold = Float.isNaN(b.newTrackThreshold) ? b.trackThreshold + 0.1f : b.newTrackThreshold;
        trackBuffer = b.trackBuffer;
        frameRate = b.frameRate;
        fuseScore = b.fuseScore;
        classAware = b.classAware;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ByteTrack{track %.3f, low %.3f, match %.3f, second %.3f, unconfirmed %.3f,"
                        + " new %.3f, buffer %d @ %.2f fps, fuseScore %b, classAware %b}", trackThreshold,
                lowThreshold, matchThreshold, secondMatchThreshold, unconfirmedMatchThreshold, newTrackThreshold,
                trackBuffer, frameRate, fuseScore, classAware);
    }

    /**
     * Builds a {@link ByteTrack}; every setting is optional and checked when set.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private float trackThreshold = 0.5f;
        private float lowThreshold = 0.1f;
        private double matchThreshold = 0.8;
        private double secondMatchThreshold = 0.5;
        private double unconfirmedMatchThreshold = 0.7;
        private float newTrackThreshold = Float.NaN;
        private int trackBuffer = 30;
        private double frameRate = 30;
        private boolean fuseScore = true;
        private boolean classAware;

        Builder() {
        }

        /**
         * @param v score above which a detection is "high" ({@code track_thresh}), in [0, 1); default 0.5
         * @return this builder
         */
        public Builder optTrackThreshold(float v) {
            trackThreshold = unit("track threshold", v);
            return this;
        }

        /**
         * @param v score above which a detection takes part at all (the second stage's floor), [0, 1); 0.1
         * @return this builder
         */
        public Builder optLowThreshold(float v) {
            lowThreshold = unit("low threshold", v);
            return this;
        }

        /**
         * @param v cost limit of the first association ({@code match_thresh}), (0, 1]; default 0.8
         * @return this builder
         */
        public Builder optMatchThreshold(double v) {
            matchThreshold = limit("match threshold", v);
            return this;
        }

        /**
         * @param v cost limit of the second (low-score) association, (0, 1]; default 0.5
         * @return this builder
         */
        public Builder optSecondMatchThreshold(double v) {
            secondMatchThreshold = limit("second match threshold", v);
            return this;
        }

        /**
         * @param v cost limit for unconfirmed tracks, (0, 1]; default 0.7
         * @return this builder
         */
        public Builder optUnconfirmedMatchThreshold(double v) {
            unconfirmedMatchThreshold = limit("unconfirmed match threshold", v);
            return this;
        }

        /**
         * @param v lowest score that starts a track ({@code det_thresh}), [0, 1]; default track threshold + 0.1
         * @return this builder
         */
        public Builder optNewTrackThreshold(float v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("new track threshold must be in [0, 1], got " + v);
            }
            newTrackThreshold = v;
            return this;
        }

        /**
         * @param frames lost-track buffer at 30 fps ({@code track_buffer}), in detection frames, {@code >= 1}; 30
         * @return this builder
         */
        public Builder optTrackBuffer(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("track buffer must be >= 1 frame, got " + frames);
            }
            trackBuffer = frames;
            return this;
        }

        /**
         * @param fps the stream's frame rate; the buffer is scaled by fps / 30 as in the original; default 30
         * @return this builder
         */
        public Builder optFrameRate(double fps) {
            if (!(fps > 0) || Double.isInfinite(fps)) {
                throw new IllegalArgumentException("frame rate must be > 0 and finite, got " + fps);
            }
            frameRate = fps;
            return this;
        }

        /**
         * @param on fuse the detection score into the IoU cost ({@code fuse_score}; off in the MOT20 setting)
         * @return this builder
         */
        public Builder optFuseScore(boolean on) {
            fuseScore = on;
            return this;
        }

        /**
         * @param on match a track only to detections of its own class; default off (class-agnostic)
         * @return this builder
         */
        public Builder optClassAware(boolean on) {
            classAware = on;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if the low threshold is not below the track threshold
         */
        public ByteTrackSettings settings() {
            if (!(lowThreshold < trackThreshold)) {
                throw new IllegalArgumentException("low threshold " + lowThreshold
                        + " must be below the track threshold " + trackThreshold);
            }
            return new ByteTrackSettings(this);
        }

        /** @return a new tracker with these settings */
        public ByteTrack build() {
            return new ByteTrack(settings());
        }

        @Override
        public String toString() {
            return settings().toString();
        }

        private static float unit(String what, float v) {
            if (!(v >= 0 && v < 1)) {
                throw new IllegalArgumentException(what + " must be in [0, 1), got " + v);
            }
            return v;
        }

        private static double limit(String what, double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException(what + " must be in (0, 1], got " + v);
            }
            return v;
        }
    }
}
