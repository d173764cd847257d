package io.edgecv.onnx.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.InvalidModelException;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.prune.GroupDecision;
import io.edgecv.prune.PrunedChannels;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningReport;
import io.edgecv.prune.RatioScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependency-group cases where channel pruners go wrong, on small graphs with random weights built here. Some
 * filters are made 1000x weaker than the rest, so L1 importance must remove exactly those; the pruned model must
 * then compute what the unpruned model computes with those filters set to zero (an independent reference: a zero
 * channel contributes nothing downstream).
 */
class DependencyGroupsTest {
    @TempDir
    Path dir;

    private PruningReport prune(Path model, Path out, Map<String, Double> groupRatios) throws Exception {
        PruningConfig.Builder b = PruningConfig.builder().optRatio(0).optRoundTo(1).optRecovery(false)
                .optThreads(1);
        groupRatios.forEach(b::optGroupRatio);
        return new OnnxPruner().prune(model, out, b.build());
    }

    private void assertSameOutputs(Path pruned, Path reference) throws Exception {
        float[][] p = Runs.outputs(pruned, "none");
        float[][] r = Runs.outputs(reference, "none");
        assertThat(p.length).isEqualTo(r.length);
        for (int o = 0; o < p.length; o++) {
            assertThat(p[o].length).isEqualTo(r[o].length);
            for (int i = 0; i < p[o].length; i++) {
                assertThat(p[o][i]).as("output %d value %d", o, i).isCloseTo(r[o][i],
                        org.assertj.core.data.Offset.offset(1e-4f + 1e-4f * Math.abs(r[o][i])));
            }
        }
    }

    private static TensorProto weightOf(Path model, String node) throws Exception {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(model));
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (n.getName().equals(node)) {
                for (TensorProto t : m.getGraph().getInitializerList()) {
                    if (t.getName().equals(n.getInput(1))) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError("no weights for " + node);
    }

    @Test
    void catOfTheSameTensorTwiceRemovesBothCopies() throws Exception {
        TestGraph t = new TestGraph(3, 16);
        String a = t.op("Relu", t.conv("a", "input", 8, 3, 1, 2, 5));
        String b = t.conv("b", t.concat(a, a), 8, 1, 1);
        Path model = t.output(b).write(dir.resolve("cat.onnx"));
        Path out = dir.resolve("cat-pruned.onnx");
        prune(model, out, Map.of("a", 0.25));
        assertThat(weightOf(out, "a").getDims(0)).isEqualTo(6);
        assertThat(weightOf(out, "b").getDims(1)).isEqualTo(12); // both copies lost channels 2 and 5
        assertSameOutputs(out, Runs.zeroFilters(model, Map.of("a", Set.of(2, 5)), dir.resolve("cat-ref.onnx")));
    }

    @Test
    void concatOfDifferentSourcesKeepsThemApart() throws Exception {
        TestGraph t = new TestGraph(3, 16);
        String a = t.op("Relu", t.conv("a", "input", 8, 3, 1, 1, 3));
        String b = t.op("Relu", t.conv("b", "input", 8, 3, 1, 6));
        String d = t.conv("d", t.concat(a, b), 8, 1, 1);
        Path model = t.output(d).write(dir.resolve("two.onnx"));
        ChannelGraph cg = new ChannelGraph(t.build().getGraph(), true, Set.of());
        List<String> groups = Group.of(cg).stream().map(Group::name).toList();
        assertThat(groups).containsExactly("a", "b", "d");
        Path out = dir.resolve("two-pruned.onnx");
        PruningReport r = prune(model, out, Map.of("a", 0.25, "b", 0.125));
        assertThat(r.groups()).extracting(GroupDecision::name, GroupDecision::channelsAfter)
                .contains(org.assertj.core.groups.Tuple.tuple("a", 6), org.assertj.core.groups.Tuple.tuple("b", 7));
        assertThat(weightOf(out, "d").getDims(1)).isEqualTo(13);
        Map<String, Set<Integer>> zero = new HashMap<>(Map.of("a", Set.of(1, 3), "b", Set.of(6)));
        assertSameOutputs(out, Runs.zeroFilters(model, zero, dir.resolve("two-ref.onnx")));
    }

    @Test
    void splitOffsetsFollowRepeatedPruning() throws Exception {
        TestGraph t = new TestGraph(3, 16);
        String a = t.op("Relu", t.conv("a", "input", 16, 3, 1, 1, 9, 12, 14));
        String[] s = t.split(a, 8, 8);
        String b = t.conv("b", s[0], 4, 1, 1);
        String c = t.conv("c", s[1], 4, 3, 1);
        Path model = t.output(b).output(c).write(dir.resolve("split.onnx"));
        Path once = dir.resolve("split-1.onnx");
        prune(model, once, Map.of("a", 0.125));
        Path twice = dir.resolve("split-2.onnx");
        prune(once, twice, Map.of("a", 2.0 / 14));
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(twice));
        NodeProto split = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Split")).findFirst()
                .orElseThrow();
        TensorProto sizes = m.getGraph().getInitializerList().stream()
                .filter(i -> i.getName().equals(split.getInput(1))).findFirst().orElseThrow();
        assertThat(OnnxGraphTools.longs(sizes)).containsExactly(7, 5);
        assertThat(weightOf(twice, "b").getDims(1)).isEqualTo(7);
        assertThat(weightOf(twice, "c").getDims(1)).isEqualTo(5);
        assertSameOutputs(twice, Runs.zeroFilters(model, Map.of("a", Set.of(1, 9, 12, 14)),
                dir.resolve("split-ref.onnx")));
    }

    @Test
    void yoloV8C2fChunkCouplesTheSplitHalfWithTheBottleneck() throws Exception {
        TestGraph t = new TestGraph(3, 16);
        String cv1 = t.silu(t.conv("cv1", "input", 16, 3, 1, 2, 10));
        String[] y = t.split(cv1, 8, 8);
        String m1 = t.silu(t.conv("m_a", y[1], 8, 3, 1, 3));
        String m2 = t.silu(t.conv("m_b", m1, 8, 3, 1, 2));
        String y2 = t.op("Add", y[1], m2);
        String cv2 = t.silu(t.conv("cv2", t.concat(y[0], y[1], y2), 16, 1, 1));
        Path model = t.output(cv2).write(dir.resolve("c2f.onnx"));
        Path out = dir.resolve("c2f-pruned.onnx");
        PruningReport r = prune(model, out, Map.of("cv1", 0.125, "m_a", 0.125));
        GroupDecision coupled = r.groups().stream().filter(g -> g.name().equals("cv1")).findFirst().orElseThrow();
        assertThat(coupled.producers()).containsExactly("cv1", "m_b");
        assertThat(coupled.channelsBefore()).isEqualTo(16);
        assertThat(coupled.channelsAfter()).isEqualTo(14);
        assertThat(weightOf(out, "m_b").getDims(0)).isEqualTo(7);
        assertThat(weightOf(out, "cv2").getDims(1)).isEqualTo(24 - 3); // y0 lost 1, y1 and y2 lost 1 each
        assertSameOutputs(out, Runs.zeroFilters(model, Map.of("cv1", Set.of(2, 10), "m_b", Set.of(2),
                "m_a", Set.of(3)), dir.resolve("c2f-ref.onnx")));
    }

    @Test
    void depthwiseIsTiedAndResidualAddCouplesItsInputs() throws Exception {
        TestGraph t = new TestGraph(3, 16);
        String x = t.conv("a", "input", 8, 3, 1, 4);
        String h = t.op("Relu", t.conv("e", t.op("Relu", x), 16, 1, 1, 5));
        String d = t.op("Relu", t.depthwise("dw", h));
        String p = t.conv("p", d, 8, 1, 1, 4);
        String o = t.conv("o", t.op("Add", x, p), 4, 1, 1);
        Path model = t.output(o).write(dir.resolve("ir.onnx"));
        Path out = dir.resolve("ir-pruned.onnx");
        prune(model, out, Map.of("a", 0.125, "e", 1.0 / 16));
        assertThat(weightOf(out, "dw").getDims(0)).isEqualTo(15);
        assertThat(weightOf(out, "p").getDims(0)).isEqualTo(7);
        assertThat(weightOf(out, "p").getDims(1)).isEqualTo(15);
        assertSameOutputs(out, Runs.zeroFilters(model, Map.of("a", Set.of(4), "p", Set.of(4), "e", Set.of(5)),
                dir.resolve("ir-ref.onnx")));
    }

    @Test
    void channelPaddingByConcatOfZerosKeepsThePadAndPrunesTheRest() throws Exception {
        // BlazeFace's residual with more output channels: Add(conv(x), Concat(x, zeros)); the zero channels are
        // kept, x's channel 1 goes together with the conv's output channel 1 that is added to it
        TestGraph t = new TestGraph(3, 16);
        String x = t.op("Relu", t.conv("a", "input", 4, 3, 1, 1));
        String padded = t.concat(x, t.zeros(1, 4, 16, 16));
        String sum = t.op("Add", t.conv("b", x, 8, 3, 1, 1), padded);
        Path model = t.output(t.conv("c", t.op("Relu", sum), 2, 1, 1)).write(dir.resolve("pad.onnx"));
        Path out = dir.resolve("pad-pruned.onnx");
        PruningReport r = prune(model, out, Map.of("a", 0.125));
        assertThat(r.leftWhole()).anySatisfy(l -> assertThat(l.opType()).isEqualTo("ConstantOfShape"));
        assertThat(weightOf(out, "a").getDims(0)).isEqualTo(3);
        assertThat(weightOf(out, "b").getDims(0)).isEqualTo(7);
        assertThat(weightOf(out, "c").getDims(1)).isEqualTo(7);
        assertSameOutputs(out, Runs.zeroFilters(model, Map.of("a", Set.of(1), "b", Set.of(1)),
                dir.resolve("pad-ref.onnx")));
    }

    @Test
    void weightsInConstantNodesArePrunedAsInitializersAre() throws Exception {
        // Paddle2ONNX writes every weight as a Constant node (PP-OCR's detectors)
        TestGraph t = new TestGraph(3, 16);
        String a = t.op("Relu", t.conv("a", "input", 8, 3, 1, 2, 5));
        Path model = t.output(t.conv("c", a, 4, 1, 1)).write(dir.resolve("init.onnx"));
        ModelProto m = t.build();
        ModelProto.Builder b = m.toBuilder();
        b.getGraphBuilder().clearInitializer().clearNode();
        for (TensorProto w : m.getGraph().getInitializerList()) {
            b.getGraphBuilder().addNode(NodeProto.newBuilder().setOpType("Constant").setName("const_" + w.getName())
                    .addOutput(w.getName()).addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                            .setName("value").setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.TENSOR)
                            .setT(w)));
        }
        b.getGraphBuilder().addAllNode(m.getGraph().getNodeList());
        Path constants = dir.resolve("constants.onnx");
        Files.write(constants, b.build().toByteArray());
        Path out = dir.resolve("constants-pruned.onnx");
        prune(constants, out, Map.of("a", 0.25));
        assertThat(weightOf(out, "a").getDims(0)).isEqualTo(6);
        assertSameOutputs(out, Runs.zeroFilters(model, Map.of("a", Set.of(2, 5)), dir.resolve("init-ref.onnx")));
    }

    @Test
    void flattenAfterGlobalPoolIntoGemmIsFollowed() throws Exception {
        TestGraph t = new TestGraph(3, 16);
        String a = t.op("Relu", t.conv("a", "input", 8, 3, 2, 0, 1));
        Path model = t.output(t.classifier(a, 5), 2).write(dir.resolve("cls.onnx"));
        Path out = dir.resolve("cls-pruned.onnx");
        prune(model, out, Map.of("a", 0.25));
        assertSameOutputs(out, Runs.zeroFilters(model, Map.of("a", Set.of(0, 1)), dir.resolve("cls-ref.onnx")));
    }

    @Test
    void batchNormScaleRanksAndBatchNormIsSliced() throws Exception {
        TestGraph t = new TestGraph(3, 16);
        String a = t.op("Relu", t.batchNorm("bn", t.conv("a", "input", 8, 3, 1), 2, 6));
        String b = t.conv("b", a, 4, 1, 1);
        Path model = t.output(b).write(dir.resolve("bn.onnx"));
        Path out = dir.resolve("bn-pruned.onnx");
        new OnnxPruner().prune(model, out, PruningConfig.builder().optRatio(0.25).optScope(RatioScope.PER_LAYER)
                .optImportance(io.edgecv.prune.Importance.BN_SCALE).optRoundTo(1).optRecovery(false).build());
        assertThat(weightOf(out, "a").getDims(0)).isEqualTo(6);
        // the reference: BatchNorm channels 2 and 6 output exactly zero
        assertSameOutputs(out, Runs.zeroFilters(model, Map.of("bn", Set.of(2, 6)), dir.resolve("bn-ref.onnx")));
    }

    @Test
    void iterativeStepsReachTheRatio() throws Exception {
        Path model = YoloV8ShapedTest.build().write(dir.resolve("y.onnx"));
        Path out = dir.resolve("y-steps.onnx");
        PruningReport r = new OnnxPruner().prune(model, out, PruningConfig.builder().optRatio(0.36)
                .optScope(RatioScope.PER_LAYER).optSteps(2).optRoundTo(1).optRecovery(false).build());
        assertThat(Runs.shapes(out)).isDeepEqualTo(Runs.shapes(model));
        GroupDecision stem = r.groups().stream().filter(g -> g.name().equals("stem")).findFirst().orElseThrow();
        assertThat(stem.channelsBefore()).isEqualTo(8);
        assertThat(stem.channelsAfter()).isEqualTo(5); // 8 x 0.8 = 6.4 -> 6, then 6 x 0.8 = 4.8 -> 5
    }

    @Test
    void theKeptChannelsAreRecordedAsIndicesOfTheOriginalOverSteps() throws Exception {
        TestGraph t = new TestGraph(3, 16);
        String conv = t.conv("a", "input", 8, 3, 1, 1, 3, 6);
        String relu = t.op("Relu", conv);
        Path model = t.output(t.conv("b", relu, 4, 1, 1), 2).write(dir.resolve("kept.onnx"));
        Path out = dir.resolve("kept-pruned.onnx");
        new OnnxPruner().prune(model, out, PruningConfig.builder().optRatio(0.5).optScope(RatioScope.PER_LAYER)
                .optSteps(2).optRoundTo(1).optRecovery(false).build());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
        PrunedChannels rec = PrunedChannels.parse(m.getMetadataPropsList().stream()
                .filter(e -> e.getKey().equals(PrunedChannels.METADATA_KEY)).findFirst().orElseThrow().getValue());
        int[] kept = rec.kept(conv).orElseThrow();
        assertThat(rec.kept(relu)).hasValueSatisfying(k -> assertThat(k).containsExactly(kept));
        assertThat(kept).doesNotContain(1, 3, 6).hasSize((int) weightOf(out, "a").getDims(0));
        // the pruned filter i is the original filter kept[i], over both steps
        float[] before = floats(weightOf(model, "a"));
        float[] after = floats(weightOf(out, "a"));
        int per = before.length / 8;
        for (int i = 0; i < kept.length; i++) {
            for (int j = 0; j < per; j++) {
                assertThat(after[i * per + j]).as("filter %d, weight %d", i, j).isEqualTo(before[kept[i] * per + j]);
            }
        }
    }

    private static float[] floats(TensorProto t) {
        if (t.getFloatDataCount() > 0) {
            float[] v = new float[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
            return v;
        }
        java.nio.FloatBuffer b = java.nio.ByteBuffer.wrap(t.getRawData().toByteArray())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return v;
    }

    @Test
    void unsupportedPatternIsRefusedWithTheNodeName() throws Exception {
        TestGraph t = new TestGraph(3, 8);
        String a = t.conv("a", "input", 8, 3, 1);
        String flat = t.op("Flatten", a); // channels mixed with positions: not followed
        Path model = t.output(flat, 2).write(dir.resolve("flat.onnx"));
        assertThatThrownBy(() -> new OnnxPruner().prune(model, dir.resolve("x.onnx"), PruningConfig.builder()
                .optRecovery(false).build()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining(flat);
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }

    @Test
    void channelsRoundToAMultipleAndNeverReachZero() throws Exception {
        TestGraph t = new TestGraph(3, 8);
        String a = t.op("Relu", t.conv("a", "input", 20, 3, 1));
        String b = t.op("Relu", t.conv("b", a, 2, 3, 1));
        String c = t.conv("c", b, 4, 1, 1);
        Path model = t.output(c).write(dir.resolve("round.onnx"));
        Path out = dir.resolve("round-pruned.onnx");
        new OnnxPruner().prune(model, out, PruningConfig.builder().optRatio(0.3).optScope(RatioScope.PER_LAYER)
                .optRoundTo(8).optRecovery(false).build());
        assertThat(weightOf(out, "a").getDims(0)).isEqualTo(16); // 20 x 0.7 = 14, rounded to 16
        Path tiny = dir.resolve("tiny-pruned.onnx");
        new OnnxPruner().prune(model, tiny, PruningConfig.builder().optRatio(0.9).optScope(RatioScope.PER_LAYER)
                .optRoundTo(1).optRecovery(false).build());
        assertThat(weightOf(tiny, "a").getDims(0)).isEqualTo(2);
        assertThat(weightOf(tiny, "b").getDims(0)).isEqualTo(1);
    }
}
