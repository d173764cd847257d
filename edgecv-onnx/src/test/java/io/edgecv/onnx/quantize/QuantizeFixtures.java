package io.edgecv.onnx.quantize;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which fixture photos calibrate and which evaluate: never the same ones. */
final class QuantizeFixtures {
    /** 8 of the 12 photos in images/: calibration only. */
    static final List<String> CALIBRATION = List.of("astronaut.png", "chelsea.png", "coffee.png", "eagle.jpg",
            "giraffe.jpg", "grace_hopper.jpg", "horses.jpg", "messi5.jpg");
    /** The other 4 photos in images/: evaluation only. */
    static final List<String> HELD_OUT = List.of("dog.jpg", "person.jpg", "kite.jpg", "motorcycle_left.png");
    /** The 4 photos in faces/: evaluation only. */
    static final List<String> FACES = List.of("2007_007763.jpg", "2008_001009.jpg", "2008_001322.jpg",
            "2008_002079.jpg");

    private QuantizeFixtures() {
    }

    static List<Path> calibration() {
        List<Path> p = new ArrayList<>();
        CALIBRATION.forEach(n -> p.add(Fixtures.image(n)));
        return p;
    }

    /** @return the 4 held-out photos of images/ and the 4 of faces/ */
    static List<Path> evaluation() {
        List<Path> p = new ArrayList<>();
        HELD_OUT.forEach(n -> p.add(Fixtures.image(n)));
        FACES.forEach(n -> p.add(Fixtures.face(n)));
        return p;
    }

    static Path ssd() {
        return Fixtures.model(Fixtures.SSD_ONNX);
    }

    /** Detects on every photo with one model, at the given confidence and backend properties. */
    static List<List<Detection>> detectAll(Path model, List<Path> photos, float confidence,
                                           Map<String, String> props) throws Exception {
        var b = Detector.builder().setModel(model).optThreads(1).optConfidence(confidence).optMaxDetections(300);
        props.forEach(b::optBackendProperty);
        List<List<Detection>> out = new ArrayList<>();
        try (Detector d = b.build()) {
            for (Path p : photos) {
                out.add(d.detect(read(p)));
            }
        }
        return out;
    }

    static ImageInput read(Path p) {
        try {
            return ImageInput.read(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
