package io.edgecv.decode.yolo;

/**
 * YOLOv5 and YOLOv7 anchor-based heads: one output {@code [B, N, 5 + C]} of {@code cx, cy, w, h} in input pixels,
 * objectness and C class scores, decoded by {@link YoloV5Decoder} (score = objectness x class score). Recognised
 * from the {@code names}/{@code stride} metadata the YOLOv5 exporter writes, or from N = 3 anchors x the cells of
 * the stride 8, 16, 32 grids (25200 at 640); see {@link YoloHeads}.
 *
 * <p>Defaults: letterbox, pad 114, RGB, value / 255; class-aware NMS at IoU 0.45 and confidence 0.25 (YOLOv5's
 * {@code detect.py} defaults).
 *
 * <p>Description-file keys: {@code yolo.output}, {@code yolo.normalized_boxes}, as for {@link YoloV8Family}.
 *
 * <p>Thread-safety: stateless.
 */
public final class YoloV5Family extends YoloFamilyBase {
    /** Family name in description files. */
    public static final String NAME = "yolov5";

    /** Creates the family. */
    public YoloV5Family() {
        super(YoloHeads.Kind.V5);
    }
}
