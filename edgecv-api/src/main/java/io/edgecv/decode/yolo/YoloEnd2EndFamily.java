package io.edgecv.decode.yolo;

import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.NmsKind;

/**
 * Models whose output already holds final boxes, {@code [B, K, 6]} rows of {@code x1, y1, x2, y2, score, class}
 * (K = 300): the NMS-free heads of YOLO26 and YOLOv10, and Ultralytics exports with {@code nms=True}. Decoded by
 * {@link YoloEnd2EndDecoder}. Recognised from metadata {@code end2end} or {@code args.nms}, or from the 6-column
 * output whose row count is no anchor-grid count; see {@link YoloHeadRecognizer}.
 *
 * <p>Defaults: Ultralytics preprocessing, no NMS ({@code nms=hard} in a description, or
 * {@link io.edgecv.DetectorBuilder#optNms}, applies one at {@code nms.iou}, default 0.7), confidence 0.25.
 *
 * <p>Description-file keys: {@code yolo.output}, {@code yolo.normalized_boxes}, as for {@link YoloV8Family}.
 *
 * <p>Thread-safety: stateless.
 */
public final class YoloEnd2EndFamily extends YoloFamilyBase {
    /** IoU threshold of an NMS applied on request ({@code nms=hard}); Ultralytics' predict default. */
    static final float DEFAULT_IOU = 0.7f;
    /** Family name in description files. */
    public static final String NAME = "yolo-end2end";

    /** Creates the family. */
    public YoloEnd2EndFamily() {
        super(YoloHead.Kind.END2END);
    }

    @Override
    void addDefaults(ModelDescription.Builder b, YoloHead head) {
        b.optNms(NmsKind.NONE).optIouThreshold(DEFAULT_IOU);
    }

    @Override
    Decoder newDecoder(YoloHead head, float sx, float sy) {
        return new YoloEnd2EndDecoder(head.output, sx, sy);
    }
}
