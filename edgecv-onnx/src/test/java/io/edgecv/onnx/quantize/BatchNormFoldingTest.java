package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conv + BatchNormalization folded into one Conv computes what the pair computed (run in ONNX Runtime). */
class BatchNormFoldingTest {
    @TempDir
    Path dir;

    @Test
    void foldedConvMatchesConvPlusBatchNorm() throws Exception {
        Random r = new Random(11);
        float[] var = new float[6];
        for (int i = 0; i < var.length; i++) {
            var[i] = 0.5f + r.nextFloat();
        }
        GraphProto g = GraphProto.newBuilder().setName("convbn")
                .addInput(TestModels.tensor("x", Tensors.FLOAT, 1, 3, 16, 16))
                .addOutput(TestModels.tensor("y", Tensors.FLOAT, 1, 6, 16, 16))
                .addInitializer(TestModels.random("w", r, 0.3f, 6, 3, 3, 3))
                .addInitializer(TestModels.random("b", r, 0.1f, 6))
                .addInitializer(TestModels.random("gamma", r, 1f, 6))
                .addInitializer(TestModels.random("beta", r, 0.5f, 6))
                .addInitializer(TestModels.random("mean", r, 0.5f, 6))
                .addInitializer(Tensors.ofFloats("var", new long[] {6}, var))
                .addNode(TestModels.node("Conv", "conv", new String[] {"x", "w", "b"}, new String[] {"c"},
                        Attributes.ofInts("pads", 1, 1, 1, 1)))
                .addNode(TestModels.node("BatchNormalization", "bn",
                        new String[] {"c", "gamma", "beta", "mean", "var"}, new String[] {"y"}))
                .build();
        ModelProto original = TestModels.model(g, 13);
        GraphProto folded = BatchNormFolding.fold(g);
        assertThat(folded.getNodeList()).extracting(NodeProto::getOpType).containsExactly("Conv");
        ModelProto foldedModel = original.toBuilder().setGraph(folded).build();
        assertThat(GraphChecker.check(foldedModel)).isEmpty();
        Path a = TestModels.write(original, dir.resolve("a.onnx"));
        Path b = TestModels.write(foldedModel, dir.resolve("b.onnx"));
        float[] x = TestModels.randomInput(3 * 16 * 16, 2);
        Map<String, String> noOpt = Map.of("onnx.optimization", "none");
        assertThat(TestModels.relativeError(TestModels.run(a, x, new long[] {1, 3, 16, 16}, noOpt),
                TestModels.run(b, x, new long[] {1, 3, 16, 16}, noOpt))).isLessThan(1e-5);
    }
}
