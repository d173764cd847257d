package io.edgecv.onnx;

import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.testing.Fixtures;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void smoke() throws Exception {
        for (String m : new String[] {Fixtures.SSD_ONNX, Fixtures.FACE_FRONT_ONNX, Fixtures.FACE_BACK_ONNX}) {
            try (Detector d = Detector.builder().setModel(Fixtures.model(m)).optThreads(1).build()) {
                for (String img : new String[] {"dog.jpg", "person.jpg", "chelsea.png", "coffee.png", "astronaut.png", "grace_hopper.jpg"}) {
                    System.err.println(m + " " + img + " -> " + d.detect(ImageInput.read(Fixtures.image(img))));
                }
            }
        }
    }
}
