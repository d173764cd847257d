package io.edgecv.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import io.edgecv.video.metrics.MotBox;
import io.edgecv.video.metrics.MotFormat;
import io.edgecv.video.pipeline.PipelineStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every numbered sample on the fixtures, as its "how to run" block does, and checks what it finds against
 * an independent reference: the README's detections of {@code dog.jpg} (Dog, Bicycle, Car), or a plain
 * {@link Detector} on the same photo.
 */
class SamplesTest {
    private static final Path SSD_ONNX = Fixtures.model(Fixtures.SSD_ONNX);
    private static final Path SSD_TFLITE = Fixtures.model(Fixtures.SSD_TFLITE);
    private static final Path DOG = Fixtures.image("dog.jpg");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static List<String> labels(List<Detection> found) {
        return found.stream().map(Detection::label).sorted().collect(Collectors.toList());
    }

    /** The plain detector's answer, the reference for the samples that feed the photo differently. */
    private static List<Detection> reference(Path model) throws Exception {
        try (Detector d = Detector.builder().setModel(model).optThreads(1).build()) {
            return d.detect(ImageInput.read(DOG));
        }
    }

    private static void assertSameDetections(List<Detection> actual, List<Detection> expected, double pixels) {
        assertThat(actual).hasSameSizeAs(expected);
        Comparator<Detection> byScore = Comparator.comparingDouble(Detection::score).reversed();
        List<Detection> a = actual.stream().sorted(byScore).collect(Collectors.toList());
        List<Detection> e = expected.stream().sorted(byScore).collect(Collectors.toList());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).classId()).isEqualTo(e.get(i).classId());
            assertThat(a.get(i).score()).isCloseTo(e.get(i).score(), within(1e-3f));
            assertThat(a.get(i).left()).isCloseTo(e.get(i).left(), within((float) pixels));
            assertThat(a.get(i).top()).isCloseTo(e.get(i).top(), within((float) pixels));
            assertThat(a.get(i).right()).isCloseTo(e.get(i).right(), within((float) pixels));
            assertThat(a.get(i).bottom()).isCloseTo(e.get(i).bottom(), within((float) pixels));
        }
    }

    @Test
    void sample01FindsTheDogTheBicycleAndTheCar() throws Exception {
        List<Detection> found = Sample_01_DetectObjects.run(SSD_ONNX, DOG, out);
        assertThat(labels(found)).containsExactly("Bicycle", "Car", "Dog");
        Detection dog = found.stream().filter(d -> d.label().equals("Dog")).findFirst().orElseThrow();
        // README: Dog 0.699 [125, 212, 324, 552]
        assertThat(dog.score()).isCloseTo(0.699f, within(0.01f));
        assertThat(dog.left()).isCloseTo(125f, within(3f));
        assertThat(dog.bottom()).isCloseTo(552f, within(3f));
        assertThat(printed()).contains("Dog", "Bicycle", "Car");
    }

    @Test
    void sample02CameraFramesGiveThePhotosDetections() throws Exception {
        List<Detection> last = Sample_02_CameraFrames.run(SSD_ONNX, DOG, 3, out);
        assertSameDetections(last, reference(SSD_ONNX), 0.5);
        assertThat(printed()).startsWith("3 frames, ");
    }

    @Test
    void sample03RunsOnTheBackendThatOpensTheModelWhicheverItsFormat() throws Exception {
        // a bare clone's default model is the TFLite file: the sample must not insist on ONNX Runtime
        List<Detection> tflite = Sample_03_ChooseABackend.run(SSD_TFLITE, DOG, out);
        assertThat(printed()).contains("tflite: ");
        assertThat(labels(tflite)).contains("Dog");
        assertThat(tflite).allSatisfy(d -> assertThat(d.score()).isGreaterThanOrEqualTo(0.6f));

        List<Detection> onnx = Sample_03_ChooseABackend.run(SSD_ONNX, DOG, out);
        assertThat(printed()).contains("onnx: ", "as expected on a machine without a GPU");
        assertThat(labels(onnx)).isEqualTo(labels(tflite));
    }

    @Test
    void sample04DescribesTheModelTwoWaysWithTheSameResult() throws Exception {
        List<List<Detection>> both = Sample_04_DescribeYourOwnModel.run(SSD_ONNX, DOG, out);
        assertThat(labels(both.get(0))).contains("dog", "bicycle", "car"); // the description's lower-case labels
        assertSameDetections(both.get(0), both.get(1), 1e-3);
    }

    @Test
    void sample05DecoderAgreesWithEdgeCvsOwnSsdDecoderOnTheBestClasses() throws Exception {
        for (Path model : List.of(SSD_ONNX, SSD_TFLITE)) {
            List<Detection> mine = Sample_05_WriteADecoder.run(model, DOG, out);
            // on this photo no anchor has two classes above 0.5, so best-class-only changes nothing
            assertSameDetections(mine, reference(model), 1e-3);
            assertThat(labels(mine)).as(model.toString()).contains("Dog", "Bicycle", "Car");
        }
    }

    @Test
    void sample06TracksThePedestriansDetectingOneFrameInThree(@TempDir Path dir) throws Exception {
        Path video = Fixtures.root().resolve("video").resolve("vtest.avi");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(video), "fixture missing: " + video);
        PipelineStats stats = Sample_06_TrackVideo.run(SSD_ONNX, video.toString(), dir, 60, out);

        assertThat(stats.framesOut()).isEqualTo(60);
        assertThat(stats.detectorCalls()).isEqualTo(20); // one frame in three
        assertThat(Files.size(dir.resolve("tracked.mp4"))).isGreaterThan(10_000);
        // read back with the MOTChallenge reader: people are tracked on every frame, skipped ones included
        List<MotBox> rows = MotFormat.read(dir.resolve("tracks.txt"));
        assertThat(rows.stream().mapToLong(MotBox::frame).distinct().count()).isGreaterThanOrEqualTo(50);
        assertThat(rows.stream().mapToInt(MotBox::id).distinct().count()).isBetween(2L, 40L);
        assertThat(printed()).contains("written: ");
    }

    @Test
    void sample07ThrottlesByTheSeedsLineAndKeepsEventsWhileTheBrokerIsAway(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: the broker is "away"
        }
        Path db = dir.resolve("events.db");
        int[] r = Sample_07_DeviceOutbox.run(db, "tcp://127.0.0.1:" + closedPort, out);

        // the seed's line: 1 below 75 °C, 20% at 85 °C, linear between: 0.6 at 80 °C, 0.28 at 84 °C
        assertThat(r[0]).isEqualTo(100);
        assertThat(r[1]).isBetween(59, 61);
        assertThat(r[2]).isBetween(27, 29);
        assertThat(r[3]).isEqualTo(50);
        // read the SQLite file directly: 50 distinct events, none marked sent
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COUNT(DISTINCT id), COUNT(sent_ms) FROM events")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(50);
            assertThat(rs.getInt(2)).isZero();
        }
        assertThat(printed()).contains("still unsent", "they wait in the file");
    }

    @Test
    void sample08FineTunesThePrunedModelAndWritesOneTheTeacherAgreesWithBetter(@TempDir Path dir) throws Exception {
        List<Path> train = List.of(Fixtures.image("horses.jpg"), Fixtures.image("person.jpg"),
                Fixtures.image("giraffe.jpg"), Fixtures.image("kite.jpg"));
        List<Path> held = List.of(DOG, Fixtures.image("chelsea.png"));
        io.edgecv.train.TrainingReport r = Sample_08_FineTuneAPrunedModel.run(SSD_ONNX, train, held, dir, 2, out);
        assertThat(r.steps()).isEqualTo(4);
        assertThat(r.epochLosses()).hasSize(2);
        // independently of the trainer: the written student and the pruned one against the teacher, both through
        // Detector on ONNX Runtime; the written one is the best epoch's, never worse than the untrained student
        double pruned = new io.edgecv.quantize.ModelComparison(SSD_ONNX, dir.resolve("pruned.onnx")).addImages(held)
                .optTimedRuns(0).run().agreement().map50();
        double student = new io.edgecv.quantize.ModelComparison(SSD_ONNX, dir.resolve("student.onnx"))
                .addImages(held).optTimedRuns(0).run().agreement().map50();
        assertThat(student).isGreaterThanOrEqualTo(pruned - 0.05);
        assertThat(printed()).contains("pruned: MACs", "epoch 0: agreement with the teacher", "wrote ");
    }
}
