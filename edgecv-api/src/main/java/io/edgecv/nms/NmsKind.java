package io.edgecv.nms;

/**
 * How overlapping candidates are merged after decoding.
 *
 * <p>Thread-safety: immutable.
 */
public enum NmsKind {
    /** Greedy hard NMS within each class (TF Object Detection API, Ultralytics default). */
    HARD_CLASS_AWARE,
    /** Greedy hard NMS across classes: one box per object whatever its class. */
    HARD_CLASS_AGNOSTIC,
    /** MediaPipe's weighted NMS: overlapping boxes are blended, weighted by score (BlazeFace). */
    WEIGHTED,
    /** No NMS: the model already returns final boxes (YOLO26, YOLOv10 end-to-end heads). */
    NONE
}
