package io.edgecv.quantize;

import io.edgecv.EdgeCvException;
import java.util.Objects;

/**
 * A quantized model was made but not written: its detections on the calibration photos agree with the float32
 * model's less than {@link QuantizationConfig#minAgreement()} allows.
 *
 * <p>Thread-safety: immutable.
 */
public class QuantizationRefusedException extends EdgeCvException {
    private static final long serialVersionUID = 1L;

    /** The comparison that failed; not serialised. */
    private final transient ComparisonReport check;

    /**
     * @param message what was measured and what to do
     * @param check the comparison that failed
     */
    public QuantizationRefusedException(String message, ComparisonReport check) {
        super(message);
        this.check = Objects.requireNonNull(check, "check");
    }

    /** @return the comparison that failed (null after deserialisation) */
    public ComparisonReport check() {
        return check;
    }
}
