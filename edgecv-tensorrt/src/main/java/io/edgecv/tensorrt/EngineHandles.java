package io.edgecv.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.tensorrt.global.nvinfer.createInferRuntime;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.Pointer;
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
 * The native objects behind one {@link TensorRtSession}: the {@code IRuntime}, the deserialized {@code ICudaEngine},
 * one {@code IExecutionContext}, a CUDA stream and an {@link IoTensor} per input and output (not yet sized). They
 * are created before the session so that its tensor specs are known when it is constructed.
 *
 * <p>Thread-safety: not thread-safe; owned by one session, which frees it once.
 */
final class EngineHandles {
    private static final Logger LOG = LoggerFactory.getLogger(EngineHandles.class);

    private final String modelName;
    private final int deviceIndex;
    private final TrtLogger logger = TrtLogger.get();
    IRuntime runtime;
    ICudaEngine engine;
    IExecutionContext context;
    CUstream_st stream;
    IoTensor[] inputs = new IoTensor[0];
    IoTensor[] outputs = new IoTensor[0];

    private EngineHandles(String modelName, int deviceIndex) {
        this.modelName = modelName;
        this.deviceIndex = deviceIndex;
    }

    /**
     * Deserializes an engine and creates its context, stream and I/O tensors.
     *
     * @param plan the serialized engine in native memory (only read during this call)
     * @param size its size in bytes
     * @param modelName the model's name for messages
     * @param options device and DLA core
     * @param device the GPU, for messages
     * @return the handles; everything is freed again if this throws
     * @throws InvalidModelException if TensorRT cannot deserialize the engine (another GPU model or TensorRT
     *                               version built it) or it has I/O tensors EdgeCV cannot exchange
     * @throws EdgeCvException if CUDA or TensorRT fail (out of memory)
     */
    static EngineHandles load(Pointer plan, long size, String modelName, TensorRtOptions options, DeviceInfo device)
            throws EdgeCvException {
        EngineHandles h = new EngineHandles(modelName, options.device());
        try {
            h.init(plan, size, options, device);
            return h;
        } catch (EdgeCvException | RuntimeException e) {
            h.free();
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
        findTensors();
    }

    private void findTensors() throws EdgeCvException {
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
                shape = TrtDims.toLongs(d);
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
    }

    /** @return the specs of the tensors, in order */
    static List<TensorSpec> specs(IoTensor[] tensors) {
        List<TensorSpec> l = new ArrayList<>();
        for (IoTensor t : tensors) {
            l.add(t.spec());
        }
        return List.copyOf(l);
    }

    /**
     * Frees, in this order, the context, the device and pinned buffers, the engine, the runtime and the stream,
     * logging failures. Call once.
     */
    void free() {
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
