package io.edgecv.onnx.quantize;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.onnx.OnnxToolChecks;
import io.edgecv.quantize.CalibrationListener;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.Quantizer;
import io.edgecv.spi.Availability;
import java.nio.file.Path;
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
        Availability protobuf = OnnxToolChecks.protobuf("quantizer", OnnxQuantizer.class.getClassLoader());
        if (!protobuf.isAvailable()) {
            return protobuf;
        }
        return OnnxToolChecks.runtime("calibration");
    }

    @Override
    public QuantizationReport quantize(Path model, Path output, QuantizationConfig config,
                                       CalibrationListener listener) throws EdgeCvException {
        OnnxToolChecks.checkCall(availability(), model, output, config, listener);
        return QuantizationJob.run(model, output, config, listener);
    }
}
