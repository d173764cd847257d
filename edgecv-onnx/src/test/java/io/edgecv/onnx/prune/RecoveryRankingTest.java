package io.edgecv.onnx.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.onnx.ToolFixtures;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.prune.GroupDecision;
import io.edgecv.prune.Importance;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningReport;
import java.nio.file.Path;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two levers that made 20% of the SSD reachable, each on a case whose right answer is known by construction: the
 * refit's ridge pulls towards the layer's own weights (an input the calibration never excites keeps its weights, the
 * rest is fitted exactly), and the sensitivity pass ranks groups by their effect on the model's final outputs (a
 * branch the model amplifies 10,000 times keeps its channels, although its weak filters cost least at its own
 * consumer).
 */
class RecoveryRankingTest {
    @TempDir
    Path dir;

    @Test
    void ridgeKeepsTheWeightsOfInputsTheCalibrationNeverExcitesAndFitsTheRest() {
        Random r = new Random(7);
        int n = 200;
        int k = 4; // inputs x0, x1, x2 (always 0 on the calibration data), and the constant 1
        double[][] wTrue = {{0.5, -1.0}, {2.0, 0.25}, {9.0, 9.0}};
        double[] bTrue = {0.3, -0.7};
        DMatrixRMaj x = new DMatrixRMaj(n, k);
        DMatrixRMaj y = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            x.set(i, 0, r.nextGaussian());
            x.set(i, 1, r.nextGaussian());
            x.set(i, 3, 1);
            for (int o = 0; o < 2; o++) {
                y.set(i, o, x.get(i, 0) * wTrue[0][o] + x.get(i, 1) * wTrue[1][o] + bTrue[o]);
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(k, k);
        DMatrixRMaj bt = new DMatrixRMaj(k, 2);
        CommonOps_DDRM.multTransA(x, x, a);
        CommonOps_DDRM.multTransA(x, y, bt);
        DMatrixRMaj theta0 = new DMatrixRMaj(new double[][] {{0, 0}, {0, 0}, {0.7, -0.3}, {0, 0}});

        DMatrixRMaj fit = Refitter.ridgeTowards(a, bt, theta0, 1e-6 * n);

        for (int o = 0; o < 2; o++) {
            assertThat(fit.get(0, o)).isCloseTo(wTrue[0][o], within(1e-5));
            assertThat(fit.get(1, o)).isCloseTo(wTrue[1][o], within(1e-5));
            assertThat(fit.get(3, o)).isCloseTo(bTrue[o], within(1e-5));
        }
        // a ridge towards zero would set these to 0: a class the calibration never shows would be forgotten
        assertThat(fit.get(2, 0)).isCloseTo(0.7, within(1e-12));
        assertThat(fit.get(2, 1)).isCloseTo(-0.3, within(1e-12));
    }

    @Test
    void sensitivityPassKeepsTheBranchTheOutputsAmplify() throws Exception {
        // out = c(a(x)) + 10000 * d(b(x)); b's filters 0-3 are weak: at d, removing them costs least, but the
        // model's output is b's branch, and a's channels change it 10^4 times less
        TestGraph t = new TestGraph(3, 16);
        String a = t.op("Relu", t.conv("a", "input", 8, 1, 1));
        String b = t.op("Relu", t.conv("b", "input", 8, 1, 1, 0, 1, 2, 3));
        String c = t.conv("c", a, 4, 1, 1);
        String d = t.op("Mul", t.conv("d", b, 4, 1, 1), t.scalar("gain", 1e4f));
        Path model = t.output(t.op("Add", c, d)).write(dir.resolve("branches.onnx"));

        assertThat(channelsAfter(model, 0, "b")).as("ranked at the consumers only").isLessThan(8);
        assertThat(channelsAfter(model, 4, "b")).as("ranked by the final outputs").isEqualTo(8);
        assertThat(channelsAfter(model, 4, "a")).isEqualTo(4);
    }

    private int channelsAfter(Path model, int sensitivityImages, String group) throws Exception {
        PruningReport r = new OnnxPruner().prune(model, dir.resolve("out-" + sensitivityImages + ".onnx"),
                PruningConfig.builder().optRatio(0.25).optImportance(Importance.ACTIVATION).optRoundTo(1)
                        .optRecovery(false).optSensitivityImages(sensitivityImages)
                        .optCalibrationImages(ToolFixtures.calibration().subList(0, 4))
                        .optPreprocessing(Preprocessing.builder().setSize(16, 16).optLayout(TensorLayout.NCHW)
                                .optNormalize(127.5f, 127.5f).build())
                        .optThreads(1).build());
        return r.groups().stream().filter(g -> g.name().equals(group)).mapToInt(GroupDecision::channelsAfter)
                .findFirst().orElseThrow();
    }
}
