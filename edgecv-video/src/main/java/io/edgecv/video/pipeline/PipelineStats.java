package io.edgecv.video.pipeline;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of a {@link VideoPipeline}'s counters: frames in and out and their rates, the frames a live source
 * dropped, detector calls made and saved by skipping, and each stage's latency (p50, p95, mean) over its last
 * 4,096 frames.
 *
 * <p>Thread-safety: immutable.
 */
public final class PipelineStats {
    private final long framesIn;
    private final long framesOut;
    private final long dropped;
    private final long detectorCalls;
    private final double seconds;
    private final Map<Stage, long[]> latency;

    PipelineStats(long framesIn, long framesOut, long dropped, long detectorCalls, double seconds,
                  Map<Stage, long[]> latency) {
        this.framesIn = framesIn;
        this.framesOut = framesOut;
        this.dropped = dropped;
        this.detectorCalls = detectorCalls;
        this.seconds = seconds;
        this.latency = new EnumMap<>(latency);
    }

    /** @return frames read from the source */
    public long framesIn() {
        return framesIn;
    }

    /** @return results delivered to the listener */
    public long framesOut() {
        return framesOut;
    }

    /** @return frames the live source captured but replaced by newer ones before the pipeline took them */
    public long dropped() {
        return dropped;
    }

    /** @return frames the detector ran on */
    public long detectorCalls() {
        return detectorCalls;
    }

    /** @return frames whose boxes the tracker predicted instead: the detector calls saved */
    public long detectorCallsSaved() {
        return framesOut - Math.min(detectorCalls, framesOut);
    }

    /** @return seconds from start to the last result (or to now while running) */
    public double seconds() {
        return seconds;
    }

    /** @return frames read per second */
    public double fpsIn() {
        return seconds > 0 ? framesIn / seconds : 0;
    }

    /** @return results delivered per second */
    public double fpsOut() {
        return seconds > 0 ? framesOut / seconds : 0;
    }

    /**
     * @param stage a stage
     * @return median latency in milliseconds (0 if it never ran)
     */
    public double p50Millis(Stage stage) {
        return latency.get(stage)[0] / 1e6;
    }

    /**
     * @param stage a stage
     * @return 95th-percentile latency in milliseconds
     */
    public double p95Millis(Stage stage) {
        return latency.get(stage)[1] / 1e6;
    }

    /**
     * @param stage a stage
     * @return mean latency in milliseconds over every frame
     */
    public double meanMillis(Stage stage) {
        return latency.get(stage)[2] / 1e6;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%d frames in (%.1f fps), %d out (%.1f fps), %d dropped, %d detector calls, %d saved",
                framesIn, fpsIn(), framesOut, fpsOut(), dropped, detectorCalls, detectorCallsSaved()));
        for (Stage s : Stage.values()) {
            sb.append(String.format(Locale.ROOT, "%n  %-11s p50 %7.2f ms  p95 %7.2f ms", s.label(), p50Millis(s),
                    p95Millis(s)));
        }
        return sb.toString();
    }
}
