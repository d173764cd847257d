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
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sample 05: track people in a video, detecting only one frame in three.
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
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_05_TrackVideo \
 *      ../shared/fixtures/video/vtest.avi out/
 * </pre>
 * Arguments: a video (default: {@code video/vtest.avi} of the shared fixtures) and an output folder (default
 * {@code .}). Watch {@code tracked.mp4} in any player. The same thing from the command line:
 * {@code ./edgecv track --source VIDEO --classes Person --skip 3 --out tracked.mp4 --tracks tracks.txt}.
 *
 * <p>Previous: {@link Sample_04_DescribeYourOwnModel}.
 */
public final class Sample_05_TrackVideo {
    private Sample_05_TrackVideo() {
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
            System.err.println("give a video file: Sample_05_TrackVideo VIDEO [OUTPUT_FOLDER]");
            return;
        }
        Path outDir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "."));

        try (DetectionModel model = DetectionModel.builder().setModel(DefaultAssets.model())
                .optThreads(1)                // one inference thread; the other stages use the other cores
                .optConfidence(0.1f)          // ByteTrack keeps tracks alive with low-score detections too
                .optClasses("Person").build();
             FrameSource source = FrameSources.open(video, null);
             VideoOutputs outputs = VideoOutputs.builder()
                     .optVideo(outDir.resolve("tracked.mp4"), source.frameRate())
                     .optMotTracks(outDir.resolve("tracks.txt"))
                     .optThen(r -> {
                         if (r.sequence() % 100 == 0) {
                             System.out.println(r); // "frame 100 detected 7, 6 tracks"
                         }
                     }).build();
             VideoPipeline pipeline = VideoPipeline.builder()
                     .setSource(source)
                     .setModel(model)
                     .optSkip(SkipPolicy.fixed(3))
                     .optTracker(SkipTuning.lowScoreDetector(source.frameRate(), 3))
                     .optListener(outputs)
                     .build()) {
            PipelineStats stats = pipeline.run(); // to the end of the file; close() stops a camera
            System.out.println(stats);
        }
        System.out.println("written: " + outDir.resolve("tracked.mp4") + " and " + outDir.resolve("tracks.txt"));
    }
}
