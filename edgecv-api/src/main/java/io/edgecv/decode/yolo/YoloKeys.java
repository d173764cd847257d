package io.edgecv.decode.yolo;

import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.ultralytics.UltralyticsMetadata;
import java.util.Locale;
import java.util.Map;

/**
 * The description-file keys of the YOLO families ({@code yolo.output}, {@code yolo.layout},
 * {@code yolo.normalized_boxes}) and how their values, or their defaults, are read.
 *
 * <p>Thread-safety: stateless.
 */
final class YoloKeys {
    /** Description key: the output to decode, by name or index. */
    static final String OUTPUT = "yolo.output";
    /** Description key: {@code channels_first} ({@code [B, 4 + C, N]}) or {@code anchors_first}. */
    static final String LAYOUT = "yolo.layout";
    /** Description key: {@code true} if boxes are normalised to [0, 1] of the input (Ultralytics TFLite). */
    static final String NORMALIZED = "yolo.normalized_boxes";
    static final String CHANNELS_FIRST = "channels_first";
    static final String ANCHORS_FIRST = "anchors_first";

    private YoloKeys() {
    }

    /** Ultralytics' TFLite exports normalise boxes to [0, 1]; its other exports give input pixels. */
    static boolean normalizedByDefault(ModelSignature sig, UltralyticsMetadata meta) {
        return meta != null && sig.source().format() == ModelFormat.TFLITE;
    }

    /**
     * @param props description properties
     * @return whether boxes are normalised
     * @throws InvalidModelException if {@link #NORMALIZED} is neither true nor false
     */
    static boolean normalized(Map<String, String> props, ModelSignature sig, UltralyticsMetadata meta)
            throws InvalidModelException {
        String v = props.get(NORMALIZED);
        if (v == null) {
            return normalizedByDefault(sig, meta);
        }
        switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new InvalidModelException(NORMALIZED + "=" + v + " is not true or false");
        }
    }

    /**
     * @return the output named by {@link #OUTPUT}, else {@code output0} or {@code out0}, else the only output;
     *         -1 if none can be chosen
     */
    static int outputIndex(ModelSignature sig, Map<String, String> props) throws InvalidModelException {
        String o = props.get(OUTPUT);
        if (o != null) {
            int i = sig.outputIndex(o.strip());
            if (i >= 0) {
                return i;
            }
            try {
                i = Integer.parseInt(o.strip());
            } catch (NumberFormatException e) {
                i = -1;
            }
            if (i < 0 || i >= sig.outputs().size()) {
                throw new InvalidModelException(OUTPUT + "=" + o + " names no output of " + sig.source().name()
                        + "; its outputs are " + sig.outputs());
            }
            return i;
        }
        for (String name : new String[] {"output0", "out0"}) {
            int i = sig.outputIndex(name);
            if (i >= 0) {
                return i;
            }
        }
        return sig.outputs().size() == 1 ? 0 : -1;
    }
}
