package io.edgecv.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites the quantizer's refusals for the command line: the library's messages name builder methods and enum
 * constants ({@code optCalibrationImages}, {@code mode DYNAMIC_INT8}); a CLI user needs the flags that do the
 * same ({@code --calib}, {@code --mode dynamic}).
 *
 * <p>Thread-safety: stateless.
 */
final class QuantizeFlags {
    /** Library wording to CLI wording, applied in order (longer phrases first). */
    private static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("Or pass the preprocessing in the QuantizationConfig (optPreprocessing);",
                "Or describe the model's input in a <model>.edgecv.properties file beside it (README, 'Describing"
                        + " your own model');");
        FLAGS.put("optMinAgreement(0)", "--min-agreement 0");
        FLAGS.put("optMinAgreement", "--min-agreement");
        FLAGS.put("optCalibrationImages", "--calib <folder>");
        FLAGS.put("mode DYNAMIC_INT8 or FP16", "--mode dynamic or --mode fp16");
        FLAGS.put("mode DYNAMIC_INT8", "--mode dynamic");
        FLAGS.put("mode FP16", "--mode fp16");
        FLAGS.put("mode STATIC_INT8", "--mode int8");
        FLAGS.put("optExcludeNodes", "--exclude-node");
        FLAGS.put("optExcludeOpTypes", "--exclude-op");
        FLAGS.put("optFp16BlockList", "--fp16-block");
        FLAGS.put("optPercentile", "--percentile");
        FLAGS.put("optPerChannel(false)", "--no-per-channel");
        FLAGS.put("optPerChannel", "--per-channel");
        FLAGS.put("optActivationType", "--activations");
        FLAGS.put("optCalibrationMethod", "--method");
        FLAGS.put("optThreads", "--threads");
        FLAGS.put("percentile must be", "--percentile must be");
        FLAGS.put("threads must be", "--threads must be");
    }

    private QuantizeFlags() {
    }

    /** @return the message with builder methods and modes replaced by the flags that set them */
    static String translate(String message) {
        if (message == null) {
            return "quantization failed";
        }
        String m = message;
        for (Map.Entry<String, String> e : FLAGS.entrySet()) {
            m = m.replace(e.getKey(), e.getValue());
        }
        return m;
    }
}
