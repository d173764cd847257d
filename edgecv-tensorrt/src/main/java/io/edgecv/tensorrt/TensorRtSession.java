package io.edgecv.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.tensorrt.global.nvinfer.createInferRuntime;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.global.nvinfer.TensorFormat;
import org.bytedeco.tensorrt.global.nvinfer.TensorIOMode;
import org.bytedeco.tensorrt.global.nvinfer.TensorLocation;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deserialized engine ready to run: an {@code IRuntime}, the {@code ICudaEngine}, one {@code IExecutionContext},
 * a CUDA stream, and an {@link IoTensor} (device + pinned host memory) per I/O tensor, bound once with
 * {@code setTensorAddress}. {@link #run()} copies the inputs to the device ({@code cudaMemcpyAsync}), enqueues the
 * engine ({@code enqueueV3}), copies the outputs back and waits ({@code cudaStreamSynchronize}); nothing is
 * allocated per run. Dynamic inputs take their shape through {@code setInputShape}, within the engine's
 * optimisation profile 0; output shapes then follow from {@code getTensorShape}.
 *
 * <p>Thread-safety: not thread-safe (see {@link BackendSession}). {@link #close()} is idempotent and frees, in this
 * order, the context, the device and pinned buffers, the engine, the runtime and the stream.
 */
final class TensorRtSession implements BackendSession {
    private static final Logger LOG = LoggerFactory.getLogger(TensorRtSession.class);

    private final String modelName;
    private final int deviceIndex;
    private final Map<String, String> metadata;
    private final TrtLogger logger = TrtLogger.get();
    private IRuntime runtime;
    private ICudaEngine engine;
    private IExecutionContext context;
    private CUstream_st stream;
    private IoTensor[] inputs = new IoTensor[0];
    private IoTensor[] outputs = new IoTensor[0];
    private List<TensorSpec> inputSpecs = List.of();
    private List<TensorSpec> outputSpecs = List.of();
    private boolean closed;

    private TensorRtSession(String modelName, int deviceIndex, Map<String, String> metadata) {
        this.modelName = modelName;
        this.deviceIndex = deviceIndex;
        this.metadata = Map.copyOf(metadata);
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
        TensorRtSession s = new TensorRtSession(modelName, options.device(), metadata);
        try {
            s.init(plan, size, options, device);
            return s;
        } catch (EdgeCvException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void init(Pointer plan, long size, TensorRtOptions options, DeviceInfo device) throws EdgeCvException {
        Cuda.check(cudaSetDevice(deviceIndex), "cudaSetDevice(" + deviceIndex + ")");
        long mark = logger.mark();
        runtime = createInferRuntime(logger);
        if (runtime == null || runtime.isNull()) {
            throw new EdgeCvException("TensorRT could not create a runtime: " + logger.errorsSince(mark));
        }
        if (options.dlaCore() != TensorRtOptions.NO_DLA) {
            runtime.setDLACore(options.dlaCore());
        }
        engine = runtime.deserializeCudaEngine(plan, size);
        if (engine == null || engine.isNull()) {
            throw new InvalidModelException("TensorRT could not deserialize the engine of " + modelName + ": "
                    + logger.errorsSince(mark) + ". A serialized engine runs only on the GPU model and with the"
                    + " TensorRT version that built it (this is " + device + "): rebuild it, or give EdgeCV the"
                    + " ONNX model and let it build and cache an engine for this GPU");
        }
        if (engine.getNbOptimizationProfiles() > 1) {
            LOG.info("{}: the engine has {} optimisation profiles; using profile 0", modelName,
                    engine.getNbOptimizationProfiles());
        }
        context = engine.createExecutionContext();
        if (context == null || context.isNull()) {
            throw new EdgeCvException("TensorRT could not create an execution context for " + modelName + " ("
                    + logger.errorsSince(mark) + "); the GPU may be out of memory");
        }
        stream = new CUstream_st();
        int status = cudaStreamCreate(stream);
        if (status != 0) {
            stream.setNull();
            Cuda.check(status, "cudaStreamCreate");
        }
        bindTensors();
        LOG.info("TensorRT session for {} on {}: inputs {}, outputs {}", modelName, device, inputSpecs,
                outputSpecs);
    }

    private void bindTensors() throws EdgeCvException {
        List<IoTensor> in = new ArrayList<>();
        List<IoTensor> out = new ArrayList<>();
        int n = engine.getNbIOTensors();
        for (int i = 0; i < n; i++) {
            String name = engine.getIOTensorName(i);
            int mode = engine.getTensorIOMode(name).value;
            if (mode != TensorIOMode.kINPUT.value && mode != TensorIOMode.kOUTPUT.value) {
                continue;
            }
            boolean onHost = engine.getTensorLocation(name).value != TensorLocation.kDEVICE.value;
            if (onHost || engine.isShapeInferenceIO(name)) {
                throw new InvalidModelException("tensor '" + name + "' of " + modelName + " is a shape tensor kept"
                        + " on the host; EdgeCV exchanges image and result tensors only");
            }
            TrtDataType type = TrtDataType.of(engine.getTensorDataType(name).value);
            if (type == null || !type.supportedForIo()) {
                throw new InvalidModelException("tensor '" + name + "' of " + modelName + " has type "
                        + (type == null ? "unknown" : type.cppName()) + ", which EdgeCV cannot exchange; export"
                        + " the model with float32, float16, int8, uint8, int32 or int64 inputs and outputs");
            }
            int format = engine.getTensorFormat(name).value;
            if (format != TensorFormat.kLINEAR.value) {
                throw new InvalidModelException("tensor '" + name + "' of " + modelName + " uses the vectorized"
                        + " format " + engine.getTensorFormatDesc(name) + "; EdgeCV exchanges linear tensors:"
                        + " rebuild the engine without --inputIOFormats/--outputIOFormats");
            }
            long[] shape;
            try (Dims64 d = engine.getTensorShape(name)) {
                shape = EngineBuilder.toLongs(d);
            }
            IoTensor t = new IoTensor(name, mode == TensorIOMode.kINPUT.value, type, shape);
            (t.isInput() ? in : out).add(t);
        }
        if (in.isEmpty() || out.isEmpty()) {
            throw new InvalidModelException(modelName + " has " + in.size() + " inputs and " + out.size()
                    + " outputs; a detector needs at least one of each");
        }
        inputs = in.toArray(new IoTensor[0]);
        outputs = out.toArray(new IoTensor[0]);
        inputSpecs = specs(inputs);
        outputSpecs = specs(outputs);
        for (IoTensor t : inputs) {
            if (t.spec().isStatic()) {
                if (t.resize(t.spec().shape())) {
                    setAddress(t);
                }
            }
        }
        resolveOutputs();
    }

    private static List<TensorSpec> specs(IoTensor[] tensors) {
        List<TensorSpec> l = new ArrayList<>();
        for (IoTensor t : tensors) {
            l.add(t.spec());
        }
        return List.copyOf(l);
    }

    /** Sizes the outputs once every input has a shape; before that their shapes stay unknown. */
    private void resolveOutputs() throws EdgeCvException {
        for (IoTensor t : inputs) {
            if (t.shape() == null) {
                return;
            }
        }
        for (IoTensor t : outputs) {
            long[] shape;
            try (Dims64 d = context.getTensorShape(t.name())) {
                shape = EngineBuilder.toLongs(d);
            }
            if (!EngineBuilder.isStatic(shape)) {
                throw new EdgeCvException("output '" + t.name() + "' of " + modelName + " has a data-dependent shape "
                        + EngineBuilder.shown(shape) + "; EdgeCV needs outputs whose shape follows"
                        + " from the inputs (export the model without NonMaxSuppression, or with a fixed number of"
                        + " detections)");
            }
            if (t.resize(shape)) {
                setAddress(t);
            }
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
    public String backendName() {
        return TensorRtBackendProvider.NAME;
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputSpecs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputSpecs;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void setInputShape(int index, long[] shape) throws EdgeCvException {
        ensureOpen();
        IoTensor t = inputs[index];
        TensorSpec spec = t.spec();
        if (shape.length != spec.rank()) {
            throw new IllegalArgumentException("input " + spec + " has rank " + spec.rank() + ", shape "
                    + Arrays.toString(shape) + " does not");
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] <= 0 || (spec.dim(d) >= 0 && spec.dim(d) != shape[d])) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not fit input " + spec);
            }
        }
        if (Arrays.equals(shape, t.shape())) {
            return;
        }
        if (!spec.isStatic()) {
            checkProfile(t.name(), shape);
            long mark = logger.mark();
            try (Dims64 d = EngineBuilder.dims(shape)) {
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
            min = EngineBuilder.toLongs(lo);
            max = EngineBuilder.toLongs(hi);
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
    public int outputCount() {
        return outputs.length;
    }

    @Override
    public FloatBuffer output(int index) {
        ensureOpen();
        IoTensor t = outputs[index];
        if (t.shape() == null) {
            throw new IllegalStateException("output '" + t.name() + "' has no shape until every dynamic input has"
                    + " one");
        }
        return t.output();
    }

    @Override
    public long[] outputShape(int index) {
        IoTensor t = outputs[index];
        long[] s = t.shape();
        return s != null ? s : t.spec().shape();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("TensorRT session for " + modelName + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int status = cudaSetDevice(deviceIndex);
        if (status != 0) {
            LOG.warn("cudaSetDevice({}) while closing {}: {}", deviceIndex, modelName, Cuda.describe(status));
        }
        if (stream != null && !stream.isNull()) {
            status = cudaStreamSynchronize(stream);
            if (status != 0) {
                LOG.warn("cudaStreamSynchronize while closing {}: {}", modelName, Cuda.describe(status));
            }
        }
        NativeDelete.delete(context, NativeDelete.NO_COPY_SLOT);
        for (IoTensor t : inputs) {
            t.free();
        }
        for (IoTensor t : outputs) {
            t.free();
        }
        NativeDelete.delete(engine, NativeDelete.NO_COPY_SLOT);
        NativeDelete.delete(runtime, NativeDelete.NO_COPY_SLOT);
        if (stream != null && !stream.isNull()) {
            status = cudaStreamDestroy(stream);
            if (status != 0) {
                LOG.warn("cudaStreamDestroy while closing {}: {}", modelName, Cuda.describe(status));
            }
            stream.setNull();
        }
        LOG.debug("closed the TensorRT session for {}", modelName);
    }
}
