package io.edgecv.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.tensorrt.global.nvinfer.createInferBuilder;
import static org.bytedeco.tensorrt.global.nvonnxparser.createParser;

import io.edgecv.BackendUnavailableException;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.BuilderFlag;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.DeviceType;
import org.bytedeco.tensorrt.global.nvinfer.LayerType;
import org.bytedeco.tensorrt.global.nvinfer.MemoryPoolType;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.ILayer;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvonnxparser.IParser;
import org.bytedeco.tensorrt.nvonnxparser.IParserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a serialized TensorRT engine from an ONNX model with the ONNX parser, as TensorRT 11 documents it:
 * {@code createInferBuilder}, {@code createNetworkV2(0)} (strongly typed, the only mode in 11.x, where the
 * {@code kSTRONGLY_TYPED} flag is deprecated and ignored), {@code createParser} + {@code parse}, an
 * {@code IBuilderConfig} with the workspace limit ({@code setMemoryPoolLimit(kWORKSPACE)}), optimisation level, DLA
 * core and an optimisation profile for dynamic inputs, then {@code buildSerializedNetwork}. The plan is copied out, and every TensorRT object is deleted
 * before returning in the order scoped pointers would: plan, parser (it owns the weights, so it lives until the build
 * is done), config, network, builder.
 *
 * <p>Thread-safety: stateless; builds may run concurrently (TensorRT builders are independent).
 */
final class EngineBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(EngineBuilder.class);

    private EngineBuilder() {
    }

    /**
     * The requested precision is not what the network computes in; the caller may convert the model and retry.
     *
     * <p>Thread-safety: immutable.
     */
    static final class PrecisionMismatch extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ModelPrecision found;

        PrecisionMismatch(ModelPrecision found) {
            super("the model computes in " + found.describe());
            this.found = found;
        }

        ModelPrecision found() {
            return found;
        }
    }

    /**
     * Builds an engine.
     *
     * @param onnx the ONNX model's bytes
     * @param modelPath the model file, so that external weights ({@code .onnx.data}) beside it are found; or null
     * @param modelName the model's name for messages
     * @param options build options
     * @param device the GPU
     * @return the serialized engine; close it
     * @throws PrecisionMismatch if the network does not compute in the requested precision
     * @throws InvalidModelException if the parser rejects the model or its dynamic inputs have no shapes
     * @throws BackendUnavailableException if DLA is asked for and there is none
     * @throws EdgeCvException if TensorRT fails to build (out of memory, unsupported layer)
     */
    static BuiltEngine build(byte[] onnx, String modelPath, String modelName, TensorRtOptions options,
                             DeviceInfo device) throws EdgeCvException, PrecisionMismatch {
        Cuda.check(cudaSetDevice(options.device()), "cudaSetDevice(" + options.device() + ")");
        TrtLogger logger = TrtLogger.get();
        long mark = logger.mark();
        IBuilder builder = null;
        INetworkDefinition network = null;
        IParser parser = null;
        IBuilderConfig config = null;
        IHostMemory plan = null;
        try (BytePointer model = new BytePointer(onnx)) {
            builder = createInferBuilder(logger);
            if (builder == null || builder.isNull()) {
                throw new EdgeCvException("TensorRT could not create a builder: " + logger.errorsSince(mark));
            }
            // TensorRT 11 networks are always strongly typed; kSTRONGLY_TYPED is deprecated and ignored, so no flag
            network = builder.createNetworkV2(0);
            if (network == null || network.isNull()) {
                throw new EdgeCvException("TensorRT could not create a network: " + logger.errorsSince(mark));
            }
            parser = createParser(network, logger);
            if (parser == null || parser.isNull()) {
                throw new EdgeCvException("TensorRT could not create its ONNX parser: " + logger.errorsSince(mark));
            }
            if (!parser.parse(model, onnx.length, modelPath)) {
                throw new InvalidModelException("TensorRT's ONNX parser rejected " + modelName + ": "
                        + parserErrors(parser) + ". Use the onnx backend for this model (optBackend(\"onnx\")),"
                        + " or export it with operators TensorRT supports");
            }
            ModelPrecision precision = precisionOf(network);
            LOG.info("{}: {} inputs, {} outputs, {} layers, computes in {}", modelName, network.getNbInputs(),
                    network.getNbOutputs(), network.getNbLayers(), precision);
            if (!precision.satisfies(options.precision())) {
                throw new PrecisionMismatch(precision);
            }
            config = builder.createBuilderConfig();
            if (config == null || config.isNull()) {
                throw new EdgeCvException("TensorRT could not create a builder config: " + logger.errorsSince(mark));
            }
            if (options.workspaceBytes() > 0) {
                config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, options.workspaceBytes());
            }
            config.setBuilderOptimizationLevel(options.optimizationLevel());
            if (options.precision() == Precision.FP32) {
                config.clearFlag(BuilderFlag.kTF32);
            }
            if (options.dlaCore() != TensorRtOptions.NO_DLA) {
                configureDla(builder, config, options, device, precision);
            }
            addProfile(builder, network, config, options.shapes(), OnnxMetadata.read(onnx), modelName, logger,
                    mark);
            LOG.info("building a TensorRT engine for {} on {} (this takes a while, once per model and device)",
                    modelName, device);
            long t0 = System.nanoTime();
            plan = builder.buildSerializedNetwork(network, config);
            if (plan == null || plan.isNull() || plan.size() == 0) {
                throw new EdgeCvException("TensorRT could not build an engine for " + modelName + ": "
                        + logger.errorsSince(mark) + ". If it ran out of memory, lower " + TensorRtOptions.WORKSPACE
                        + " or the max shapes");
            }
            LOG.info("built the {} engine in {} s ({} bytes)", modelName, (System.nanoTime() - t0) / 1_000_000_000,
                    plan.size());
            // copied out so that every TensorRT object of the build is deleted here, the plan first, as the
            // samples' scoped pointers do
            BytePointer copy = new BytePointer(plan.size());
            Pointer.memcpy(copy, plan.data(), plan.size());
            return new BuiltEngine(copy, precision);
        } finally {
            NativeDelete.delete(plan, NativeDelete.NO_COPY_SLOT);
            NativeDelete.deleteParser(parser);
            NativeDelete.delete(config, NativeDelete.NO_COPY_SLOT);
            NativeDelete.delete(network, NativeDelete.NO_COPY_SLOT);
            NativeDelete.delete(builder, NativeDelete.NO_COPY_SLOT);
        }
    }

    private static String parserErrors(IParser parser) {
        int n = parser.getNbErrors();
        if (n == 0) {
            return "no error reported (the file may not be a complete ONNX model)";
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, 5); i++) {
            IParserError e = parser.getError(i);
            String where = e.node() >= 0 ? " at node " + e.node() + " '" + e.nodeName() + "' (" + e.nodeOperator()
                    + ")" : "";
            out.add("[" + e.code() + "]" + where + ": " + e.desc());
        }
        if (n > 5) {
            out.add("and " + (n - 5) + " more");
        }
        return String.join("; ", out);
    }

    /** Reads the layer output types of a strongly typed network, and its Quantize layers' target types. */
    static ModelPrecision precisionOf(INetworkDefinition network) {
        Set<TrtDataType> quantized = EnumSet.noneOf(TrtDataType.class);
        boolean half = false;
        boolean bf16 = false;
        int layers = network.getNbLayers();
        for (int i = 0; i < layers; i++) {
            ILayer layer = network.getLayer(i);
            int type = layer.getType().value;
            boolean quantize = type == LayerType.kQUANTIZE.value || type == LayerType.kDYNAMIC_QUANTIZE.value;
            for (int o = 0; o < layer.getNbOutputs(); o++) {
                int t = layer.getOutputType(o).value;
                if (quantize) {
                    TrtDataType q = TrtDataType.of(t);
                    if (q != null && q != TrtDataType.FLOAT && q != TrtDataType.HALF && q != TrtDataType.BF16) {
                        quantized.add(q);
                    }
                } else if (t == DataType.kHALF.value) {
                    half = true;
                } else if (t == DataType.kBF16.value) {
                    bf16 = true;
                }
            }
        }
        return new ModelPrecision(quantized, half, bf16);
    }

    private static void configureDla(IBuilder builder, IBuilderConfig config, TensorRtOptions options,
                                     DeviceInfo device, ModelPrecision precision) throws EdgeCvException {
        int cores = builder.getNbDLACores();
        int core = options.dlaCore();
        if (cores == 0) {
            throw new BackendUnavailableException(TensorRtOptions.DLA_CORE + "=" + core + " but TensorRT "
                    + device.tensorRtVersion() + " reports no DLA core on " + device.name() + ". DLA exists on"
                    + " Jetson AGX Orin and Orin NX (not Orin Nano, not Thor); TensorRT 11.0 to 11.3 have no DLA"
                    + " support at all (TensorRT 11.4.1 with JetPack 7.2.2 restores it on AGX Orin). Remove "
                    + TensorRtOptions.DLA_CORE + " to run on the GPU");
        }
        if (core >= cores) {
            throw new IllegalArgumentException(TensorRtOptions.DLA_CORE + "=" + core + " but " + device.name()
                    + " has " + cores + " DLA core(s), numbered from 0");
        }
        if (precision.float32Only()) {
            LOG.warn("DLA runs FP16 and INT8 layers only: every layer of this float32 model will {}",
                    options.gpuFallback() ? "fall back to the GPU; set tensorrt.precision=fp16 or int8"
                            : "fail to build; set tensorrt.precision=fp16 or int8");
        }
        config.setDefaultDeviceType(DeviceType.kDLA);
        config.setDLACore(core);
        if (options.gpuFallback()) {
            config.setFlag(BuilderFlag.kGPU_FALLBACK);
        }
    }

    /** Adds the optimisation profile {@link ProfilePlanner} plans for the network's dynamic inputs, if any. */
    private static void addProfile(IBuilder builder, INetworkDefinition network, IBuilderConfig config,
                                   ShapeProfile shapes, Map<String, String> metadata, String modelName,
                                   TrtLogger logger, long mark) throws InvalidModelException {
        List<ProfilePlanner.Input> inputs = new ArrayList<>();
        for (int i = 0; i < network.getNbInputs(); i++) {
            ITensor input = network.getInput(i);
            try (Dims64 d = input.getDimensions()) {
                inputs.add(new ProfilePlanner.Input(input.getName(), TrtDims.toLongs(d), input.isShapeTensor()));
            }
        }
        Map<String, long[][]> plan = ProfilePlanner.plan(inputs, shapes, metadata, modelName);
        if (plan.isEmpty()) {
            return;
        }
        IOptimizationProfile profile = builder.createOptimizationProfile();
        for (Map.Entry<String, long[][]> e : plan.entrySet()) {
            setDims(profile, e.getKey(), OptProfileSelector.kMIN, e.getValue()[0], logger, mark);
            setDims(profile, e.getKey(), OptProfileSelector.kOPT, e.getValue()[1], logger, mark);
            setDims(profile, e.getKey(), OptProfileSelector.kMAX, e.getValue()[2], logger, mark);
        }
        if (config.addOptimizationProfile(profile) < 0) {
            throw new IllegalArgumentException("TensorRT rejected the optimisation profile "
                    + shapes.canonical() + ": " + logger.errorsSince(mark));
        }
    }

    private static void setDims(IOptimizationProfile profile, String name, OptProfileSelector which, long[] shape,
                                TrtLogger logger, long mark) {
        try (Dims64 d = TrtDims.dims(shape)) {
            if (!profile.setDimensions(name, which, d)) {
                throw new IllegalArgumentException("TensorRT rejected " + which + " shape "
                        + ShapeProfile.format(shape) + " of input '" + name + "': " + logger.errorsSince(mark));
            }
        }
    }

    /**
     * A serialized engine (a copy of TensorRT's {@code IHostMemory}) in native memory, with what the model computes in.
     *
     * <p>Thread-safety: not thread-safe; close once.
     */
    static final class BuiltEngine implements AutoCloseable {
        private final BytePointer plan;
        private final ModelPrecision precision;

        BuiltEngine(BytePointer plan, ModelPrecision precision) {
            this.plan = plan;
            this.precision = precision;
        }

        /** @return the plan as a buffer, position 0 (valid until {@link #close}) */
        ByteBuffer bytes() {
            return plan.asByteBuffer().order(ByteOrder.nativeOrder());
        }

        /** @return the plan's memory */
        Pointer data() {
            return plan;
        }

        /** @return the plan's size in bytes */
        long size() {
            return plan.capacity();
        }

        ModelPrecision precision() {
            return precision;
        }

        @Override
        public void close() {
            plan.close();
        }
    }
}
