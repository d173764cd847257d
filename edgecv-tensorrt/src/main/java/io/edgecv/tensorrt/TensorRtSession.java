package io.edgecv.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.AbstractBackendSession;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deserialized engine ready to run: an {@code IRuntime}, the {@code ICudaEngine}, one {@code IExecutionContext},
 * a CUDA stream (together {@link EngineHandles}), and an {@link IoTensor} (device + pinned host memory) per I/O
 * tensor, bound once with {@code setTensorAddress}. {@link #run()} copies the inputs to the device ({@code cudaMemcpyAsync}), enqueues the
 * engine ({@code enqueueV3}), copies the outputs back and waits ({@code cudaStreamSynchronize}); nothing is
 * allocated per run. Dynamic inputs take their shape through {@code setInputShape}, within the engine's
 * optimisation profile 0; output shapes then follow from {@code getTensorShape}.
 *
 * <p>Thread-safety: not thread-safe (see {@link BackendSession}). {@link #close()} is idempotent and frees, in this
 * order, the context, the device and pinned buffers, the engine, the runtime and the stream.
 */
final class TensorRtSession extends AbstractBackendSession {
    private static final Logger LOG = LoggerFactory.getLogger(TensorRtSession.class);

    private final String modelName;
    private final int deviceIndex;
    private final TrtLogger logger = TrtLogger.get();
    private final EngineHandles handles;
    private final ICudaEngine engine;
    private final IExecutionContext context;
    private final CUstream_st stream;
    private final IoTensor[] inputs;
    private final IoTensor[] outputs;

    private TensorRtSession(EngineHandles handles, String modelName, int deviceIndex, Map<String, String> metadata) {
        super(TensorRtBackendProvider.NAME, EngineHandles.specs(handles.inputs), EngineHandles.specs(handles.outputs),
                metadata);
        this.modelName = modelName;
        this.deviceIndex = deviceIndex;
        this.handles = handles;
        this.engine = handles.engine;
        this.context = handles.context;
        this.stream = handles.stream;
        this.inputs = handles.inputs;
        this.outputs = handles.outputs;
    }

    /**
     * Deserializes an engine and prepares it to run.
     *
     * @param plan the serialized engine in native memory (only read during this call)
     * @param size its size in bytes
     * @param modelName the model's name for messages
     * @param metadata the model's metadata
     * @param options device and DLA core
     * @param device the GPU, for messages
     * @return the session
     * @throws InvalidModelException if TensorRT cannot deserialize the engine (another GPU model or TensorRT
     *                               version built it) or it has I/O tensors EdgeCV cannot exchange
     * @throws EdgeCvException if CUDA or TensorRT fail (out of memory)
     */
    static TensorRtSession open(Pointer plan, long size, String modelName, Map<String, String> metadata,
                                TensorRtOptions options, DeviceInfo device) throws EdgeCvException {
        EngineHandles handles = EngineHandles.load(plan, size, modelName, options, device);
        TensorRtSession s;
        try {
            s = new TensorRtSession(handles, modelName, options.device(), metadata);
        } catch (RuntimeException e) {
            handles.free();
            throw e;
        }
        try {
            s.bindStaticShapes();
            LOG.info("TensorRT session for {} on {}: inputs {}, outputs {}", modelName, device, s.inputs(),
                    s.outputs());
            return s;
        } catch (EdgeCvException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sizes and binds the static inputs and, when every input then has a shape, the outputs. */
    private void bindStaticShapes() throws EdgeCvException {
        for (IoTensor t : inputs) {
            if (t.spec().isStatic()) {
                if (t.resize(t.spec().shape())) {
                    setAddress(t);
                }
            }
        }
        resolveOutputs();
    }

    /** Sizes the outputs once every input has a shape; before that their shapes stay unknown. */
    private void resolveOutputs() throws EdgeCvException {
        for (IoTensor t : inputs) {
            if (t.shape() == null) {
                return;
            }
        }
        for (int o = 0; o < outputs.length; o++) {
            IoTensor t = outputs[o];
            long[] shape;
            try (Dims64 d = context.getTensorShape(t.name())) {
                shape = TrtDims.toLongs(d);
            }
            if (!Shapes.isStatic(shape)) {
                throw new EdgeCvException("output '" + t.name() + "' of " + modelName + " has a data-dependent shape "
                        + Shapes.shown(shape) + "; EdgeCV needs outputs whose shape follows"
                        + " from the inputs (export the model without NonMaxSuppression, or with a fixed number of"
                        + " detections)");
            }
            if (t.resize(shape)) {
                setAddress(t);
            }
            setOutput(o, t.output(), t.shape());
        }
    }

    private void setAddress(IoTensor t) throws EdgeCvException {
        long mark = logger.mark();
        if (!context.setTensorAddress(t.name(), t.device())) {
            throw new EdgeCvException("TensorRT refused the buffer of '" + t.name() + "': "
                    + logger.errorsSince(mark));
        }
    }

    @Override
    public void setInputShape(int index, long[] shape) throws EdgeCvException {
        TensorSpec spec = checkInputShape(index, shape);
        IoTensor t = inputs[index];
        if (Arrays.equals(shape, t.shape())) {
            return;
        }
        if (!spec.isStatic()) {
            checkProfile(t.name(), shape);
            long mark = logger.mark();
            try (Dims64 d = TrtDims.dims(shape)) {
                if (!context.setInputShape(t.name(), d)) {
                    throw new EdgeCvException("TensorRT refused shape " + Arrays.toString(shape) + " for input '"
                            + t.name() + "': " + logger.errorsSince(mark));
                }
            }
        }
        if (t.resize(shape)) {
            setAddress(t);
        }
        resolveOutputs();
    }

    private void checkProfile(String name, long[] shape) throws EdgeCvException {
        long[] min;
        long[] max;
        try (Dims64 lo = engine.getProfileShape(name, 0, OptProfileSelector.kMIN);
             Dims64 hi = engine.getProfileShape(name, 0, OptProfileSelector.kMAX)) {
            min = TrtDims.toLongs(lo);
            max = TrtDims.toLongs(hi);
        }
        if (min.length != shape.length || max.length != shape.length) {
            return; // no profile information: let TensorRT decide
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < min[d] || shape[d] > max[d]) {
                throw new EdgeCvException("input '" + name + "' of " + modelName + " accepts shapes from "
                        + ShapeProfile.format(min) + " to " + ShapeProfile.format(max) + " (the engine's optimisation"
                        + " profile), not " + ShapeProfile.format(shape) + "; rebuild it with "
                        + TensorRtOptions.MIN_SHAPES + "/" + TensorRtOptions.MAX_SHAPES + " covering that shape");
            }
        }
    }

    @Override
    public ByteBuffer inputBuffer(int index) {
        ensureOpen();
        IoTensor t = inputs[index];
        if (t.shape() == null) {
            throw new IllegalStateException("input " + t.spec() + " has dynamic dimensions: call setInputShape"
                    + " first");
        }
        return t.hostInput();
    }

    @Override
    public void run() throws EdgeCvException {
        ensureOpen();
        for (IoTensor t : inputs) {
            if (t.shape() == null) {
                throw new IllegalStateException("every input needs a shape before run(); call setInputShape for "
                        + t.spec());
            }
        }
        Cuda.check(cudaSetDevice(deviceIndex), "cudaSetDevice");
        for (IoTensor t : inputs) {
            t.stageInput();
            Cuda.check(cudaMemcpyAsync(t.device(), t.host(), t.bytes(), cudaMemcpyHostToDevice, stream),
                    "cudaMemcpyAsync (input)");
        }
        long mark = logger.mark();
        if (!context.enqueueV3(stream)) {
            cudaStreamSynchronize(stream);
            throw new EdgeCvException("TensorRT failed to run " + modelName + ": " + logger.errorsSince(mark));
        }
        for (IoTensor t : outputs) {
            Cuda.check(cudaMemcpyAsync(t.host(), t.device(), t.bytes(), cudaMemcpyDeviceToHost, stream),
                    "cudaMemcpyAsync (output)");
        }
        Cuda.check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
        for (IoTensor t : outputs) {
            t.convertOutput();
        }
    }

    @Override
    public FloatBuffer output(int index) {
        ensureOpen();
        IoTensor t = outputs[index];
        if (t.shape() == null) {
            throw new IllegalStateException("output '" + t.name() + "' has no shape until every dynamic input has"
                    + " one");
        }
        return super.output(index);
    }

    @Override
    protected String describe() {
        return "TensorRT session for " + modelName;
    }

    @Override
    protected void release() {
        handles.free();
    }
}
