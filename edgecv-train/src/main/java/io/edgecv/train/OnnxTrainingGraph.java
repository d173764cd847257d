package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An ONNX model run forward on libtorch with autograd: its floating-point initialisers are trainable parameters
 * (unless frozen), gradients flow back through every supported operator, and {@link #save(Path)} writes the
 * trained weights into a copy of the original model.
 *
 * <pre>{@code
 * try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(path).build();
 *      NDManager step = g.manager().newSubManager()) {
 *     try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
 *         NDArray out = g.forward(step, Map.of("input", x)).get("output");
 *         gc.backward(loss(out));
 *     }
 *     // read g.parameters().get(name).getGradient(), update, then g.save(Path.of("trained.onnx"))
 * }
 * }</pre>
 *
 * <p>Thread-safety: not thread-safe; one training loop uses one graph.
 */
public final class OnnxTrainingGraph implements AutoCloseable {
    private final ModelProto model;
    private final long opset;
    private final DataType floatType;
    private final NDManager manager;
    private final Map<String, NDArray> constants = new LinkedHashMap<>();
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final Set<NDArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean training;
    private boolean closed;

    private OnnxTrainingGraph(ModelProto model, DataType floatType, Pattern frozen) {
        this.model = model;
        this.floatType = floatType;
        this.opset = onnxOpset(model);
        refuseUnsupported(model.getGraph());
        Libtorch.engine();
        this.manager = NDManager.newBaseManager("PyTorch");
        try {
            for (TensorProto t : model.getGraph().getInitializerList()) {
                NDArray a = TensorIo.toNDArray(manager, t, floatType);
                owned.add(a);
                if (TensorIo.isFloat(t) && !frozen.matcher(t.getName()).matches() && !isSetting(t.getName())) {
                    a.setRequiresGradient(true);
                    parameters.put(t.getName(), a);
                } else {
                    constants.put(t.getName(), a);
                }
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return a builder; {@link Builder#setModel(Path)} is required */
    public static Builder builder() {
        return new Builder();
    }

    private static long onnxOpset(ModelProto m) {
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        throw new IllegalArgumentException("the model imports no default ONNX opset");
    }

    private static void refuseUnsupported(GraphProto g) {
        Set<String> missing = new TreeSet<>();
        for (NodeProto n : g.getNodeList()) {
            if (Operators.find(n.getDomain(), n.getOpType()) == null) {
                missing.add(n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + ":" + n.getOpType());
            }
        }
        if (!missing.isEmpty()) {
            throw new UnsupportedOperatorException(missing);
        }
    }

    /**
     * Settings are not parameters: Clip bounds, shapes, pads, scales and BatchNormalization's running statistics
     * (see {@link Operators#isSetting}).
     */
    private boolean isSetting(String name) {
        for (NodeProto n : model.getGraph().getNodeList()) {
            for (int k = 0; k < n.getInputCount(); k++) {
                if (n.getInput(k).equals(name) && Operators.isSetting(n.getOpType(), k)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs the graph. Intermediate arrays are attached to {@code scope}: close it after the backward pass.
     *
     * @param scope the manager for this step's arrays (a sub-manager of {@link #manager()})
     * @param inputs every graph input that is not an initialiser, by name, in the graph's float type
     * @return every graph output by name
     */
    public Map<String, NDArray> forward(NDManager scope, Map<String, NDArray> inputs) {
        return forward(scope, inputs, Set.of());
    }

    /**
     * Runs the graph and also returns intermediate tensors (feature distillation reads them).
     *
     * @param scope the manager for this step's arrays (a sub-manager of {@link #manager()})
     * @param inputs every graph input that is not an initialiser, by name, in the graph's float type
     * @param intermediates names of node outputs to return beside the graph outputs
     * @return every graph output and every intermediate by name
     * @throws IllegalArgumentException if an intermediate is not a node output of the graph
     */
    public Map<String, NDArray> forward(NDManager scope, Map<String, NDArray> inputs, Set<String> intermediates) {
        checkOpen();
        Map<String, NDArray> values = new LinkedHashMap<>(constants);
        values.putAll(parameters);
        for (ValueInfoProto in : model.getGraph().getInputList()) {
            if (values.containsKey(in.getName())) {
                continue;
            }
            NDArray x = inputs.get(in.getName());
            if (x == null) {
                throw new IllegalArgumentException("missing graph input '" + in.getName() + "'; given "
                        + inputs.keySet());
            }
            values.put(in.getName(), x);
        }
        for (NodeProto n : model.getGraph().getNodeList()) {
            NDArray[] args = new NDArray[n.getInputCount()];
            for (int k = 0; k < args.length; k++) {
                String name = n.getInput(k);
                if (!name.isEmpty()) {
                    args[k] = values.get(name);
                    if (args[k] == null) {
                        throw new IllegalArgumentException("node '" + n.getName() + "' reads '" + name
                                + "', which no earlier node or input makes (the graph is not topologically sorted?)");
                    }
                }
            }
            NodeContext ctx = new NodeContext(n, opset, training, scope, floatType, this::replaceConstant);
            NDArray[] outs;
            // temporaries an operator makes from parameters land in the parameters' manager: the scope releases
            // every array made inside it but the outputs (autograd keeps what it saved for backward itself)
            try (NDScope temporaries = new NDScope()) {
                outs = Operators.find(n.getDomain(), n.getOpType()).apply(ctx, args);
                NDScope.unregister(outs);
            }
            for (int k = 0; k < outs.length && k < n.getOutputCount(); k++) {
                if (!owned.contains(outs[k])) {
                    outs[k].attach(scope);
                }
                values.put(n.getOutput(k), outs[k]);
            }
        }
        Map<String, NDArray> result = new LinkedHashMap<>();
        for (ValueInfoProto out : model.getGraph().getOutputList()) {
            result.put(out.getName(), values.get(out.getName()));
        }
        for (String name : intermediates) {
            NDArray v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("'" + name + "' is not a tensor of the graph; node outputs are"
                        + " named in the ONNX file");
            }
            result.put(name, v);
        }
        return result;
    }

    private void replaceConstant(String name, NDArray value) {
        NDArray old = constants.get(name);
        NDArray fresh = value.stopGradient();
        NDScope.unregister(fresh);
        fresh.attach(manager);
        owned.add(fresh);
        constants.put(name, fresh);
        if (old != null) {
            owned.remove(old);
            old.close();
        }
    }

    /**
     * @param training {@code true}: BatchNormalization uses batch statistics and updates its running ones;
     *     {@code false} (the default): the inference form with the stored running statistics
     */
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** @return the trainable parameters by initialiser name (live arrays: update them in place) */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** @return the graph's input names that are not initialisers */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (ValueInfoProto in : model.getGraph().getInputList()) {
            if (!parameters.containsKey(in.getName()) && !constants.containsKey(in.getName())) {
                names.add(in.getName());
            }
        }
        return names;
    }

    /** @return the floating-point type parameters and inputs use */
    public DataType floatType() {
        return floatType;
    }

    /** @return the manager that owns the parameters; make per-step sub-managers from it */
    public NDManager manager() {
        checkOpen();
        return manager;
    }

    /** @return a copy of the model with the current parameter and running-statistic values */
    public ModelProto toModel() {
        checkOpen();
        GraphProto.Builder g = model.getGraph().toBuilder();
        for (int k = 0; k < g.getInitializerCount(); k++) {
            TensorProto t = g.getInitializer(k);
            NDArray now = parameters.containsKey(t.getName()) ? parameters.get(t.getName())
                    : constants.get(t.getName());
            if (TensorIo.isFloat(t) && now != null) {
                g.setInitializer(k, TensorIo.withValues(t, now));
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    /** Writes the model with the current weights; ONNX Runtime and every EdgeCV backend that reads ONNX open it. */
    public void save(Path target) throws IOException {
        Files.write(target, toModel().toByteArray());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this OnnxTrainingGraph is closed");
        }
    }

    /** Frees the native parameters; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    /**
     * Settings for {@link OnnxTrainingGraph}.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private ModelProto model;
        private DataType floatType = DataType.FLOAT32;
        private Pattern frozen = Pattern.compile("(?!)");

        private Builder() {
        }

        /** @param path an ONNX file with its weights inside (required) */
        public Builder setModel(Path path) throws IOException {
            if (path == null || !Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no ONNX file at " + path);
            }
            return setModel(ModelProto.parseFrom(Files.readAllBytes(path)));
        }

        /** @param model a parsed ONNX model (required) */
        public Builder setModel(ModelProto model) {
            if (model == null || !model.hasGraph()) {
                throw new IllegalArgumentException("the model has no graph");
            }
            this.model = model;
            return this;
        }

        /** @param frozen initialisers whose whole name matches stay constant (default: none) */
        public Builder optFrozen(Pattern frozen) {
            if (frozen == null) {
                throw new IllegalArgumentException("frozen pattern is null; omit optFrozen to train everything");
            }
            this.frozen = frozen;
            return this;
        }

        /** @param type {@link DataType#FLOAT32} (default) or {@link DataType#FLOAT64} (gradient checks) */
        public Builder optFloatType(DataType type) {
            if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
                throw new IllegalArgumentException("float type " + type + " is not float32 or float64");
            }
            this.floatType = type;
            return this;
        }

        /** @throws UnsupportedOperatorException naming every operator the graph uses that cannot run here */
        public OnnxTrainingGraph build() {
            if (model == null) {
                throw new IllegalStateException("setModel is required");
            }
            return new OnnxTrainingGraph(model, floatType, frozen);
        }
    }
}
