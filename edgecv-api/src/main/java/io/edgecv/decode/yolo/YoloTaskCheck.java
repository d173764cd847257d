package io.edgecv.decode.yolo;

import io.edgecv.InvalidModelException;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.ultralytics.UltralyticsMetadata;
import io.edgecv.spi.TensorSpec;

/**
 * Refuses Ultralytics models that are not detection models (segmentation, pose, OBB, classification, RT-DETR) with
 * a message saying what to export instead.
 *
 * <p>Thread-safety: stateless.
 */
final class YoloTaskCheck {
    private YoloTaskCheck() {
    }

    /**
     * Refuses segmentation, pose, OBB and classification models with a clear message.
     *
     * @param sig the model
     * @param meta its metadata, or null
     * @param byShape also look for a mask-prototype output
     * @throws InvalidModelException if the model is not a detection model
     */
    static void requireDetection(ModelSignature sig, UltralyticsMetadata meta, boolean byShape)
            throws InvalidModelException {
        if (meta != null) {
            String task = meta.task();
            if (!task.isEmpty() && !task.equals("detect")) {
                throw notDetection(sig, "its metadata says task=" + task);
            }
            if (meta.hasKeypoints()) {
                throw notDetection(sig, "its metadata has kpt_shape, as pose models do");
            }
            if (meta.isRtDetr()) {
                throw new InvalidModelException(sig.source().name() + " is an RT-DETR model, which the YOLO"
                        + " families do not recognise by themselves; describe it with family=yolov8, "
                        + YoloKeys.LAYOUT + "=" + YoloKeys.ANCHORS_FIRST + ", " + YoloKeys.NORMALIZED
                        + "=true and nms=none");
            }
        }
        if (byShape && sig.outputs().size() >= 2) {
            for (TensorSpec o : sig.outputs()) {
                if (o.rank() == 4 && (o.dim(1) == 32 || o.dim(3) == 32)) {
                    throw notDetection(sig, "output " + o + " holds mask prototypes, as segmentation models do");
                }
            }
        }
    }

    private static InvalidModelException notDetection(ModelSignature sig, String why) {
        return new InvalidModelException(sig.source().name() + " is not a detection model: " + why + ". EdgeCV"
                + " decodes YOLO detection heads (task=detect); export a detection model such as yolo11n.pt"
                + " (segment, pose, obb and classify heads are not supported)");
    }
}
