package io.edgecv.onnx;

import ai.onnxruntime.OrtEnvironment;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.util.Set;

/**
 * ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime}) as an EdgeCV backend, named {@code onnx}.
 *
 * <p>Properties ({@link io.edgecv.DetectorBuilder#optBackendProperty}):
 * <ul>
 *   <li>{@code onnx.providers}: execution providers in order of preference, comma-separated, from CPU, CUDA,
 *       TENSORRT, OPENVINO, COREML, NNAPI, DNNL, XNNPACK, ROCM, DIRECTML, ACL, QNN (default CPU). A provider the
 *       loaded ONNX Runtime build lacks is an error that says which artifact has it.</li>
 *   <li>{@code onnx.optimization}: graph optimisation level, {@code none}, {@code basic}, {@code extended} or
 *       {@code all} (default all).</li>
 *   <li>{@code onnx.inter_op_threads}: threads between independent nodes (default 1).</li>
 *   <li>{@code onnx.optimized_model_path}: write the optimised graph to this file.</li>
 *   <li>{@code onnx.cuda.device}, {@code onnx.tensorrt.device}: GPU index (default 0);
 *       {@code onnx.openvino.device}: OpenVINO device such as {@code CPU} or {@code GPU}.</li>
 * </ul>
 *
 * <p>Thread-safety: thread-safe.
 */
public final class OnnxBackendProvider implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "onnx";

    /** Cheap: touches no native code. */
    public OnnxBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ModelFormat> formats() {
        return Set.of(ModelFormat.ONNX);
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        try {
            OrtEnvironment.getEnvironment();
            return Availability.available();
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            return Availability.unavailable("ONNX Runtime's native library did not load on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (" + e.getMessage()
                    + "); com.microsoft.onnxruntime:onnxruntime ships Linux x64/aarch64, macOS and Windows natives,"
                    + " and needs glibc 2.27 or newer");
        }
    }

    @Override
    public BackendSession open(ModelSource model, BackendOptions options) throws EdgeCvException {
        if (model.format() != ModelFormat.ONNX) {
            throw new InvalidModelException(model.name() + " is not an ONNX model (its first bytes say "
                    + model.format() + "); the onnx backend opens .onnx files only");
        }
        return OnnxSession.open(model, options);
    }
}
