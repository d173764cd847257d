package io.edgecv.decode.yolo;

import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.NmsKind;

/**
 * YOLOv5 and YOLOv7 anchor-based heads: one output {@code [B, N, 5 + C]} of {@code cx, cy, w, h} in input pixels,
 * objectness and C class scores, decoded by {@link YoloV5Decoder} (score = objectness x class score). Recognised
 * from the {@code names}/{@code stride} metadata the YOLOv5 exporter writes, or from N = 3 anchors x the cells of
 * the stride 8, 16, 32 grids (25200 at 640); see {@link YoloHeadRecognizer}.
 *
 * <p>Defaults: letterbox, pad 114, RGB, value / 255; class-aware NMS at IoU 0.45 and confidence 0.25 (YOLOv5's
 * {@code detect.py} defaults).
 *
 * <p>Description-file keys: {@code yolo.output}, {@code yolo.normalized_boxes}, as for {@link YoloV8Family}.
 *
 * <p>Thread-safety: stateless.
 */
public final class YoloV5Family extends YoloFamilyBase {
    /** YOLOv5's {@code detect.py} IoU threshold. */
    static final float DEFAULT_IOU = 0.45f;
    /** Family name in description files. */
    public static final String NAME = "yolov5";

    /** Creates the family. */
    public YoloV5Family() {
        super(YoloHead.Kind.V5);
    }

    @Override
    void addDefaults(ModelDescription.Builder b, YoloHead head) {
        b.optNms(NmsKind.HARD_CLASS_AWARE).optIouThreshold(DEFAULT_IOU);
    }

    @Override
    Decoder newDecoder(YoloHead head, float sx, float sy) {
        return new YoloV5Decoder(head.output, head.classes, sx, sy);
    }
}
