package io.edgecv.examples.cli;

import io.edgecv.edge.FrameGate;
import io.edgecv.edge.watchdog.Heartbeat;
import io.edgecv.video.pipeline.SkipPolicy;
import io.edgecv.video.source.Frame;
import io.edgecv.video.track.DetectionBuffer;
import io.edgecv.video.track.TrackBuffer;
import java.util.Objects;

/**
 * The video pipeline's skip policy under the thermal policy: a frame goes to the detector only when the configured
 * policy wants it and the {@link FrameGate} admits it, so the detector call rate is the configured rate times the
 * throttle factor (a refused frame does not make the configured policy ask again on the next frame). At critical
 * temperature the pipeline pauses: the decision waits (a live source drops frames meanwhile, a file waits) with the
 * heartbeat marked idle, so the watchdog does not take the pause for a hang; it resumes once the temperature is
 * below the warning level. On shutdown {@link FrameGate#release()} ends the wait.
 *
 * <p>Thread-safety: called by the pipeline's decision thread only, like any {@link SkipPolicy}.
 */
final class ThrottledSkip implements SkipPolicy {
    private final SkipPolicy base;
    private final FrameGate gate;
    private final Heartbeat heartbeat;
    private long offeredAtFrame = -1;
    private long offeredAtNanos;

    ThrottledSkip(SkipPolicy base, FrameGate gate, Heartbeat heartbeat) {
        this.base = Objects.requireNonNull(base, "base");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    }

    /**
     * The configured policy sees the frames since it last said yes (not since the detector last ran), so it keeps
     * its own cadence while the gate thins its choices out: 1 in 2 frames at factor 0.6 is 0.3 of the frames.
     */
    @Override
    public boolean shouldDetect(Frame frame, long framesSinceDetection, long nanosSinceDetection) {
        long frames = offeredAtFrame < 0 ? framesSinceDetection : frame.index() - offeredAtFrame;
        long nanos = offeredAtFrame < 0 ? nanosSinceDetection : frame.captureNanos() - offeredAtNanos;
        if (!base.shouldDetect(frame, frames, nanos)) {
            return false;
        }
        offeredAtFrame = frame.index();
        offeredAtNanos = frame.captureNanos();
        try {
            return gate.admit(heartbeat);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void detected(Frame frame) {
        base.detected(frame);
    }

    @Override
    public void tracked(TrackBuffer tracks, DetectionBuffer detections) {
        base.tracked(tracks, detections);
    }

    FrameGate gate() {
        return gate;
    }

    @Override
    public String toString() {
        return base + " under the thermal throttle";
    }
}
