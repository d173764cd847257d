package io.edgecv.tensorrt;

import io.edgecv.BackendUnavailableException;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NVIDIA TensorRT as an EdgeCV backend, named {@code tensorrt}: builds an engine from an ONNX model once per model,
 * GPU and TensorRT version (kept in an on-disk cache), or loads a serialized {@code .engine}/{@code .plan}, and runs
 * it on the GPU (or a Jetson's DLA). Priority 200, so an ONNX model runs here rather than on ONNX Runtime's CPU
 * when an NVIDIA driver, CUDA 13 and TensorRT 11 are present; elsewhere it reports itself unavailable, saying what
 * is missing, without loading any native code.
 *
 * <p>Properties ({@link io.edgecv.DetectorBuilder#optBackendProperty}):
 * <ul>
 *   <li>{@code tensorrt.device}: CUDA device index (default 0).</li>
 *   <li>{@code tensorrt.precision}: {@code auto} (default: the model's own types), {@code fp32} (strict float32,
 *       no TF32), {@code fp16} or {@code int8}. TensorRT 11 builds what the model's types say, so {@code fp16} and
 *       {@code int8} convert a float32 model with the EdgeCV quantizer first (kept in the cache folder).</li>
 *   <li>{@code tensorrt.calibration_images}: photos (files or folders, comma-separated) that calibrate
 *       {@code int8}.</li>
 *   <li>{@code tensorrt.workspace}: builder workspace limit, such as {@code 1GiB} (default: TensorRT's, the GPU's
 *       memory).</li>
 *   <li>{@code tensorrt.dla_core}: build for this DLA core of a Jetson (default none);
 *       {@code tensorrt.gpu_fallback}: let layers DLA cannot run use the GPU (default true).</li>
 *   <li>{@code tensorrt.shapes} ({@code name:1x3x640x640,...}) for dynamic inputs, or {@code tensorrt.min_shapes},
 *       {@code tensorrt.opt_shapes} and {@code tensorrt.max_shapes} for a range; a dynamic batch alone defaults to
 *       1.</li>
 *   <li>{@code tensorrt.optimization_level}: 0 to 5 (default 3).</li>
 *   <li>{@code tensorrt.cache}: keep built engines (default true); {@code tensorrt.cache_dir}: where (default
 *       {@code $XDG_CACHE_HOME/edgecv/tensorrt}, else {@code ~/.cache/edgecv/tensorrt}).</li>
 * </ul>
 *
 * <p>Thread-safety: thread-safe. The probe runs once per JVM; sessions are independent.
 */
public final class TensorRtBackendProvider implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "tensorrt";
    private static final Logger LOG = LoggerFactory.getLogger(TensorRtBackendProvider.class);

    /** Cheap: touches no native code. */
    public TensorRtBackendProvider() {
    }

    /** Runs the probe on first use, once per JVM. */
    private static final class Probe {
        static final TensorRtProbe.ProbeResult RESULT = run();

        private static TensorRtProbe.ProbeResult run() {
            String arch = System.getProperty("os.arch", "");
            TensorRtProbe.ProbeResult r = TensorRtProbe.probe(System.getProperty("os.name", ""), arch,
                    NativeLibraryFinder.system(arch), TensorRtBackendProvider.class.getClassLoader(),
                    Cuda::describeDevice);
            if (r.availability().isAvailable()) {
                LOG.info("TensorRT backend available: {}", r.device());
            } else {
                LOG.debug("TensorRT backend unavailable: {}", r.availability().reason());
            }
            return r;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ModelFormat> formats() {
        return Set.of(ModelFormat.ONNX, ModelFormat.TENSORRT);
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public Availability availability() {
        return Probe.RESULT.availability();
    }

    @Override
    public BackendSession open(ModelSource model, BackendOptions options) throws EdgeCvException {
        if (!formats().contains(model.format())) {
            throw new InvalidModelException(model.name() + " is neither an ONNX model nor a serialized TensorRT"
                    + " engine (its first bytes say " + model.format() + "); the tensorrt backend opens .onnx and"
                    + " .engine/.plan files");
        }
        TensorRtProbe.ProbeResult probe = Probe.RESULT;
        if (!probe.availability().isAvailable()) {
            throw new BackendUnavailableException("backend '" + NAME + "' cannot run here: "
                    + probe.availability().reason());
        }
        TensorRtOptions parsed = TensorRtOptions.parse(options);
        DeviceInfo device = probe.device();
        if (parsed.device() != device.index()) {
            try {
                device = Cuda.describeDevice(parsed.device());
            } catch (TensorRtProbe.ProbeFailure e) {
                throw new BackendUnavailableException(e.getMessage(), e);
            }
        }
        LOG.debug("opening {} on {} with {}", model, device, parsed);
        return EngineFactory.open(model, parsed, device);
    }
}
