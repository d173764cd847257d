package io.edgecv.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.nms.NmsKind;
import io.edgecv.testing.Fixtures;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BlazeFace Barracuda ONNX exports: recognised with no configuration, faces found where they are, keypoints
 * inside the face box, and recall at IoU 0.5 on the labelled faces of {@code faces/training.xml}.
 */
class BlazeFaceOnnxTest {
    private static final Logger LOG = LoggerFactory.getLogger(BlazeFaceOnnxTest.class);

    @ParameterizedTest
    @CsvSource({"face_detection_front_128x128_barracuda.onnx", "face_detection_back_256x256_barracuda.onnx"})
    void findsTheFaceInPortraitsWithItsKeypoints(String model) throws Exception {
        try (Detector d = Detector.builder().setModel(Fixtures.model(model)).optThreads(1).build()) {
            assertThat(d.description().family()).isEqualTo("blazeface");
            assertThat(d.description().nms()).isEqualTo(NmsKind.WEIGHTED);
            // astronaut.png: Eileen Collins' face spans about x 180-270, y 80-175 (512x512 photo)
            Detection astronaut = best(d.detect(ImageInput.read(Fixtures.image("astronaut.png"))));
            assertThat(astronaut.iou(new Detection(180, 80, 270, 175, 1, 0, "face", null))).isGreaterThan(0.6f);
            // grace_hopper.jpg: her face spans about x 175-365, y 140-345 (512x600)
            Detection hopper = best(d.detect(ImageInput.read(Fixtures.image("grace_hopper.jpg"))));
            assertThat(hopper.iou(new Detection(175, 140, 365, 345, 1, 0, "face", null))).isGreaterThan(0.6f);
            for (Detection face : List.of(astronaut, hopper)) {
                assertThat(face.label()).isEqualTo("face");
                assertThat(face.keypointCount()).isEqualTo(6);
                for (int k = 0; k < 4; k++) { // eyes, nose tip, mouth lie inside the box; ears may not
                    assertThat(face.keypointX(k)).isBetween(face.left(), face.right());
                    assertThat(face.keypointY(k)).isBetween(face.top(), face.bottom());
                }
                // right eye (subject's right) is left of the left eye in the picture
                assertThat(face.keypointX(0)).isLessThan(face.keypointX(1));
            }
        }
    }

    private static Detection best(List<Detection> found) {
        assertThat(found).isNotEmpty();
        return found.get(0);
    }

    /**
     * Recall at IoU 0.5 on the 18 labelled faces of 4 PASCAL VOC photos. BlazeFace front is a selfie model (faces
     * filling much of the frame); back 256 is meant for smaller faces. The floors are the measured values, so a
     * regression in preprocessing, anchors or decoding shows up here.
     */
    @Test
    void recallOnLabelledFaces() throws Exception {
        Map<String, List<float[]>> truth = LabelledFaces.read(Fixtures.face("training.xml"));
        float front = recall(Fixtures.FACE_FRONT_ONNX, truth);
        float back = recall(Fixtures.FACE_BACK_ONNX, truth);
        LOG.info(String.format(Locale.ROOT, "BlazeFace recall at IoU 0.5 on %d faces: front 128 %.2f, back 256 %.2f",
                truth.values().stream().mapToInt(List::size).sum(), front, back));
        assertThat(front).isGreaterThanOrEqualTo(FRONT_RECALL_FLOOR);
        assertThat(back).isGreaterThanOrEqualTo(BACK_RECALL_FLOOR);
    }

    static final float FRONT_RECALL_FLOOR = 0.27f; // measured 5 of 18 (0.28)
    static final float BACK_RECALL_FLOOR = 0.9f; // measured 17 of 18 (0.94)

    private static float recall(String model, Map<String, List<float[]>> truth) throws Exception {
        int hit = 0;
        int total = 0;
        try (Detector d = Detector.builder().setModel(Fixtures.model(model)).optThreads(1).build()) {
            for (Map.Entry<String, List<float[]>> e : truth.entrySet()) {
                List<Detection> found = d.detect(ImageInput.read(Fixtures.face(e.getKey())));
                for (float[] t : e.getValue()) {
                    total++;
                    Detection gt = new Detection(t[0], t[1], t[2], t[3], 1, 0, "face", null);
                    if (found.stream().anyMatch(f -> f.iou(gt) >= 0.5f)) {
                        hit++;
                    }
                }
            }
        }
        return (float) hit / total;
    }
}
