package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.edgecv.Detection;
import io.edgecv.onnx.ToolFixtures;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationMode;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.Quantizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dynamic INT8: MatMul/Gemm through MatMulInteger, Conv through ConvInteger, no calibration. */
class DynamicInt8Test {
    @TempDir
    Path dir;

    @Test
    void matMulAndGemmRunOnIntegerKernelsCloseToFloat() throws Exception {
        Path fp32 = TestModels.write(TestModels.mlp(), dir.resolve("mlp.onnx"));
        Path q = dir.resolve("mlp-dynamic.onnx");
        QuantizationReport r = Quantizers.forModel(fp32).quantize(fp32, q, QuantizationConfig.builder()
                .optMode(QuantizationMode.DYNAMIC_INT8).build());
        // ONNX Runtime's basic pass fuses MatMul + Add into a Gemm first
        assertThat(r.converted()).hasSize(2).allMatch(d -> d.opType().equals("MatMul") || d.opType().equals("Gemm"));
        assertThat(r.leftInFloat()).extracting(d -> d.opType()).containsExactly("Relu");
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(q));
        assertThat(GraphChecker.check(m)).isEmpty();
        assertThat(opCounts(m)).containsEntry("MatMulInteger", 2).containsEntry("DynamicQuantizeLinear", 2)
                .doesNotContainKeys("MatMul", "Gemm");
        for (int seed = 1; seed <= 5; seed++) {
            float[] x = TestModels.randomInput(64, seed);
            float[] want = TestModels.run(fp32, x, new long[] {1, 64}, Map.of());
            float[] got = TestModels.run(q, x, new long[] {1, 64}, Map.of());
            assertThat(TestModels.relativeError(want, got)).isLessThan(0.03);
        }
        assertThat(Files.size(q)).isLessThan(Files.size(fp32) / 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "basic", "extended", "all"})
    void convNetworkRunsAtEveryLevelAndKeepsItsDetections(String level) throws Exception {
        Path q = dir.resolve("ssd-dynamic.onnx");
        QuantizationReport r = Quantizers.forModel(ToolFixtures.ssd()).quantize(ToolFixtures.ssd(), q,
                QuantizationConfig.builder().optMode(QuantizationMode.DYNAMIC_INT8).optThreads(1).build());
        assertThat(r.converted()).hasSize(72).allMatch(d -> d.opType().equals("Conv"));
        assertThat(r.calibrationImages()).isZero();
        assertThat(GraphChecker.check(ModelProto.parseFrom(Files.readAllBytes(q)))).isEmpty();
        List<Path> photos = ToolFixtures.evaluation();
        List<List<Detection>> ref = QuantizeFixtures.detectAll(ToolFixtures.ssd(), photos, 0.3f, Map.of());
        List<List<Detection>> got = QuantizeFixtures.detectAll(q, photos, 0.15f, Map.of("onnx.optimization",
                level));
        DetectionAgreement a = DetectionAgreement.compute(ref, got);
        System.err.println("dynamic INT8 at level " + level + ": " + a);
        assertThat(a.map50()).isGreaterThanOrEqualTo(0.9);
    }

    static Map<String, Integer> opCounts(ModelProto m) {
        Map<String, Integer> ops = new HashMap<>();
        for (NodeProto n : m.getGraph().getNodeList()) {
            ops.merge(n.getOpType(), 1, Integer::sum);
        }
        return ops;
    }
}
