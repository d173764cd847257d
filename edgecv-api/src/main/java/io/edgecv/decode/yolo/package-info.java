/**
 * Ultralytics and YOLOv5 detection heads: three families ({@link io.edgecv.decode.yolo.YoloV8Family},
 * {@link io.edgecv.decode.yolo.YoloV5Family}, {@link io.edgecv.decode.yolo.YoloEnd2EndFamily}), each with its
 * defaults and its decoder. Package-private helpers tell a head from the model's metadata and output shape
 * ({@code YoloHeadRecognizer}), check a head declared in a description ({@code DeclaredYoloHead}), read the
 * {@code yolo.*} description keys ({@code YoloKeys}) and refuse non-detection models ({@code YoloTaskCheck}).
 */
package io.edgecv.decode.yolo;
