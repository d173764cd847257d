package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.edgecv.Detection;
import io.edgecv.onnx.ToolFixtures;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationMode;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.Quantizers;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.SharedSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FP16: float16 weights and compute, float32 inputs and outputs through Cast nodes, a block list. */
class Fp16Test {
    @TempDir
    static Path dir;
    static Path fp16;
    static QuantizationReport report;

    /** Runs once; when it skips, each test reports skipped (a @BeforeAll skip would hide them). */
    private static final SharedSetup SETUP = new SharedSetup();

    @BeforeEach
    void convert() throws Exception {
        SETUP.run(() -> {
            fp16 = dir.resolve("ssd-fp16.onnx");
            report = Quantizers.forModel(ToolFixtures.ssd()).quantize(ToolFixtures.ssd(), fp16,
                    QuantizationConfig.builder().optMode(QuantizationMode.FP16).optThreads(1).build());
        });
    }

    @Test
    void halvesTheFileAndKeepsFloat32InputsAndOutputs() throws Exception {
        assertThat(report.compression()).isGreaterThan(1.9);
        var g = GraphCounts.graph(ToolFixtures.ssd());
        assertThat(report.converted()).hasSize(g.getNodeCount()); // no operator of the SSD is on the block list
        try (var s = Backends.select(io.edgecv.ModelFormat.ONNX, "onnx").open(ModelSource.of(fp16),
                BackendOptions.defaults())) {
            assertThat(s.inputs()).allMatch(t -> t.type() == ElementType.FLOAT32);
            assertThat(s.outputs()).allMatch(t -> t.type() == ElementType.FLOAT32);
        }
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(fp16));
        assertThat(GraphChecker.check(m)).isEmpty();
        assertThat(m.getGraph().getInitializerList()).filteredOn(t -> t.getDataType() == Tensors.FLOAT).isEmpty();
        // one Cast after each graph input and before each graph output
        assertThat(DynamicInt8Test.opCounts(m)).containsEntry("Cast", GraphCounts.realInputs(g)
                + g.getOutputCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "basic", "extended", "all"})
    void detectionsMatchFloat32AtEveryLevel(String level) throws Exception {
        List<Path> photos = ToolFixtures.evaluation();
        List<List<Detection>> ref = QuantizeFixtures.detectAll(ToolFixtures.ssd(), photos, 0.3f, Map.of());
        List<List<Detection>> got = QuantizeFixtures.detectAll(fp16, photos, 0.15f, Map.of("onnx.optimization",
                level));
        DetectionAgreement a = DetectionAgreement.compute(ref, got);
        System.err.println("FP16 at level " + level + ": " + a);
        assertThat(a.map50()).isGreaterThanOrEqualTo(0.98);
        assertThat(a.meanIou()).isGreaterThan(0.97);
    }

    @Test
    void blockedOperatorsStayFloat32BetweenCasts() throws Exception {
        Path out = dir.resolve("ssd-fp16-add-blocked.onnx");
        QuantizationReport r = Quantizers.forModel(ToolFixtures.ssd()).quantize(ToolFixtures.ssd(), out,
                QuantizationConfig.builder().optMode(QuantizationMode.FP16).optFp16BlockList(Set.of("Add"))
                        .optThreads(1).build());
        long adds = GraphCounts.count(GraphCounts.graph(ToolFixtures.ssd()), "Add");
        assertThat(adds).isPositive();
        assertThat(r.leftInFloat()).hasSize((int) adds).allMatch(d -> d.opType().equals("Add")
                && d.reason().contains("block list"));
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
        assertThat(GraphChecker.check(m)).isEmpty();
        // each blocked Add reads float32 through Casts and writes float16 through one more
        assertThat(DynamicInt8Test.opCounts(m).get("Cast")).isGreaterThan(3 + (int) adds);
        List<List<Detection>> ref = QuantizeFixtures.detectAll(ToolFixtures.ssd(),
                List.of(io.edgecv.testing.Fixtures.image("dog.jpg")), 0.5f, Map.of());
        List<List<Detection>> got = QuantizeFixtures.detectAll(out,
                List.of(io.edgecv.testing.Fixtures.image("dog.jpg")), 0.25f, Map.of());
        assertThat(DetectionAgreement.compute(ref, got).map50()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void float16InputsAndOutputsWhenAsked() throws Exception {
        Path fp32 = TestModels.write(TestModels.mlp(), dir.resolve("mlp.onnx"));
        Path out = dir.resolve("mlp-fp16-io.onnx");
        Quantizers.forModel(fp32).quantize(fp32, out, QuantizationConfig.builder().optMode(QuantizationMode.FP16)
                .optKeepIoFloat32(false).build());
        try (var s = Backends.select(io.edgecv.ModelFormat.ONNX, "onnx").open(ModelSource.of(out),
                BackendOptions.defaults())) {
            assertThat(s.inputs().get(0).type()).isEqualTo(ElementType.FLOAT16);
            assertThat(s.outputs().get(0).type()).isEqualTo(ElementType.FLOAT16);
        }
        float[] x = TestModels.randomInput(64, 3);
        float[] want = TestModels.run(fp32, x, new long[] {1, 64}, Map.of());
        float[] got = TestModels.run(out, x, new long[] {1, 64}, Map.of());
        assertThat(TestModels.relativeError(want, got)).isLessThan(0.01);
    }
}
