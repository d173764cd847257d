package io.edgecv.train.data;

/**
 * The hard-label formats {@link LabelReaders} reads.
 *
 * <p>Thread-safety: immutable.
 */
public enum LabelFormat {
    /** Pascal VOC: one {@code .xml} per image ({@code <annotation>} with {@code <object><bndbox>}), beside it. */
    VOC,
    /** COCO: one instances JSON file ({@code images}, {@code annotations} with {@code bbox [x, y, w, h]},
     *  {@code categories}). */
    COCO,
    /** YOLO: one {@code .txt} per image, lines {@code class cx cy w h} normalised to 0..1, and the class names in
     *  {@code classes.txt}, {@code obj.names} or a {@code data.yaml} {@code names} list. */
    YOLO
}
