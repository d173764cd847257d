package io.edgecv.onnx.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.onnx.ToolFixtures;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningMode;
import io.edgecv.prune.PruningReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unstructured and 2:4 sparsity of the SSD fixture, checked on the written file's weights. */
class SparsityTest {
    @TempDir
    Path dir;

    private static Map<String, TensorProto> inits(ModelProto m) {
        Map<String, TensorProto> i = new HashMap<>();
        m.getGraph().getInitializerList().forEach(t -> i.put(t.getName(), t));
        return i;
    }

    @Test
    void unstructuredZeroesTheSmallestWeights() throws Exception {
        Path out = dir.resolve("sparse.onnx");
        PruningReport r = new OnnxPruner().prune(ToolFixtures.ssd(), out, PruningConfig.builder()
                .optMode(PruningMode.UNSTRUCTURED).optRatio(0.5).optThreads(1).build());
        assertThat(r.zeroFraction()).isBetween(0.49, 0.52);
        assertThat(r.compressedBytes()).isLessThan(r.outputBytes() * 3 / 4);
        assertThat(Runs.shapes(out)).isDeepEqualTo(Runs.shapes(ToolFixtures.ssd()));
    }

    @Test
    void twoFourLeavesTwoZerosInEveryFourInputChannels() throws Exception {
        Path out = dir.resolve("24.onnx");
        PruningReport r = new OnnxPruner().prune(ToolFixtures.ssd(), out, PruningConfig.builder()
                .optMode(PruningMode.SEMI_STRUCTURED_2_4).optThreads(1).build());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
        Map<String, TensorProto> inits = inits(m);
        int checked = 0;
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (!n.getOpType().equals("Conv") || OnnxGraphTools.intAttribute(n, "group", 1) != 1) {
                continue;
            }
            TensorProto w = inits.get(n.getInput(1));
            int k = (int) w.getDims(0);
            int c = (int) w.getDims(1);
            if (c % 4 != 0) {
                assertThat(r.leftWhole()).anySatisfy(l -> assertThat(l.node()).isEqualTo(n.getName()));
                continue;
            }
            int taps = (int) (w.getDims(2) * w.getDims(3));
            float[] v = OnnxGraphTools.floats(w);
            for (int o = 0; o < k; o++) {
                for (int t = 0; t < taps; t++) {
                    for (int c0 = 0; c0 < c; c0 += 4) {
                        int zeros = 0;
                        for (int q = 0; q < 4; q++) {
                            zeros += v[(o * c + c0 + q) * taps + t] == 0f ? 1 : 0;
                        }
                        assertThat(zeros).as("%s out %d tap %d channels %d..%d", n.getName(), o, t, c0, c0 + 3)
                                .isGreaterThanOrEqualTo(2);
                    }
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
        assertThat(r.zeroFraction()).isGreaterThan(0.4);
    }
}
