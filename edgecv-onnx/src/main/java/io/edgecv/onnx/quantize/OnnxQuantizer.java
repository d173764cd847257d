package io.edgecv.onnx.quantize;

import io.edgecv.BackendUnavailableException;
import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.quantize.CalibrationListener;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.Quantizer;
import io.edgecv.spi.Availability;
import io.edgecv.spi.Backends;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Post-training quantization of ONNX models in pure Java, named {@code onnx}: static INT8 in QDQ form calibrated
 * through ONNX Runtime, dynamic INT8 and FP16. Found by {@link io.edgecv.quantize.Quantizers}.
 *
 * <p>It reads and writes ONNX protobuf with the generated classes of {@code org.tribuo:tribuo-util-onnx}, an
 * optional dependency of edgecv-onnx (so that detector-only users do not carry protobuf): add it to use this
 * class; {@link #availability()} says so when it is missing. Nodes without a name are named after their first
 * output in reports and exclusions.
 *
 * <p>Thread-safety: thread-safe; each call works on its own copy of the model.
 */
public final class OnnxQuantizer implements Quantizer {
    /** The quantizer's name. */
    public static final String NAME = "onnx";

    /** Cheap: loads no protobuf or native code. */
    public OnnxQuantizer() {
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
    public Availability availability() {
        ClassLoader loader = OnnxQuantizer.class.getClassLoader();
        try {
            Class.forName("com.google.protobuf.GeneratedMessageV3", false, loader);
            Class.forName("ai.onnx.proto.OnnxMl", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.unavailable("the ONNX quantizer reads models with protobuf classes that are not on"
                    + " the class path (" + e.getMessage() + "); add org.tribuo:tribuo-util-onnx:4.3.2 (it brings"
                    + " com.google.protobuf:protobuf-java) beside io.edgecv:edgecv-onnx");
        }
        try {
            Availability runtime = Backends.availability(Backends.select(ModelFormat.ONNX, "onnx"));
            return runtime.isAvailable() ? runtime : Availability.unavailable("calibration runs ONNX Runtime, which"
                    + " cannot run here: " + runtime.reason());
        } catch (BackendUnavailableException e) {
            return Availability.unavailable(e.getMessage());
        }
    }

    @Override
    public QuantizationReport quantize(Path model, Path output, QuantizationConfig config,
                                       CalibrationListener listener) throws EdgeCvException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        Availability a = availability();
        if (!a.isAvailable()) {
            throw new BackendUnavailableException(a.reason());
        }
        if (model.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("output " + output + " is the input model; write to another file");
        }
        return QuantizationJob.run(model, output, config, listener);
    }
}
