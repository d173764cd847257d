package io.edgecv.onnx.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.onnx.ToolFixtures;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.prune.GroupDecision;
import io.edgecv.prune.Importance;
import io.edgecv.prune.LeftWhole;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A YOLOv8-shaped detector built here with random weights (no YOLO weights can be had): SiLU convolutions, C2f
 * blocks (Split, bottlenecks with residual Add, Concat), SPPF (three MaxPools and a Concat), an Upsample (Resize)
 * and a Concat with an earlier feature map, and two detection heads whose box and class convolutions are
 * concatenated, reshaped and concatenated into one output, as Ultralytics exports them.
 */
class YoloV8ShapedTest {
    @TempDir
    Path dir;

    private static String c2f(TestGraph t, String name, String x, int c) {
        int h = c / 2;
        String cv1 = t.silu(t.conv(name + "_cv1", x, c, 1, 1));
        String[] y = t.split(cv1, h, h);
        String m = t.silu(t.conv(name + "_m_cv1", y[1], h, 3, 1));
        m = t.silu(t.conv(name + "_m_cv2", m, h, 3, 1));
        String y2 = t.op("Add", y[1], m);
        return t.silu(t.conv(name + "_cv2", t.concat(y[0], y[1], y2), c, 1, 1));
    }

    private static String head(TestGraph t, String name, String x) {
        String box = t.conv(name + "_box", t.silu(t.conv(name + "_box0", x, 16, 3, 1)), 8, 1, 1);
        String cls = t.conv(name + "_cls", t.silu(t.conv(name + "_cls0", x, 16, 3, 1)), 3, 1, 1);
        return t.reshape(t.concat(box, cls), 1, 11, -1);
    }

    static TestGraph build() {
        TestGraph t = new TestGraph(3, 64);
        String x = t.silu(t.conv("stem", "input", 8, 3, 2));
        x = t.silu(t.conv("down1", x, 16, 3, 2));
        String p3 = c2f(t, "c2f1", x, 16);
        x = t.silu(t.conv("down2", p3, 32, 3, 2));
        x = c2f(t, "c2f2", x, 32);
        String s = t.silu(t.conv("sppf_cv1", x, 16, 1, 1));
        String m1 = t.maxPool(s, 5);
        String m2 = t.maxPool(m1, 5);
        String m3 = t.maxPool(m2, 5);
        String sppf = t.silu(t.conv("sppf_cv2", t.concat(s, m1, m2, m3), 32, 1, 1));
        String up = t.upsample(sppf);
        String n3 = c2f(t, "c2f3", t.concat(up, p3), 16);
        String out = t.concatOn(2, head(t, "p3", n3), head(t, "p4", sppf));
        return t.output(t.op("Identity", out), 3);
    }

    @Test
    void prunesToAValidModelWithTheSameOutputShapes() throws Exception {
        Path model = build().write(dir.resolve("yolov8-shaped.onnx"));
        Path out = dir.resolve("yolov8-pruned.onnx");
        PruningReport r = new OnnxPruner().prune(model, out, PruningConfig.builder().optRatio(0.3).optRoundTo(4)
                .optRecovery(false).optThreads(1).build());
        assertThat(Runs.shapes(out)).isDeepEqualTo(Runs.shapes(model));
        assertThat(Runs.shapes(out)[0]).containsExactly(1, 11, 16 * 16 + 8 * 8);
        for (String level : new String[] {"none", "basic", "extended", "all"}) {
            assertThat(Runs.outputs(out, level)[0]).hasSize(11 * 320);
        }
        assertThat(r.macsAfter()).isLessThan(r.macsBefore());
        assertThat(r.groups()).anySatisfy(g -> assertThat(g.producers()).contains("c2f1_cv1", "c2f1_m_cv2"));
        assertThat(r.groups()).filteredOn(g -> g.channelsAfter() < g.channelsBefore())
                .allSatisfy(g -> assertThat(g.channelsAfter() % 4).isZero());
        assertThat(r.groups()).extracting(GroupDecision::channelsAfter).allSatisfy(c -> assertThat(c).isPositive());
        assertThat(r.leftWhole()).extracting(LeftWhole::node).contains("p3_box", "p3_cls", "p4_box", "p4_cls");
        Assumptions.assumeTrue(Runs.hasOnnxChecker(), "python3 has no onnx package: apt-get install python3-onnx"
                + " to run ONNX's own checker");
        assertThat(Runs.onnxChecker(out)).isNull();
    }

    @Test
    void prunesWithTheSensitivityPassAndRefitsThroughSplitAndConcat() throws Exception {
        Path model = build().write(dir.resolve("yolov8-shaped.onnx"));
        Path out = dir.resolve("yolov8-refit.onnx");
        PruningReport r = new OnnxPruner().prune(model, out, PruningConfig.builder().optRatio(0.3).optRoundTo(4)
                .optImportance(Importance.ACTIVATION).optSensitivityImages(2).optSamplesPerImage(64)
                .optCalibrationImages(ToolFixtures.calibration().subList(0, 3))
                .optPreprocessing(Preprocessing.builder().setSize(64, 64).optLayout(TensorLayout.NCHW)
                        .optNormalize(127.5f, 127.5f).build()).optThreads(1).build());
        assertThat(Runs.shapes(out)).isDeepEqualTo(Runs.shapes(model));
        assertThat(r.macsAfter()).isLessThan(r.macsBefore());
        List<GroupDecision> refitted = r.groups().stream().filter(g -> !Double.isNaN(g.errorAfterRefit())).toList();
        assertThat(refitted).isNotEmpty().allSatisfy(g -> assertThat(g.errorAfterRefit())
                .isLessThanOrEqualTo(g.errorBeforeRefit()));
    }
}
