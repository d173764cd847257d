package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.edgecv.Detection;
import io.edgecv.onnx.ToolFixtures;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.Quantizer;
import io.edgecv.quantize.Quantizers;
import io.edgecv.quantize.TensorRange;
import io.edgecv.testing.Fixtures;
import io.edgecv.testing.SharedSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Static INT8 (QDQ, uint8 activations, per-channel int8 weights, MinMax) of the SSD-MobileNetV2 fixture,
 * calibrated on 8 photos of images/ and evaluated on the other 4 and the 4 faces/ photos.
 */
class StaticInt8Test {
    @TempDir
    static Path dir;
    static Path int8;
    static QuantizationReport report;

    /** Runs once; when it skips, each test reports skipped (a @BeforeAll skip would hide them). */
    private static final SharedSetup SETUP = new SharedSetup();

    @BeforeEach
    void quantize() throws Exception {
        SETUP.run(() -> {
            Quantizer q = Quantizers.forModel(ToolFixtures.ssd());
            int8 = dir.resolve("ssd-int8.onnx");
            // the label map beside the model names the classes (read from the fixtures, copied to the temp folder)
            Files.copy(Fixtures.model("object_detection_oidv4_labelmap.txt"),
                    dir.resolve("object_detection_oidv4_labelmap.txt"));
            report = q.quantize(ToolFixtures.ssd(), int8, QuantizationConfig.builder()
                    .optCalibrationMethod(io.edgecv.quantize.CalibrationMethod.MINMAX)
                    .optCalibrationImages(ToolFixtures.calibration()).optThreads(1).build());
            System.err.println(report.toText(false));
        });
    }

    @Test
    void fileIsAtLeast3_5TimesSmaller() throws Exception {
        long fp32 = Files.size(ToolFixtures.ssd());
        long q = Files.size(int8);
        assertThat((double) fp32 / q).isGreaterThanOrEqualTo(3.5);
        assertThat(report.compression()).isEqualTo((double) fp32 / q);
    }

    @ParameterizedTest(name = "float32 detections at confidence {0} as ground truth")
    @ValueSource(floats = {0.5f, 0.3f})
    void detectionsAgreeWithFloat32OnPhotosNotUsedForCalibration(float confidence) throws Exception {
        List<Path> photos = ToolFixtures.evaluation();
        List<List<Detection>> reference = QuantizeFixtures.detectAll(ToolFixtures.ssd(), photos, confidence,
                Map.of());
        List<List<Detection>> candidate = QuantizeFixtures.detectAll(int8, photos, confidence / 2, Map.of());
        DetectionAgreement a = DetectionAgreement.compute(reference, candidate);
        System.err.println("static INT8 MinMax, reference at " + confidence + ": " + a);
        assertThat(a.referenceCount()).isGreaterThanOrEqualTo(confidence < 0.4f ? 20 : 6);
        assertThat(a.map50()).isGreaterThanOrEqualTo(0.95);
        assertThat(a.meanIou()).isGreaterThan(0.85);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "basic", "extended", "all"})
    void loadsAndRunsAtEveryOptimizationLevel(String level) throws Exception {
        List<List<Detection>> d = QuantizeFixtures.detectAll(int8, List.of(Fixtures.image("dog.jpg")),
                0.5f, Map.of("onnx.optimization", level));
        assertThat(d.get(0)).extracting(Detection::label).contains("Dog");
    }

    @Test
    void passesTheJavaModelChecks() throws Exception {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(int8));
        assertThat(GraphChecker.check(m)).isEmpty();
        Map<String, Integer> ops = new HashMap<>();
        for (NodeProto n : m.getGraph().getNodeList()) {
            ops.merge(n.getOpType(), 1, Integer::sum);
        }
        assertThat(ops).containsKeys("QuantizeLinear", "DequantizeLinear", "Conv");
        assertThat(ops).doesNotContainKey("Clip"); // every Clip(0, 6) folded into a uint8 range
        assertThat(m.getOpsetImportList()).allMatch(o -> o.getDomain().isEmpty());
    }

    @Test
    void onnxRuntimeFusesTheQdqPairsIntoIntegerKernels() throws Exception {
        Path optimized = dir.resolve("ort-all.onnx");
        try (var s = io.edgecv.spi.Backends.select(io.edgecv.ModelFormat.ONNX, "onnx").open(
                io.edgecv.spi.ModelSource.of(int8), io.edgecv.spi.BackendOptions.of(1, Map.of("onnx.optimization",
                        "all", "onnx.optimized_model_path", optimized.toString())))) {
            assertThat(s.outputs()).hasSize(2);
        }
        Map<String, Integer> ops = new HashMap<>();
        for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(optimized)).getGraph().getNodeList()) {
            ops.merge(n.getOpType(), 1, Integer::sum);
        }
        System.err.println("ONNX Runtime (level all) runs the INT8 model as " + ops);
        // counted in the float model's graph: every Conv runs as QLinearConv but the heads, whose outputs only
        // move to the graph outputs and stay float32 (12 on this SSD: a box and a class head per feature map)
        var g = GraphCounts.graph(ToolFixtures.ssd());
        int heads = GraphCounts.headConvs(g).size();
        assertThat(heads).isEqualTo(2 * 6);
        assertThat(ops.getOrDefault("QLinearConv", 0)).isEqualTo(GraphCounts.count(g, "Conv") - heads);
        assertThat(ops.getOrDefault("Conv", 0)).isEqualTo(heads);
    }

    @Test
    void reportNamesEveryNodeAndEveryRange() throws Exception {
        var g = GraphCounts.graph(ToolFixtures.ssd());
        assertThat(report.nodes()).hasSize(g.getNodeCount());
        assertThat(report.converted()).filteredOn(d -> d.opType().equals("Conv"))
                .hasSize((int) GraphCounts.count(g, "Conv"));
        assertThat(report.leftInFloat()).allMatch(d -> !d.reason().isEmpty());
        assertThat(report.ranges()).isNotEmpty();
        for (TensorRange r : report.ranges()) {
            assertThat(r.scale()).isPositive();
            assertThat(r.min()).isLessThanOrEqualTo(0f);
            assertThat(r.max()).isGreaterThanOrEqualTo(0f);
        }
        assertThat(report.calibrationImages()).isEqualTo(8);
    }
}
