/**
 * Multi-object tracking: {@link io.edgecv.video.track.ByteTrack} (the original's two-stage association, a Kalman
 * filter with a covariance per track) and {@link io.edgecv.video.track.Sort}, behind the
 * {@link io.edgecv.video.track.Tracker} interface. Trackers take {@link io.edgecv.Detection}s per detection frame
 * ({@code update}) and predict through skipped frames ({@code predict}); they return immutable
 * {@link io.edgecv.video.track.Track} snapshots with stable ids.
 *
 * <p>Thread-safety: trackers are single-threaded (one per stream); tracks and settings are immutable.
 */
package io.edgecv.video.track;
