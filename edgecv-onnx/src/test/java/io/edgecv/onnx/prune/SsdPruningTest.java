package io.edgecv.onnx.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.InvalidModelException;
import io.edgecv.onnx.ToolFixtures;
import io.edgecv.prune.GroupDecision;
import io.edgecv.prune.Importance;
import io.edgecv.prune.LeftWhole;
import io.edgecv.prune.Pruners;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningReport;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.Quantizers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSD-MobileNetV2 fixture pruned for real: every written model loads at every ONNX Runtime optimisation level,
 * runs through {@link Detector} and passes ONNX's checker; 0% reproduces the outputs exactly; the refit lowers each
 * layer's reconstruction error; pruned then quantized works. Short settings (2 calibration photos, 64 samples per
 * image): the full speed/agreement curve is {@code io.edgecv.bench.PruningCurve} in edgecv-bench.
 */
class SsdPruningTest {
    @TempDir
    Path dir;

    @Test
    void zeroRatioReproducesTheOutputsExactly() throws Exception {
        Path out = dir.resolve("ssd-0.onnx");
        PruningReport r = Pruners.forModel(ToolFixtures.ssd()).prune(ToolFixtures.ssd(), out,
                PruningConfig.builder().optRatio(0).optRecovery(false).optThreads(1).build());
        float[][] a = Runs.outputs(ToolFixtures.ssd(), "all");
        float[][] b = Runs.outputs(out, "all");
        for (int o = 0; o < a.length; o++) {
            assertThat(b[o]).containsExactly(a[o]);
        }
        assertThat(r.macsAfter()).isEqualTo(r.macsBefore());
        assertThat(r.paramsAfter()).isEqualTo(r.paramsBefore());
        // the labels beside it, as the quantizer writes them, so the pruned model names what it finds; and the
        // usual permissions, not a temporary file's owner-only ones
        assertThat(dir.resolve("ssd-0.labels.txt")).content().startsWith("???\nBicycle\n").contains("Dog");
        assertThat(java.nio.file.Files.getPosixFilePermissions(out)).containsExactlyInAnyOrderElementsOf(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (Detector d = Detector.builder().setModel(out).build()) {
            assertThat(d.detect(ImageInput.read(io.edgecv.testing.Fixtures.image("dog.jpg"))))
                    .extracting(Detection::label).contains("Dog", "Bicycle", "Car");
        }
    }

    @Test
    void activationPruningWithRefitWritesAValidFasterModel() throws Exception {
        Path out = dir.resolve("ssd-pruned.onnx");
        List<Path> calib = ToolFixtures.calibration().subList(0, 2);
        PruningReport r = new OnnxPruner().prune(ToolFixtures.ssd(), out, PruningConfig.builder().optRatio(0.2)
                .optImportance(Importance.ACTIVATION).optSamplesPerImage(64).optCalibrationImages(calib)
                .optEvaluationImages(ToolFixtures.evaluation().subList(0, 2)).optThreads(1).build());
        assertThat(r.macsAfter()).isLessThan(r.macsBefore() * 9 / 10);
        assertThat(r.outputBytes()).isLessThan(r.inputBytes());
        assertThat(r.agreementWithOriginal()).isPresent();
        // the SSD's heads: a box and a class convolution on each of its 6 feature maps (MODELS.md), whatever the
        // converter that made the file named them
        assertThat(r.leftWhole()).filteredOn(l -> l.opType().equals("Conv") && l.reason().startsWith("output head"))
                .extracting(LeftWhole::node).doesNotHaveDuplicates().hasSize(12);
        List<GroupDecision> refitted = r.groups().stream().filter(g -> !Double.isNaN(g.errorAfterRefit())).toList();
        assertThat(refitted).isNotEmpty().allSatisfy(g -> assertThat(g.errorAfterRefit())
                .isLessThanOrEqualTo(g.errorBeforeRefit()));
        assertThat(refitted).anySatisfy(g -> assertThat(g.errorAfterRefit()).isLessThan(g.errorBeforeRefit() * 0.9));
        for (String level : new String[] {"none", "basic", "extended", "all"}) {
            assertThat(Runs.outputs(out, level)).hasNumberOfRows(2);
        }
        assertThat(Runs.shapes(out)).isDeepEqualTo(Runs.shapes(ToolFixtures.ssd()));
        try (Detector d = Detector.builder().setModel(out).optBackend("onnx").optThreads(1).build()) {
            List<Detection> found = d.detect(ImageInput.read(ToolFixtures.evaluation().get(0)));
            assertThat(found).isNotNull();
        }
        if (Runs.hasOnnxChecker()) {
            assertThat(Runs.onnxChecker(out)).isNull();
        }

        // prune, then quantize: the way to the "Q + pruning" row
        Path int8 = dir.resolve("ssd-pruned-int8.onnx");
        Quantizers.forModel(out).quantize(out, int8, QuantizationConfig.builder().optCalibrationImages(calib)
                .optThreads(1).build());
        try (Detector d = Detector.builder().setModel(int8).optBackend("onnx").optThreads(1).build()) {
            assertThat(d.detect(ImageInput.read(ToolFixtures.evaluation().get(0)))).isNotNull();
        }
    }

    @Test
    void refusesWhatItCannotDo() throws Exception {
        assertThatThrownBy(() -> new OnnxPruner().prune(ToolFixtures.ssd(), dir.resolve("x.onnx"),
                PruningConfig.builder().optImportance(Importance.ACTIVATION).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optCalibrationImages");
        assertThatThrownBy(() -> new OnnxPruner().prune(ToolFixtures.ssd(), dir.resolve("x.onnx"),
                PruningConfig.builder().optImportance(Importance.BN_SCALE).optRecovery(false).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BatchNormalization");
        Path int8 = dir.resolve("int8.onnx");
        Quantizers.forModel(ToolFixtures.ssd()).quantize(ToolFixtures.ssd(), int8, QuantizationConfig.builder()
                .optMode(io.edgecv.quantize.QuantizationMode.DYNAMIC_INT8).build());
        assertThatThrownBy(() -> new OnnxPruner().prune(int8, dir.resolve("x.onnx"), PruningConfig.builder()
                .optRecovery(false).build())).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("prune the float32 model");
        assertThatThrownBy(() -> PruningConfig.builder().optCalibrationImages(ToolFixtures.calibration())
                .optEvaluationImages(ToolFixtures.calibration()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("also a calibration image");
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }
}
