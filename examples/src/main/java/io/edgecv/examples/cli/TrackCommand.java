package io.edgecv.examples.cli;

import io.edgecv.EdgeCvException;
import io.edgecv.examples.assets.DefaultAssets;
import io.edgecv.video.output.VideoOutputs;
import io.edgecv.video.pipeline.AdaptiveSkip;
import io.edgecv.video.pipeline.DetectionModel;
import io.edgecv.video.pipeline.PipelineStats;
import io.edgecv.video.pipeline.SkipPolicy;
import io.edgecv.video.pipeline.SkipTuning;
import io.edgecv.video.pipeline.Stage;
import io.edgecv.video.pipeline.VideoPipeline;
import io.edgecv.video.source.FrameSource;
import io.edgecv.video.source.FrameSources;
import io.edgecv.video.source.RawFormat;
import io.edgecv.video.track.Sort;
import io.edgecv.video.track.Tracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecv track}: detect and track objects in a video file, a stream, a camera, an image folder or raw frames
 * on stdin; write an annotated video, MOTChallenge tracks and JSON lines; print the pipeline's statistics.
 */
@Command(name = "track", mixinStandardHelpOptions = true,
        description = "Detect and track objects in a video, stream, camera, image folder or raw stdin frames.")
final class TrackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--source"}, required = true, description = "A video file, rtsp://... or http://... URL,"
            + " /dev/videoN camera, image folder, or - for raw frames on stdin (with --width, --height).")
    String source;

    @Option(names = {"-m", "--model"}, description = "Model file. Default: SSD-MobileNetV2 Open Images v4.")
    Path model;

    @Option(names = "--skip", defaultValue = "1", description = "Detect 1 frame in N; the tracker predicts the"
            + " others. With --adaptive, the most frames between detections. Default: 1 (every frame).")
    int skip;

    @Option(names = "--adaptive", description = "Detect on motion or uncertain tracks, at least every --skip frames"
            + " and within --budget-ms.")
    boolean adaptive;

    @Option(names = "--budget-ms", defaultValue = "500", description = "With --adaptive: the longest time boxes may"
            + " come from the tracker alone. Default: 500.")
    long budgetMs;

    @Option(names = {"-o", "--out"}, description = "Write the annotated video here (.mp4).")
    Path out;

    @Option(names = "--tracks", description = "Write the tracks here, MOTChallenge format.")
    Path tracks;

    @Option(names = "--json", description = "Write one JSON object per frame here.")
    Path json;

    @Option(names = "--classes", split = ",", description = "Keep only these labels, e.g. Person. Default: all.")
    String[] classes = new String[0];

    @Option(names = "--conf", defaultValue = "0.1", description = "Lowest detection score passed to the tracker"
            + " (ByteTrack uses the low ones to keep tracks alive). Default: 0.1.")
    float confidence;

    @Option(names = "--tracker", defaultValue = "bytetrack", description = "bytetrack or sort. Default: bytetrack.")
    String trackerName;

    @Option(names = {"-b", "--backend"}, description = "Backend name (see 'edgecv backends'). Default: best.")
    String backend;

    @Option(names = {"-t", "--threads"}, defaultValue = "1", description = "Inference threads. Default: 1.")
    int threads;

    @Option(names = "--max-frames", defaultValue = "0", description = "Stop after N frames. Default: all.")
    long maxFrames;

    @Option(names = "--width", description = "Raw stdin frames: width in pixels.")
    int width;

    @Option(names = "--height", description = "Raw stdin frames: height in pixels.")
    int height;

    @Option(names = "--raw-format", defaultValue = "yuv420", description = "Raw stdin frames: yuv420 (as"
            + " rpicam-vid --codec yuv420 writes), bgr24 or rgb24. Default: yuv420.")
    String rawFormat;

    @Override
    public Integer call() throws IOException, EdgeCvException, InterruptedException {
        if (skip < 1) {
            throw new IllegalArgumentException("--skip " + skip + " must be at least 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        Path modelFile = model != null ? model : DefaultAssets.model();
        FrameSources.RawSpec raw = source.equals("-")
                ? new FrameSources.RawSpec(width, height, RawFormat.parse(rawFormat)) : null;
        for (Path p : new Path[] {out, tracks, json}) {
            if (p != null && p.toAbsolutePath().getParent() != null) {
                Files.createDirectories(p.toAbsolutePath().getParent());
            }
        }
        try (DetectionModel detection = openModel(modelFile);
             FrameSource frames = FrameSources.open(source, raw)) {
            String described = frames.describe();
            long total = frames.frameCount() > 0 ? frames.frameCount() : -1;
            if (maxFrames > 0 && total > 0) {
                total = Math.min(total, maxFrames);
            }
            ProgressBar bar = total > 0 ? new ProgressBarBuilder().setTaskName("track").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" frames", 1).setUpdateIntervalMillis(250)
                    .continuousUpdate().build() : null;
            PipelineStats stats;
            try (VideoOutputs outputs = VideoOutputs.builder().optVideo(out, frames.frameRate())
                    .optMotTracks(tracks).optJsonLines(json)
                    .optThen(r -> {
                        if (bar != null) {
                            bar.step();
                        }
                    }).build();
                 VideoPipeline pipeline = VideoPipeline.builder().setSource(frames).setModel(detection)
                         .optTracker(tracker(frames.frameRate())).optSkip(skipPolicy()).optListener(outputs)
                         .optMaxFrames(maxFrames).build()) {
                // Ctrl-C on a camera: stop reading, let the frames in flight reach the files, and wait for this
                // thread to finish them (the MP4 needs its trailer) before the JVM exits
                Thread main = Thread.currentThread();
                Thread hook = new Thread(() -> {
                    pipeline.close();
                    try {
                        main.join(15_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "edgecv-track-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    stats = pipeline.run();
                } finally {
                    if (bar != null) {
                        bar.close();
                    }
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running
                    }
                }
            }
            report(o, described, detection, stats);
            for (Path p : new Path[] {out, tracks, json}) {
                if (p != null) {
                    err.println("written: " + p);
                }
            }
        }
        return 0;
    }

    private DetectionModel openModel(Path modelFile) throws EdgeCvException {
        DetectionModel.Builder b = DetectionModel.builder().setModel(modelFile).optThreads(threads)
                .optConfidence(confidence).optClasses(classes);
        if (backend != null) {
            b.optBackend(backend);
        }
        return b.build();
    }

    private Tracker tracker(double fps) {
        switch (trackerName.toLowerCase(Locale.ROOT)) {
            case "bytetrack":
                return SkipTuning.lowScoreDetector(fps, skip);
            case "sort":
                return Sort.builder().build();
            default:
                throw new IllegalArgumentException("--tracker " + trackerName + " is not bytetrack or sort");
        }
    }

    private SkipPolicy skipPolicy() {
        return adaptive ? new AdaptiveSkip(skip, budgetMs, 6f, 0.5f) : SkipPolicy.fixed(skip);
    }

    private static void report(PrintWriter o, String source, DetectionModel model, PipelineStats s) {
        o.printf(Locale.ROOT, "%s with %s on %s%n", source, model.name(), model.session().backendName());
        o.printf(Locale.ROOT, "frames: %d in (%.1f fps), %d out (%.1f fps), %d dropped by the source%n",
                s.framesIn(), s.fpsIn(), s.framesOut(), s.fpsOut(), s.dropped());
        o.printf(Locale.ROOT, "detector: %d calls, %d saved (%.0f%%)%n", s.detectorCalls(), s.detectorCallsSaved(),
                s.framesOut() == 0 ? 0.0 : 100.0 * s.detectorCallsSaved() / s.framesOut());
        o.printf(Locale.ROOT, "%-12s %9s %9s%n", "stage", "p50 ms", "p95 ms");
        for (Stage st : Stage.values()) {
            o.printf(Locale.ROOT, "%-12s %9.2f %9.2f%n", st.label(), s.p50Millis(st), s.p95Millis(st));
        }
        o.flush();
    }
}
