package io.edgecv.decode.yolo;

import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.NmsKind;

/**
 * Ultralytics YOLOv8, YOLO11, YOLOv9, YOLOv5u and other anchor-free heads: one output {@code [B, 4 + C, N]}
 * (or its transpose {@code [B, N, 4 + C]}) of {@code cx, cy, w, h} in input pixels and C sigmoid class scores,
 * decoded by {@link YoloV8Decoder}. Recognised from Ultralytics metadata (ONNX {@code metadata_props} or a
 * {@code metadata.yaml} beside the model) and the output shape; see {@link YoloHeadRecognizer} for the rules.
 *
 * <p>Defaults: Ultralytics preprocessing (letterbox to {@code imgsz}, pad 114, RGB, value / 255), class-aware NMS at
 * IoU 0.7 and confidence 0.25 (Ultralytics' predict defaults), labels from the metadata's {@code names}.
 *
 * <p>Description-file keys: {@code yolo.output} (output name or index; default {@code output0}, {@code out0} or the
 * only output), {@code yolo.layout} ({@code channels_first} = {@code [B, 4 + C, N]}, {@code anchors_first} =
 * {@code [B, N, 4 + C]}; default from metadata and shape), {@code yolo.normalized_boxes} ({@code true} for boxes in
 * [0, 1]; default true only for Ultralytics TFLite exports).
 *
 * <p>Thread-safety: stateless.
 */
public final class YoloV8Family extends YoloFamilyBase {
    /** Ultralytics' predict IoU threshold. */
    static final float DEFAULT_IOU = 0.7f;
    /** Family name in description files. */
    public static final String NAME = "yolov8";

    /** Creates the family. */
    public YoloV8Family() {
        super(YoloHead.Kind.V8);
    }

    @Override
    void addDefaults(ModelDescription.Builder b, YoloHead head) {
        b.optNms(NmsKind.HARD_CLASS_AWARE).optIouThreshold(DEFAULT_IOU);
        if (head != null) {
            b.optProperty(YoloKeys.LAYOUT, head.anchorsFirst ? YoloKeys.ANCHORS_FIRST : YoloKeys.CHANNELS_FIRST);
        }
    }

    @Override
    Decoder newDecoder(YoloHead head, float sx, float sy) {
        return new YoloV8Decoder(head.output, head.classes, head.anchorsFirst, sx, sy);
    }
}
