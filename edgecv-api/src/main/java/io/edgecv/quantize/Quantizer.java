package io.edgecv.quantize;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import java.nio.file.Path;
import java.util.Set;

/**
 * Post-training quantization of a float32 model file into a smaller, faster one (INT8 or FP16), calibrated on
 * photos fed through the model's own preprocessing. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.edgecv.quantize.Quantizer}); get one with {@link Quantizers#forModel(Path)}.
 *
 * <pre>{@code
 * Quantizer q = Quantizers.forModel(Path.of("ssd.onnx"));
 * QuantizationReport report = q.quantize(Path.of("ssd.onnx"), Path.of("ssd-int8.onnx"),
 *         QuantizationConfig.builder().optCalibrationImages(photos).build());
 * }</pre>
 *
 * <p>Contract: the public no-argument constructor is cheap; {@link #availability()} says what to add to the class
 * path when the quantizer cannot run. A node that cannot be converted is left as it was and named, with the
 * reason, in the {@link QuantizationReport}; a model that cannot be quantized at all (already quantized, no
 * convertible node, too old an opset) is refused with an {@link io.edgecv.InvalidModelException} saying why.
 *
 * <p>Thread-safety: implementations must be thread-safe; each call works on its own copy of the model.
 */
public interface Quantizer {
    /** @return short name, for example {@code "onnx"} */
    String name();

    /** @return the model formats it quantizes */
    Set<ModelFormat> formats();

    /** @return whether it can run here; the reason says what to add to the class path if not */
    Availability availability();

    /**
     * Quantizes a model and writes the result.
     *
     * @param model the float32 model file
     * @param output where to write the quantized model (replaced if it exists)
     * @param config what to do
     * @param listener told of calibration progress
     * @return what was done
     * @throws io.edgecv.InvalidModelException if the model cannot be read or cannot be quantized; the message
     *                                         says why and what to do
     * @throws io.edgecv.BackendUnavailableException if the runtime needed for calibration is missing
     * @throws IllegalArgumentException if the configuration does not fit the model (for example static INT8
     *                                  without calibration images)
     * @throws EdgeCvException for other failures, such as an unwritable output file
     */
    QuantizationReport quantize(Path model, Path output, QuantizationConfig config, CalibrationListener listener)
            throws EdgeCvException;

    /**
     * Quantizes a model with no progress reports.
     *
     * @param model the float32 model file
     * @param output where to write the quantized model
     * @param config what to do
     * @return what was done
     * @throws EdgeCvException as {@link #quantize(Path, Path, QuantizationConfig, CalibrationListener)}
     */
    default QuantizationReport quantize(Path model, Path output, QuantizationConfig config) throws EdgeCvException {
        return quantize(model, output, config, CalibrationListener.NONE);
    }
}
