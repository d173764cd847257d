package io.edgecv.onnx;

import io.edgecv.BackendUnavailableException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import io.edgecv.spi.Backends;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The availability and argument checks shared by the ONNX model tools ({@code OnnxPruner}, {@code OnnxQuantizer}).
 * Internal to edgecv-onnx: public only because the tools live in sub-packages; users call the tools instead.
 *
 * <p>Thread-safety: stateless, thread-safe.
 */
public final class OnnxToolChecks {
    private OnnxToolChecks() {
    }

    /**
     * @param tool   what the tool is called in the message, e.g. {@code "pruner"}
     * @param loader the class loader the tool's classes come from
     * @return available, or unavailable saying which artifact brings the missing ONNX protobuf classes
     */
    public static Availability protobuf(String tool, ClassLoader loader) {
        try {
            Class.forName("com.google.protobuf.GeneratedMessageV3", false, loader);
            Class.forName("ai.onnx.proto.OnnxMl", false, loader);
            return Availability.available();
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.unavailable("the ONNX " + tool + " reads models with protobuf classes that are not on"
                    + " the class path (" + e.getMessage() + "); add org.tribuo:tribuo-util-onnx:4.3.2 (it brings"
                    + " com.google.protobuf:protobuf-java) beside io.edgecv:edgecv-onnx");
        }
    }

    /**
     * @param activity what runs the model through ONNX Runtime, e.g. {@code "pruning"}
     * @return the ONNX Runtime backend's availability, its reason prefixed by the activity when it cannot run
     */
    public static Availability runtime(String activity) {
        try {
            Availability runtime = Backends.availability(Backends.select(ModelFormat.ONNX, "onnx"));
            return runtime.isAvailable() ? runtime : Availability.unavailable(activity + " runs ONNX Runtime, which"
                    + " cannot run here: " + runtime.reason());
        } catch (BackendUnavailableException e) {
            return Availability.unavailable(e.getMessage());
        }
    }

    /**
     * Checks a tool call's arguments in the order the tools document.
     *
     * @param availability the tool's availability
     * @param model        the input model
     * @param output       the file to write
     * @param config       the tool's configuration
     * @param listener     the tool's listener
     * @throws BackendUnavailableException if the tool cannot run here
     * @throws IllegalArgumentException    if the output is the input model
     */
    public static void checkCall(Availability availability, Path model, Path output, Object config, Object listener)
            throws BackendUnavailableException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        if (!availability.isAvailable()) {
            throw new BackendUnavailableException(availability.reason());
        }
        if (model.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("output " + output + " is the input model; write to another file");
        }
    }
}
