package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a model through ONNX Runtime up to some of its intermediate tensors: a copy of the graph cut down to the
 * nodes those tensors need, with them as its only outputs, fed the calibration inputs one by one.
 *
 * <p>Thread-safety: not thread-safe; one session, closed by {@link #close()} (idempotent).
 */
final class TensorTap implements AutoCloseable {
    private final BackendSession session;
    private final List<String> tensors;
    private final long[] inputShape;
    private int[] index;
    private FloatBuffer[] values;
    private long[][] shapes;

    /** What a tap saw for one image. */
    interface Visitor {
        /**
         * @param image the image index
         * @param values the tapped tensors' values, in the order asked
         * @param shapes their shapes
         */
        void visit(int image, FloatBuffer[] values, long[][] shapes) throws EdgeCvException;
    }

    TensorTap(ModelProto model, List<String> tensors, long[] inputShape, int threads) throws EdgeCvException {
        this.tensors = List.copyOf(tensors);
        this.inputShape = inputShape.clone();
        GraphProto g = truncate(model.getGraph(), tensors);
        byte[] bytes = model.toBuilder().setGraph(g).build().toByteArray();
        this.session = Backends.select(ModelFormat.ONNX, "onnx").open(ModelSource.ofBytes(bytes, "pruning tap"),
                BackendOptions.of(threads, Map.of("onnx.optimization", "basic")));
    }

    /** Runs every input through the model and hands the tapped tensors to the visitor. */
    void run(CalibrationInputs inputs, Visitor visitor) throws EdgeCvException {
        for (int i = 0; i < inputs.size(); i++) {
            runOne(inputs.tensors().get(i));
            visitor.visit(i, values, shapes);
        }
    }

    /**
     * Runs one input; the tapped tensors are then in {@link #values()} and {@link #shapes()} until the next run.
     */
    void runOne(float[] input) throws EdgeCvException {
        if (index == null) {
            if (!session.inputs().get(0).isStatic()) {
                session.setInputShape(0, inputShape);
            }
            index = new int[tensors.size()];
            for (int k = 0; k < index.length; k++) {
                index[k] = -1;
                for (int o = 0; o < session.outputs().size(); o++) {
                    if (session.outputs().get(o).name().equals(tensors.get(k))) {
                        index[k] = o;
                    }
                }
                if (index[k] < 0) {
                    throw new EdgeCvException("ONNX Runtime does not expose tensor " + tensors.get(k));
                }
            }
            values = new FloatBuffer[index.length];
            shapes = new long[index.length][];
        }
        session.inputBuffer(0).duplicate().order(ByteOrder.nativeOrder()).clear().asFloatBuffer().put(input);
        session.run();
        for (int k = 0; k < index.length; k++) {
            values[k] = session.output(index[k]);
            shapes[k] = session.outputShape(index[k]);
        }
    }

    /** @return the tapped tensors of the last run, in the order asked */
    FloatBuffer[] values() {
        return values;
    }

    /** @return their shapes */
    long[][] shapes() {
        return shapes;
    }

    @Override
    public void close() {
        session.close();
    }

    /** @return the graph with only the nodes the tensors depend on, and the tensors as its outputs */
    static GraphProto truncate(GraphProto g, List<String> tensors) {
        Map<String, NodeProto> producer = new HashMap<>();
        g.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n)));
        Set<NodeProto> needed = new HashSet<>();
        List<String> todo = new ArrayList<>(tensors);
        while (!todo.isEmpty()) {
            NodeProto n = producer.get(todo.remove(todo.size() - 1));
            if (n != null && needed.add(n)) {
                todo.addAll(n.getInputList());
            }
        }
        GraphProto.Builder b = g.toBuilder().clearNode().clearOutput().clearValueInfo();
        for (NodeProto n : g.getNodeList()) {
            if (needed.contains(n)) {
                b.addNode(n);
            }
        }
        for (String t : tensors) {
            b.addOutput(ValueInfoProto.newBuilder().setName(t));
        }
        return b.build();
    }
}
