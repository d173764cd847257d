package io.edgecv.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Compares libtorch's gradients of L = sum over outputs of (output * R) (R fixed, random) with central finite
 * differences, in double precision: initialisers are rewritten as float64 tensors, so the perturbation is exact.
 */
final class GradientCheck {
    static final double EPS = 1e-6;

    private final ModelProto model;
    private final Map<String, double[]> inputs;
    private final Map<String, long[]> shapes;
    private final boolean training;
    private Map<String, double[]> weights;

    GradientCheck(ModelProto floatModel, Map<String, double[]> inputs, Map<String, long[]> shapes,
            boolean training) {
        this.model = toDouble(floatModel);
        this.inputs = inputs;
        this.shapes = shapes;
        this.training = training;
    }

    private static ModelProto toDouble(ModelProto m) {
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int k = 0; k < g.getInitializerCount(); k++) {
            TensorProto t = g.getInitializer(k);
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                ByteBuffer src = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                int n = t.getRawData().size() / 4;
                ByteBuffer dst = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    dst.putDouble(i * 8, src.getFloat(i * 4));
                }
                g.setInitializer(k, t.toBuilder().setDataType(TensorProto.DataType.DOUBLE_VALUE)
                        .setRawData(ByteString.copyFrom(dst.array())));
            }
        }
        return m.toBuilder().setGraph(g).build();
    }

    private static ModelProto perturb(ModelProto m, String name, int index, double delta) {
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int k = 0; k < g.getInitializerCount(); k++) {
            TensorProto t = g.getInitializer(k);
            if (t.getName().equals(name)) {
                ByteBuffer b = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                b.putDouble(index * 8, b.getDouble(index * 8) + delta);
                g.setInitializer(k, t.toBuilder().setRawData(ByteString.copyFrom(b.array())));
            }
        }
        return m.toBuilder().setGraph(g).build();
    }

    /** @return the largest |analytic - numeric| over every parameter and input element, relative to max(1, |g|) */
    double maxError() {
        double worst = 0;
        Map<String, double[]> analytic = new LinkedHashMap<>();
        Map<String, double[]> r = new LinkedHashMap<>();
        try (OnnxTrainingGraph g = graph(model)) {
            g.setTraining(training);
            try (NDManager step = g.manager().newSubManager();
                    GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                Map<String, NDArray> in = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> e : inputs.entrySet()) {
                    NDArray x = step.create(e.getValue(), new Shape(shapes.get(e.getKey())));
                    x.setRequiresGradient(true);
                    in.put(e.getKey(), x);
                }
                Map<String, NDArray> out = g.forward(step, in);
                Random random = new Random(7);
                NDArray loss = null;
                for (Map.Entry<String, NDArray> e : out.entrySet()) {
                    double[] w = new double[(int) e.getValue().getShape().size()];
                    for (int k = 0; k < w.length; k++) {
                        w[k] = random.nextGaussian();
                    }
                    r.put(e.getKey(), w);
                    NDArray term = e.getValue().mul(step.create(w, e.getValue().getShape())).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
                for (Map.Entry<String, NDArray> e : g.parameters().entrySet()) {
                    analytic.put("param " + e.getKey(), e.getValue().getGradient().toDoubleArray());
                }
                for (Map.Entry<String, NDArray> e : in.entrySet()) {
                    analytic.put("input " + e.getKey(), e.getValue().getGradient().toDoubleArray());
                }
            }
            weights = r;
            for (String p : g.parameters().keySet()) {
                worst = Math.max(worst, compare(analytic.get("param " + p), k -> loss(perturb(model, p, k, EPS),
                        inputs) - loss(perturb(model, p, k, -EPS), inputs)));
            }
        }
        for (String name : inputs.keySet()) {
            worst = Math.max(worst, compare(analytic.get("input " + name), k -> loss(model, shifted(name, k, EPS))
                    - loss(model, shifted(name, k, -EPS))));
        }
        return worst;
    }

    private interface Difference {
        double at(int k);
    }

    /** Checks at most this many elements of each tensor (spread evenly), to keep the test fast. */
    static final int SAMPLES = 16;

    private static double compare(double[] analytic, Difference twiceEps) {
        double scale = 1;
        double worst = 0;
        int stride = Math.max(1, (analytic.length + SAMPLES - 1) / SAMPLES);
        for (int k = 0; k < analytic.length; k += stride) {
            double numeric = twiceEps.at(k) / (2 * EPS);
            scale = Math.max(scale, Math.abs(numeric));
            worst = Math.max(worst, Math.abs(analytic[k] - numeric));
        }
        return worst / scale;
    }

    private Map<String, double[]> shifted(String name, int index, double delta) {
        Map<String, double[]> copy = new LinkedHashMap<>(inputs);
        double[] v = inputs.get(name).clone();
        v[index] += delta;
        copy.put(name, v);
        return copy;
    }

    private OnnxTrainingGraph graph(ModelProto m) {
        return OnnxTrainingGraph.builder().setModel(m).optFloatType(DataType.FLOAT64).build();
    }

    private double loss(ModelProto m, Map<String, double[]> in) {
        try (OnnxTrainingGraph g = graph(m)) {
            g.setTraining(training);
            try (NDManager step = g.manager().newSubManager()) {
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> e : in.entrySet()) {
                    arrays.put(e.getKey(), step.create(e.getValue(), new Shape(shapes.get(e.getKey()))));
                }
                double sum = 0;
                for (Map.Entry<String, NDArray> e : g.forward(step, arrays).entrySet()) {
                    double[] y = e.getValue().toDoubleArray();
                    double[] w = weights.get(e.getKey());
                    for (int k = 0; k < y.length; k++) {
                        sum += y[k] * w[k];
                    }
                }
                return sum;
            }
        }
    }
}
