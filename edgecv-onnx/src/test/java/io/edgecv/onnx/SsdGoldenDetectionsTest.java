package io.edgecv.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.testing.Fixtures;
import io.edgecv.testing.SharedSetup;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden detections of the SSD-MobileNetV2 fixture through ONNX Runtime, checked two ways: against boxes drawn by
 * hand on the photos (IoU at least 0.7: "where a person would draw them"), and against {@link ReferenceSsd}, an
 * independent implementation (same labels, IoU at least 0.98, scores within 0.01).
 */
class SsdGoldenDetectionsTest {
    private static Detector detector;

    /** Runs once; when it skips, each test reports skipped (a @BeforeAll skip would hide them). */
    private static final SharedSetup SETUP = new SharedSetup();

    @BeforeEach
    void open() throws Exception {
        SETUP.run(() -> {
            detector = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX)).optThreads(1).build();
        });
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    private static List<Detection> detect(String image) throws Exception {
        return detector.detect(ImageInput.read(Fixtures.image(image)));
    }

    private static float iou(Detection d, float x1, float y1, float x2, float y2) {
        return d.iou(new Detection(x1, y1, x2, y2, 1f, 0, "hand-drawn", null));
    }

    private static Detection only(List<Detection> found, String label) {
        List<Detection> matches = found.stream().filter(d -> d.label().equals(label)).toList();
        assertThat(matches).as("%s in %s", label, found).hasSize(1);
        return matches.get(0);
    }

    @Test
    void dogBicycleAndCarInDogJpg() throws Exception {
        List<Detection> found = detect("dog.jpg");
        assertThat(found).extracting(Detection::label).containsExactly("Dog", "Bicycle", "Car");
        assertThat(only(found, "Dog").score()).isCloseTo(0.70f, within(0.02f));
        assertThat(only(found, "Bicycle").score()).isCloseTo(0.69f, within(0.02f));
        assertThat(only(found, "Car").score()).isCloseTo(0.67f, within(0.02f));
        assertThat(iou(only(found, "Dog"), 130, 218, 312, 545)).isGreaterThan(0.7f);
        assertThat(iou(only(found, "Bicycle"), 128, 138, 566, 420)).isGreaterThan(0.7f);
        assertThat(iou(only(found, "Car"), 462, 82, 692, 168)).isGreaterThan(0.7f);
    }

    @Test
    void personAndDogInPersonJpg() throws Exception {
        List<Detection> found = detect("person.jpg");
        assertThat(found).extracting(Detection::label).containsExactlyInAnyOrder("Person", "Dog");
        assertThat(iou(only(found, "Person"), 190, 100, 272, 372)).isGreaterThan(0.7f);
        assertThat(iou(only(found, "Dog"), 66, 263, 205, 345)).isGreaterThan(0.7f);
    }

    @Test
    void catCoffeeCupAndAstronaut() throws Exception {
        assertThat(detect("chelsea.png")).extracting(Detection::label).containsExactly("Cat");
        assertThat(detect("coffee.png")).extracting(Detection::label).containsExactly("Coffee cup");
        assertThat(detect("astronaut.png")).extracting(Detection::label).containsExactly("Person");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dog.jpg", "person.jpg", "chelsea.png", "coffee.png", "astronaut.png", "horses.jpg",
        "kite.jpg", "giraffe.jpg", "eagle.jpg", "messi5.jpg", "motorcycle_left.png", "grace_hopper.jpg"})
    void agreesWithAnIndependentReferenceImplementation(String image) throws Exception {
        Path file = Fixtures.image(image);
        BufferedImage img = ImageIO.read(file.toFile());
        List<ReferenceSsd.Box> expected = ReferenceSsd.detect(Fixtures.model(Fixtures.SSD_ONNX), img, 0.5, 0.45);
        List<Detection> actual = detector.detect(ImageInput.of(img));
        assertThat(actual).hasSameSizeAs(expected);
        for (ReferenceSsd.Box e : expected) {
            Detection best = actual.stream().filter(d -> d.classId() == e.cls)
                    .max((a, b) -> Double.compare(e.iou(a.left(), a.top(), a.right(), a.bottom()),
                            e.iou(b.left(), b.top(), b.right(), b.bottom())))
                    .orElseThrow(() -> new AssertionError("class " + e.cls + " missing in " + actual));
            assertThat(e.iou(best.left(), best.top(), best.right(), best.bottom())).as("%s class %d", image, e.cls)
                    .isGreaterThan(0.98);
            assertThat((double) best.score()).isCloseTo(e.score, within(0.01));
        }
    }
}
