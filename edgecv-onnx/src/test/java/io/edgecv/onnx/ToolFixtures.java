package io.edgecv.onnx;

import io.edgecv.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixture photos and model of the pruner's and quantizer's tests: which photos calibrate and which evaluate,
 * never the same ones.
 */
public final class ToolFixtures {
    /** 8 of the 12 photos in images/: calibration only. */
    public static final List<String> CALIBRATION = List.of("astronaut.png", "chelsea.png", "coffee.png",
            "eagle.jpg", "giraffe.jpg", "grace_hopper.jpg", "horses.jpg", "messi5.jpg");
    /** The other 4 photos in images/: evaluation only. */
    public static final List<String> HELD_OUT = List.of("dog.jpg", "person.jpg", "kite.jpg",
            "motorcycle_left.png");
    /** The 4 photos in faces/: evaluation only. */
    public static final List<String> FACES = List.of("2007_007763.jpg", "2008_001009.jpg", "2008_001322.jpg",
            "2008_002079.jpg");

    private ToolFixtures() {
    }

    /** @return the 8 calibration photos of images/ */
    public static List<Path> calibration() {
        List<Path> p = new ArrayList<>();
        CALIBRATION.forEach(n -> p.add(Fixtures.image(n)));
        return p;
    }

    /** @return the 4 held-out photos of images/ and the 4 of faces/ */
    public static List<Path> evaluation() {
        List<Path> p = new ArrayList<>();
        HELD_OUT.forEach(n -> p.add(Fixtures.image(n)));
        FACES.forEach(n -> p.add(Fixtures.face(n)));
        return p;
    }

    /** @return the SSD MobileNetV2 ONNX fixture */
    public static Path ssd() {
        return Fixtures.model(Fixtures.SSD_ONNX);
    }
}
