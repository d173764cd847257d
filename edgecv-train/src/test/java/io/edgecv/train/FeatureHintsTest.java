package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.edgecv.prune.Importance;
import io.edgecv.prune.PrunedChannels;
import io.edgecv.prune.Pruners;
import io.edgecv.prune.PruningConfig;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature hints between real models: a student pruned from the teacher shares the feature maps the pruner left
 * whole (and only those), the teacher against itself has no feature loss, a damaged student has one whose
 * gradient reaches the damaged weights, and unrelated graphs share nothing.
 */
class FeatureHintsTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FeatureHintsTest.class);
    @BeforeAll
    static void fixtures() {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
    }

    private static ModelProto teacher() throws Exception {
        return ModelProto.parseFrom(Files.readAllBytes(Fixtures.model(Fixtures.SSD_ONNX)));
    }

    @Test
    void aPrunedStudentIsHintedOnWholeMapsAndOnTheKeptChannelsOfPrunedOnes(@TempDir Path dir) throws Exception {
        Path pruned = dir.resolve("pruned.onnx");
        Pruners.forModel(Fixtures.model(Fixtures.SSD_ONNX)).prune(Fixtures.model(Fixtures.SSD_ONNX), pruned,
                PruningConfig.builder().optRatio(0.3).optImportance(Importance.L1).optRecovery(false)
                        .optSensitivityImages(0).build());
        ModelProto student = ModelProto.parseFrom(Files.readAllBytes(pruned));
        PrunedChannels recorded = PrunedChannels.parse(student.getMetadataPropsList().stream()
                .filter(e -> e.getKey().equals(PrunedChannels.METADATA_KEY)).findFirst().orElseThrow().getValue());
        List<String> why = new ArrayList<>();
        try (OnnxTrainingGraph s = OnnxTrainingGraph.builder().setModel(student).build();
             OnnxTrainingGraph t = OnnxTrainingGraph.builder().setModel(teacher()).build();
             FeatureHints h = FeatureHints.match(teacher(), s, student, "normalized_input_image_tensor",
                     new Shape(1, 300, 300, 3), why);
             NDManager scope = s.manager().newSubManager()) {
            assertThat(h).as("hints (%s)", why).isNotNull();
            LOG.info("{}; {} recorded", h, recorded);
            assertThat(h.prunedCount()).as("pruned maps hinted on their kept channels").isGreaterThan(30);
            assertThat(h.names().size() - h.prunedCount()).as("maps left whole").isGreaterThan(5);
            NDArray image = Students.inputOf(scope, Fixtures.image("dog.jpg"), student);
            Map<String, NDArray> sOut = s.forward(scope, Map.of("normalized_input_image_tensor", image), h.names());
            Map<String, NDArray> tOut = t.forward(scope, Map.of("normalized_input_image_tensor", image), h.names());
            // without refits, a pruned map whose input was left whole is exactly the teacher's kept channels: the
            // recorded indices must find them (wrong indices would differ everywhere)
            double best = Double.MAX_VALUE;
            for (String name : h.names()) {
                if (recorded.kept(name).isPresent()) {
                    float[] sv = sOut.get(name).toFloatArray();
                    int[] kept = recorded.kept(name).get();
                    long[] ts = tOut.get(name).getShape().getShape();
                    float[] tv = tOut.get(name).toFloatArray();
                    long plane = ts[2] * ts[3];
                    double err = 0;
                    for (int c = 0; c < kept.length; c++) {
                        for (int p = 0; p < plane; p++) {
                            err = Math.max(err, Math.abs(sv[(int) (c * plane + p)] - tv[(int) (kept[c] * plane + p)]));
                        }
                    }
                    best = Math.min(best, err);
                }
            }
            assertThat(best).as("the closest pruned map against the teacher's kept channels").isLessThan(1e-4);
            assertThat(h.loss(scope, image, sOut).getFloat()).as("a pruned student's feature loss").isPositive();
        }
    }

    @Test
    void theTeacherHasNoFeatureLossAndADamagedStudentsLossReachesTheDamage() throws Exception {
        ModelProto damaged = Students.damagedHeads(0.5f);
        List<String> why = new ArrayList<>();
        for (ModelProto student : List.of(teacher(), damaged)) {
            try (OnnxTrainingGraph s = OnnxTrainingGraph.builder().setModel(student).build();
                 FeatureHints h = FeatureHints.match(teacher(), s, student, "normalized_input_image_tensor",
                         new Shape(1, 300, 300, 3), why);
                 NDManager scope = s.manager().newSubManager();
                 GradientCollector gc = Libtorch.engine().newGradientCollector()) {
                assertThat(h).as("hints (%s)", why).isNotNull();
                NDArray image = Students.inputOf(scope, Fixtures.image("dog.jpg"), student);
                Map<String, NDArray> out = s.forward(scope, Map.of("normalized_input_image_tensor", image),
                        h.names());
                NDArray loss = h.loss(scope, image, out);
                if (student == damaged) {
                    assertThat(loss.getFloat()).as("the damaged heads' feature loss").isGreaterThan(0.01f);
                    gc.backward(loss);
                    NDArray g = s.parameters().get(firstHeadWeight(s)).getGradient();
                    assertThat(g.abs().sum().getFloat()).as("gradient on a damaged head weight").isPositive();
                } else {
                    assertThat(loss.getFloat()).as("the teacher against itself").isZero();
                }
            }
        }
    }

    @Test
    void hintsAloneTeachADamagedHead() throws Exception {
        ModelProto damaged = Students.damagedHeads(0.1f);
        List<String> why = new ArrayList<>();
        try (OnnxTrainingGraph s = OnnxTrainingGraph.builder().setModel(damaged)
                .optFrozen(DistillerTest.HEADS_ONLY).build();
             FeatureHints h = FeatureHints.match(teacher(), s, damaged, "normalized_input_image_tensor",
                     new Shape(1, 300, 300, 3), why);
             StudentOptimizer adam = StudentOptimizer.builder().setTotalSteps(24).optLearningRate(1e-2f).build()) {
            double first = 0;
            double last = 0;
            for (int step = 0; step < 24; step++) {
                try (NDManager scope = s.manager().newSubManager();
                     GradientCollector gc = Libtorch.engine().newGradientCollector()) {
                    NDArray image = Students.inputOf(scope, Fixtures.image("dog.jpg"), damaged);
                    NDArray loss = h.loss(scope, image, s.forward(scope, Map.of("normalized_input_image_tensor",
                            image), h.names()));
                    last = loss.getFloat();
                    first = step == 0 ? last : first;
                    gc.backward(loss);
                }
                adam.step(s);
            }
            LOG.info("feature loss of the damaged heads: {} -> {}", first, last);
            assertThat(last).as("feature loss after 24 steps on hints alone").isLessThan(first * 0.5);
        }
    }

    @Test
    void unrelatedGraphsShareNoFeatureMapAndSaySo() throws Exception {
        ModelProto student = teacher();
        ModelProto face = ModelProto.parseFrom(Files.readAllBytes(Fixtures.model(Fixtures.FACE_FRONT_ONNX)));
        List<String> why = new ArrayList<>();
        try (OnnxTrainingGraph s = OnnxTrainingGraph.builder().setModel(student).build()) {
            FeatureHints h = FeatureHints.match(face, s, student, "normalized_input_image_tensor",
                    new Shape(1, 300, 300, 3), why);
            assertThat(h).isNull();
            assertThat(why).singleElement().asString().contains("no node output of the student");
        }
    }

    private static String firstHeadWeight(OnnxTrainingGraph g) {
        return g.parameters().keySet().stream().filter(n -> n.startsWith("BoxPredictor_")).findFirst().orElseThrow();
    }
}
