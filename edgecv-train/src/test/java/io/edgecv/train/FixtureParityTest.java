package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every fixture ONNX model on real photos: the training graph's forward pass against ONNX Runtime's. Outputs with
 * |y| up to 1278 (BlazeFace's score logits) are compared per element relative to max(1, |y|): one float32
 * ulp at 1278 is 1.2e-4, and a float64 run of the same graph is as far from ONNX Runtime (6.7e-4) as from ours.
 */
class FixtureParityTest {
    private static final Logger LOG = LoggerFactory.getLogger(FixtureParityTest.class);

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        Fixtures.SSD_ONNX + ", dog.jpg",
        Fixtures.SSD_ONNX + ", horses.jpg",
        Fixtures.FACE_FRONT_ONNX + ", grace_hopper.jpg",
        Fixtures.FACE_FRONT_ONNX + ", messi5.jpg",
        Fixtures.FACE_BACK_ONNX + ", grace_hopper.jpg",
        Fixtures.FACE_BACK_ONNX + ", person.jpg"})
    void forwardMatchesOnnxRuntimeWithin1e4(String modelName, String photo) throws Exception {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
        Path path = Fixtures.model(modelName);
        byte[] bytes = Files.readAllBytes(path);
        ModelProto model = ModelProto.parseFrom(bytes);
        try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(model).build();
                NDManager step = g.manager().newSubManager()) {
            String input = g.inputNames().get(0);
            long[] shape = inputShape(model, input);
            float[] x = Photos.nhwc(Fixtures.image(photo), (int) shape[2], (int) shape[1]);
            Map<String, float[]> ref = OrtReference.run(bytes, Map.of(input, x), Map.of(input, shape));
            Map<String, NDArray> out = g.forward(step, Map.of(input, step.create(x, new Shape(shape))));
            for (Map.Entry<String, float[]> e : ref.entrySet()) {
                double d = OrtReference.maxAbsDiff(out.get(e.getKey()).toFloatArray(), e.getValue());
                double scale = 0;
                for (float v : e.getValue()) {
                    scale = Math.max(scale, Math.abs(v));
                }
                LOG.info("parity {} on {}: output {} max|Δ| = {} (max|y| = {}, max |Δ|/max(1,|y|) = {})", modelName,
                        photo, e.getKey(), d, scale, relativeToMagnitude(out.get(e.getKey()).toFloatArray(),
                        e.getValue()));
                assertThat(relativeToMagnitude(out.get(e.getKey()).toFloatArray(), e.getValue()))
                        .as(e.getKey() + " per element, |Δ| / max(1, |y|)").isLessThanOrEqualTo(1e-4);
            }
        }
    }

    /** @return max over elements of |a - b| / max(1, |b|): 1e-4 absolute where |y| <= 1, relative above */
    static double relativeToMagnitude(float[] a, float[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            m = Math.max(m, Math.abs((double) a[k] - b[k]) / Math.max(1, Math.abs(b[k])));
        }
        return m;
    }

    static long[] inputShape(ModelProto m, String name) {
        for (ValueInfoProto v : m.getGraph().getInputList()) {
            if (v.getName().equals(name)) {
                TensorShapeProto s = v.getType().getTensorType().getShape();
                long[] d = new long[s.getDimCount()];
                for (int k = 0; k < d.length; k++) {
                    d[k] = s.getDim(k).hasDimValue() ? s.getDim(k).getDimValue() : 1;
                }
                return d;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
