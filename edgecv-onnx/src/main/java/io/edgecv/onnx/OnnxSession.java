package io.edgecv.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.edgecv.BackendUnavailableException;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.AbstractBackendSession;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.FloatWidening;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session. Input tensors are created once on direct buffers that the preprocessing fills in
 * place; float outputs with static shapes are pinned to direct buffers of ours, so ONNX Runtime writes the results
 * where the decoders read them. Dynamic or non-float outputs are copied into reused float buffers after each run.
 *
 * <p>Thread-safety: not thread-safe (see {@link BackendSession}).
 */
final class OnnxSession extends AbstractBackendSession {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSession.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final long[][] inputShapes;
    private final ByteBuffer[] inputBuffers;
    private final OnnxTensor[] inputTensors;
    private final Map<String, OnnxTensor> inputMap = new HashMap<>();
    private final OnnxTensor[] pinned;
    private final ByteBuffer[] pinnedBuffers;
    private final Map<String, OnnxValue> pinnedMap = new HashMap<>();
    private final Set<String> computed = new HashSet<>();
    /** Slots 1 and up (slot 0 is the fields above); empty until {@link #openSlots} asks for more. */
    private final List<OnnxSlot> extraSlots = new ArrayList<>();

    private OnnxSession(OrtEnvironment env, OrtSession session) throws OrtException, EdgeCvException {
        super(OnnxBackendProvider.NAME, specs(session.getInputInfo()), specs(session.getOutputInfo()),
                session.getMetadata().getCustomMetadata());
        this.env = env;
        this.session = session;
        List<TensorSpec> inputs = inputs();
        List<TensorSpec> outputs = outputs();
        int ni = inputs.size();
        this.inputShapes = new long[ni][];
        this.inputBuffers = new ByteBuffer[ni];
        this.inputTensors = new OnnxTensor[ni];
        for (int i = 0; i < ni; i++) {
            TensorSpec in = inputs.get(i);
            if (in.type() == ElementType.OTHER) {
                throw new InvalidModelException("input " + in.name() + " has an element type EdgeCV cannot feed");
            }
            if (in.isStatic()) {
                bindInput(i, in.shape());
            }
        }
        int no = outputs.size();
        this.pinned = new OnnxTensor[no];
        this.pinnedBuffers = new ByteBuffer[no];
        for (int o = 0; o < no; o++) {
            TensorSpec out = outputs.get(o);
            if (out.isStatic() && out.type() == ElementType.FLOAT32) {
                ByteBuffer buf = DirectBufferPool.SHARED.take(out.elementCount() * 4);
                pinnedBuffers[o] = buf;
                pinned[o] = OnnxTensor.createTensor(env, buf, out.shape(), OnnxJavaType.FLOAT);
                pinnedMap.put(out.name(), pinned[o]);
                setOutput(o, buf.asFloatBuffer(), out.shape());
            } else {
                computed.add(out.name());
                setOutput(o, FloatBuffer.allocate(0), out.shape());
            }
        }
    }

    static OnnxSession open(ModelSource model, BackendOptions options) throws EdgeCvException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            if (options.threads() > 0) {
                opts.setIntraOpNumThreads(options.threads());
            }
            opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            opts.setInterOpNumThreads(Integer.parseInt(options.property("onnx.inter_op_threads", "1")));
            opts.setOptimizationLevel(optLevel(options.property("onnx.optimization", "all")));
            String optimized = options.property("onnx.optimized_model_path", null);
            if (optimized != null) {
                opts.setOptimizedModelFilePath(optimized);
            }
            List<String> providers = ExecutionProviders.configure(opts, options);
            if (model.path().isPresent()) {
                session = env.createSession(model.path().get().toString(), opts);
            } else {
                session = env.createSession(model.bytes(), opts);
            }
            LOG.debug("ONNX Runtime session for {} on {}, {} intra-op threads", model.name(), providers,
                    options.threads());
            return new OnnxSession(env, session);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new InvalidModelException("ONNX Runtime could not load " + model.name() + ": " + e.getMessage()
                    + ". Check that the file is a complete ONNX model (export or download it again).", e);
        } catch (NumberFormatException e) {
            closeQuietly(session);
            throw new IllegalArgumentException("an onnx.* thread or device property is not a number: "
                    + e.getMessage(), e);
        } catch (EdgeCvException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("closing a failed ONNX Runtime session: {}", e.getMessage());
            }
        }
    }

    private static OrtSession.SessionOptions.OptLevel optLevel(String v) throws BackendUnavailableException {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "none": return OrtSession.SessionOptions.OptLevel.NO_OPT;
            case "basic": return OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended": return OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case "all": return OrtSession.SessionOptions.OptLevel.ALL_OPT;
            default:
                throw new IllegalArgumentException("onnx.optimization=" + v
                        + " is not one of none, basic, extended, all");
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> list = new ArrayList<>();
        for (NodeInfo n : infos.values()) {
            if (n.getInfo() instanceof TensorInfo) {
                TensorInfo t = (TensorInfo) n.getInfo();
                list.add(new TensorSpec(n.getName(), type(t.type), t.getShape()));
            } else {
                list.add(new TensorSpec(n.getName(), ElementType.OTHER, new long[0]));
            }
        }
        return List.copyOf(list);
    }

    private static ElementType type(OnnxJavaType t) {
        switch (t) {
            case FLOAT: return ElementType.FLOAT32;
            case FLOAT16: return ElementType.FLOAT16;
            case UINT8: return ElementType.UINT8;
            case INT8: return ElementType.INT8;
            case INT32: return ElementType.INT32;
            case INT64: return ElementType.INT64;
            default: return ElementType.OTHER;
        }
    }

    static OnnxJavaType javaType(ElementType t) {
        switch (t) {
            case FLOAT32: return OnnxJavaType.FLOAT;
            case FLOAT16: return OnnxJavaType.FLOAT16;
            case UINT8: return OnnxJavaType.UINT8;
            case INT8: return OnnxJavaType.INT8;
            case INT32: return OnnxJavaType.INT32;
            case INT64: return OnnxJavaType.INT64;
            default: throw new IllegalArgumentException("cannot feed element type " + t);
        }
    }

    private void bindInput(int i, long[] shape) throws EdgeCvException {
        TensorSpec in = inputs().get(i);
        ByteBuffer buf = DirectBufferPool.SHARED.take(TensorSpec.elementCount(shape) * in.type().bytes());
        try {
            OnnxTensor tensor = OnnxTensor.createTensor(env, buf, shape, javaType(in.type()));
            if (inputTensors[i] != null) {
                inputTensors[i].close();
                DirectBufferPool.SHARED.give(inputBuffers[i]);
            }
            inputTensors[i] = tensor;
            inputBuffers[i] = buf;
            inputShapes[i] = shape.clone();
            inputMap.put(in.name(), tensor);
        } catch (OrtException e) {
            DirectBufferPool.SHARED.give(buf);
            throw new EdgeCvException("ONNX Runtime could not create input " + in.name() + " of shape "
                    + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setInputShape(int index, long[] shape) throws EdgeCvException {
        checkInputShape(index, shape);
        if (!Arrays.equals(shape, inputShapes[index])) {
            if (!extraSlots.isEmpty()) {
                throw new IllegalStateException("input " + inputs().get(index) + " cannot change shape to "
                        + Arrays.toString(shape) + " while " + (extraSlots.size() + 1) + " slots are open");
            }
            bindInput(index, shape);
        }
    }

    @Override
    public ByteBuffer inputBuffer(int index) {
        ensureOpen();
        if (inputBuffers[index] == null) {
            throw new IllegalStateException("input " + inputs().get(index) + " has dynamic dimensions: call"
                    + " setInputShape first");
        }
        return inputBuffers[index];
    }

    @Override
    public void run() throws EdgeCvException {
        ensureOpen();
        if (inputMap.size() != inputs().size()) {
            throw new IllegalStateException("every input needs a shape before run(); dynamic inputs: call"
                    + " setInputShape");
        }
        try (OrtSession.Result result = session.run(inputMap, computed, pinnedMap)) {
            for (int o = 0; o < pinned.length; o++) {
                if (pinned[o] == null) {
                    copyOut(o, (OnnxTensor) result.get(outputs().get(o).name()).orElseThrow());
                }
            }
        } catch (OrtException e) {
            throw new EdgeCvException("ONNX Runtime failed to run: " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc} ONNX Runtime runs a session from several threads, so each extra slot is its own set of input
     * tensors and pinned output tensors; models with dynamic or non-float outputs keep one slot.
     */
    @Override
    public int openSlots(int count) throws EdgeCvException {
        ensureOpen();
        if (count < 1) {
            throw new IllegalArgumentException("slot count " + count + " must be at least 1");
        }
        if (inputMap.size() != inputs().size()) {
            throw new IllegalStateException("every input needs a shape before openSlots: call setInputShape");
        }
        if (!OnnxSlot.supports(outputs())) {
            return 1 + extraSlots.size();
        }
        try {
            while (extraSlots.size() + 1 < count) {
                extraSlots.add(new OnnxSlot(env, inputs(), inputShapes, outputs()));
            }
        } catch (OrtException e) {
            throw new EdgeCvException("ONNX Runtime could not create buffers for slot " + (extraSlots.size() + 1)
                    + ": " + e.getMessage(), e);
        }
        return 1 + extraSlots.size();
    }

    @Override
    public ByteBuffer inputBuffer(int slot, int index) {
        return slot == 0 ? inputBuffer(index) : slot(slot).input(index);
    }

    @Override
    public void run(int slot) throws EdgeCvException {
        if (slot == 0) {
            run();
            return;
        }
        OnnxSlot s = slot(slot);
        try (OrtSession.Result ignored = session.run(s.inputMap(), Set.of(), s.outputMap())) {
            // every output is pinned into the slot's buffers
        } catch (OrtException e) {
            throw new EdgeCvException("ONNX Runtime failed to run slot " + slot + ": " + e.getMessage(), e);
        }
    }

    @Override
    public io.edgecv.spi.OutputTensors outputs(int slot) {
        return slot == 0 ? this : slot(slot);
    }

    private OnnxSlot slot(int slot) {
        ensureOpen();
        if (slot < 1 || slot > extraSlots.size()) {
            throw new IllegalArgumentException("slot " + slot + " does not exist: this session holds "
                    + (extraSlots.size() + 1) + " slots (see openSlots)");
        }
        return extraSlots.get(slot - 1);
    }

    /** Copies a dynamic or non-float output into a reused float buffer, widening as needed. */
    private void copyOut(int o, OnnxTensor t) {
        long[] shape = t.getInfo().getShape();
        int n = Math.toIntExact(TensorSpec.elementCount(shape));
        ElementType type = type(t.getInfo().type);
        if (type == ElementType.OTHER) {
            throw new IllegalStateException("output " + outputs().get(o).name() + " has type "
                    + t.getInfo().type + ", which EdgeCV cannot decode");
        }
        FloatBuffer dst = FloatWidening.reuse(outputValues(o), n);
        FloatWidening.widen(type, t.getByteBuffer(), n, dst);
        setOutput(o, dst, shape);
    }

    @Override
    protected String describe() {
        return "ONNX Runtime session";
    }

    @Override
    protected void release() {
        for (OnnxSlot s : extraSlots) {
            s.close();
        }
        closeAll(inputTensors, inputBuffers);
        closeAll(pinned, pinnedBuffers);
        closeQuietly(session);
    }

    /** Closes the tensors, then hands their buffers back to the pool for the next session. */
    private static void closeAll(OnnxTensor[] tensors, ByteBuffer[] buffers) {
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] != null) {
                tensors[i].close();
                tensors[i] = null;
                DirectBufferPool.SHARED.give(buffers[i]);
                buffers[i] = null;
            }
        }
    }
}
