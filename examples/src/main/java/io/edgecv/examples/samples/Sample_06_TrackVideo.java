package io.edgecv.examples.samples;

import io.edgecv.examples.assets.DefaultAssets;
import io.edgecv.video.output.VideoOutputs;
import io.edgecv.video.pipeline.DetectionModel;
import io.edgecv.video.pipeline.PipelineStats;
import io.edgecv.video.pipeline.SkipPolicy;
import io.edgecv.video.pipeline.SkipTuning;
import io.edgecv.video.pipeline.VideoPipeline;
import io.edgecv.video.source.FrameSource;
import io.edgecv.video.source.FrameSources;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sample 06: track people in a video, detecting only one frame in three.
 *
 * <p>Four parts, each replaceable:
 * <ol>
 *   <li>a {@link FrameSource}: here a file; {@code FrameSources.open} takes {@code rtsp://...}, {@code /dev/video0},
 *       an image folder or {@code -} (raw frames on stdin, e.g. from {@code rpicam-vid --codec yuv420 -o -}) the
 *       same way, and live sources keep only their newest frame;</li>
 *   <li>a {@link DetectionModel}: the model opened once, its preprocessing, inference and decoding handed out as
 *       separate parts so they can run on different threads;</li>
 *   <li>a {@link VideoPipeline}: capture, preprocessing, inference, decoding+tracking and output each on a thread
 *       of their own; while the model runs frame N, frame N+1 is being prepared and frame N-1 decoded. The
 *       {@link SkipPolicy} sends 1 frame in 3 to the detector; ByteTrack predicts the boxes on the other two;</li>
 *   <li>a listener, here {@link VideoOutputs}: an annotated MP4 (boxes, track ids, trails) and MOTChallenge
 *       tracks.</li>
 * </ol>
 *
 * <h2>How to run</h2>
 * <pre>
 * mvn -B -q -pl examples -am package -DskipTests
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_06_TrackVideo \
 *      ../shared/fixtures/video/vtest.avi out/
 * </pre>
 * Arguments: a video (default: {@code video/vtest.avi} of the shared fixtures) and an output folder (default
 * {@code .}). Watch {@code tracked.mp4} in any player. The same thing from the command line:
 * {@code ./edgecv track --source VIDEO --classes Person --skip 3 --out tracked.mp4 --tracks tracks.txt}.
 *
 * <p>Previous: {@link Sample_05_WriteADecoder}.
 */
public final class Sample_06_TrackVideo {
    private Sample_06_TrackVideo() {
    }

    /**
     * @param args [video [output folder]]
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path fixtures = DefaultAssets.fixtures();
        String video = args.length > 0 ? args[0]
                : fixtures == null ? null : fixtures.resolve("video/vtest.avi").toString();
        if (video == null) {
            System.err.println("give a video file: Sample_06_TrackVideo VIDEO [OUTPUT_FOLDER]");
            return;
        }
        Path outDir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "."));
        run(DefaultAssets.model(), video, outDir, 0, System.out);
    }

    /**
     * Tracks the people in a video.
     *
     * @param modelFile the detector (the SSD of the fixtures finds {@code Person})
     * @param video a file, stream URL, camera device, image folder or {@code -}
     * @param outDir where {@code tracked.mp4} and {@code tracks.txt} go
     * @param maxFrames frames to read, 0 for all
     * @param out where progress goes
     * @return the pipeline's statistics
     * @throws Exception on any failure
     */
    public static PipelineStats run(Path modelFile, String video, Path outDir, long maxFrames, PrintStream out)
            throws Exception {
        try (DetectionModel model = DetectionModel.builder().setModel(modelFile)
                .optThreads(1)                // one inference thread; the other stages use the other cores
                .optConfidence(0.1f)          // ByteTrack keeps tracks alive with low-score detections too
                .optClasses("Person").build();
             FrameSource source = FrameSources.open(video, null);
             VideoOutputs outputs = VideoOutputs.builder()
                     .optVideo(outDir.resolve("tracked.mp4"), source.frameRate())
                     .optMotTracks(outDir.resolve("tracks.txt"))
                     .optThen(r -> {
                         if (r.sequence() % 100 == 0) {
                             out.println(r); // "frame 100 detected 7, 6 tracks"
                         }
                     }).build();
             VideoPipeline pipeline = VideoPipeline.builder()
                     .setSource(source)
                     .setModel(model)
                     .optSkip(SkipPolicy.fixed(3))
                     .optTracker(SkipTuning.lowScoreDetector(source.frameRate(), 3))
                     .optListener(outputs)
                     .optMaxFrames(maxFrames)
                     .build()) {
            PipelineStats stats = pipeline.run(); // to the end of the file (or maxFrames); close() stops a camera
            out.println(stats);
            out.println("written: " + outDir.resolve("tracked.mp4") + " and " + outDir.resolve("tracks.txt"));
            return stats;
        }
    }
}
