package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.onnx.LabelledFaces;
import io.edgecv.onnx.ToolFixtures;
import io.edgecv.quantize.ActivationType;
import io.edgecv.quantize.CalibrationMethod;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationRefusedException;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Static INT8 BlazeFace keeps its faces: calibrated on the 8 calibration photos (portraits and others, no group
 * photo), scored on the 18 labelled faces of {@code faces/} that calibration never saw, at the model's own
 * threshold. Recall stays within 0.05 of float32 and false positives (detections matching no labelled face at
 * IoU 0.5) do not flood. Before the score and box heads were kept in float, back 256 gave 100 boxes per photo,
 * all scored 0.5000.
 */
class Int8FaceRecallTest {
    @TempDir
    Path dir;

    /** Labelled faces found and detections that match none. */
    record Score(int hits, int faces, int falsePositives, int boxesAtOneHalf) {
        double recall() {
            return (double) hits / faces;
        }
    }

    static Score score(Path model) throws Exception {
        Map<String, List<float[]>> truth = LabelledFaces.read(Fixtures.face("training.xml"));
        int hits = 0;
        int faces = 0;
        int fp = 0;
        int half = 0;
        try (Detector d = Detector.builder().setModel(model).optThreads(1).build()) {
            for (Map.Entry<String, List<float[]>> e : truth.entrySet()) {
                List<Detection> found = d.detect(ImageInput.read(Fixtures.face(e.getKey())));
                for (float[] t : e.getValue()) {
                    faces++;
                    Detection gt = new Detection(t[0], t[1], t[2], t[3], 1, 0, "face", null);
                    if (found.stream().anyMatch(f -> f.iou(gt) >= 0.5f)) {
                        hits++;
                    }
                }
                for (Detection f : found) {
                    if (f.score() == 0.5f) {
                        half++;
                    }
                    if (e.getValue().stream().noneMatch(t -> f.iou(new Detection(t[0], t[1], t[2], t[3], 1, 0,
                            "face", null)) >= 0.5f)) {
                        fp++;
                    }
                }
            }
        }
        return new Score(hits, faces, fp, half);
    }

    /** The default configuration (Entropy) keeps recall and brings no flood of false positives. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.FACE_FRONT_ONNX, Fixtures.FACE_BACK_ONNX})
    void int8KeepsRecallOnUnseenFaces(String name) throws Exception {
        Path model = Fixtures.model(name);
        Path out = dir.resolve("face-int8.onnx");
        QuantizationReport r = new OnnxQuantizer().quantize(model, out, QuantizationConfig.builder()
                .optCalibrationImages(ToolFixtures.calibration()).optThreads(1).build());
        Score fp32 = score(model);
        Score int8 = score(out);
        System.err.printf(Locale.ROOT, "%s recall fp32 %d/%d, int8 %d/%d; false positives fp32 %d, int8 %d;"
                + " self-check %s%n", name, fp32.hits(), fp32.faces(), int8.hits(), int8.faces(),
                fp32.falsePositives(), int8.falsePositives(), r.selfCheck().orElseThrow());
        assertThat(fp32.faces()).isEqualTo(18);
        assertThat(int8.recall()).isCloseTo(fp32.recall(), Offset.offset(0.05));
        assertThat(int8.falsePositives()).isLessThanOrEqualTo(fp32.falsePositives() + 2);
        assertThat(int8.boxesAtOneHalf()).isZero();
        // the 4 head convolutions (2 score, 2 box) write float32: their outputs only move towards the outputs
        assertThat(r.nodes()).filteredOn(d -> d.opType().equals("Conv") && d.reason().contains("kept in float32"))
                .hasSize(4);
        assertThat(r.selfCheck().orElseThrow().agreement().map50())
                .isGreaterThanOrEqualTo(QuantizationConfig.DEFAULT_MIN_AGREEMENT);
    }

    /**
     * Int8 symmetric activations (the TensorRT form) lose BlazeFace back's faces (its self-check measured mAP@0.5
     * 0.12 against float32 on the calibration photos): the quantizer refuses, and the file already at the output
     * path is left as it was.
     */
    @Test
    void refusesBelowTheAgreementFloorAndLeavesTheOutputAlone() throws Exception {
        Path out = dir.resolve("kept.onnx");
        Files.writeString(out, "an earlier file");
        assertThatThrownBy(() -> new OnnxQuantizer().quantize(Fixtures.model(Fixtures.FACE_BACK_ONNX), out,
                QuantizationConfig.builder().optCalibrationImages(ToolFixtures.calibration()).optThreads(1)
                        .optCalibrationMethod(CalibrationMethod.MINMAX)
                        .optActivationType(ActivationType.INT8_SYMMETRIC).build()))
                .isInstanceOf(QuantizationRefusedException.class)
                .hasMessageContaining("below the floor 0.50").hasMessageContaining("not written")
                .satisfies(e -> assertThat(((QuantizationRefusedException) e).check().agreement().map50())
                        .isLessThan(QuantizationConfig.DEFAULT_MIN_AGREEMENT));
        assertThat(Files.readString(out)).isEqualTo("an earlier file");
    }
}
