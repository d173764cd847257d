package io.edgecv.spi;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import java.util.Set;

/**
 * A runtime EdgeCV can run models on. Implementations are found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/io.edgecv.spi.BackendProvider} of your jar and it is picked up by
 * {@link Backends} and {@link io.edgecv.Detector#builder()} with no change to EdgeCV.
 *
 * <p>Contract: the public no-argument constructor is cheap and never touches native code; {@link #availability()}
 * probes the runtime once (loads its native library inside a try block) and never crashes or hangs;
 * {@link #open} validates the model's bytes before handing them to native code.
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
public interface BackendProvider {
    /** @return short lower-case name users select the backend by, for example {@code "onnx"} or {@code "tflite"} */
    String name();

    /** @return the model formats this backend opens */
    Set<ModelFormat> formats();

    /**
     * Preference when several available backends open the same format: higher wins. The built-in CPU backends
     * use 100 (ONNX Runtime) and 110 (TFLite); GPU backends 200.
     *
     * @return the priority
     */
    default int priority() {
        return 100;
    }

    /** @return whether the runtime can run here; the reason says what to install if not. Cached by callers. */
    Availability availability();

    /**
     * Opens a model.
     *
     * @param model the model, of one of {@link #formats()}
     * @param options thread count and backend-specific properties
     * @return an open session; the caller closes it
     * @throws io.edgecv.InvalidModelException if the model is malformed or not of a format this backend opens
     * @throws io.edgecv.BackendUnavailableException if the runtime or a requested accelerator is missing
     * @throws EdgeCvException for other runtime failures
     */
    BackendSession open(ModelSource model, BackendOptions options) throws EdgeCvException;
}
