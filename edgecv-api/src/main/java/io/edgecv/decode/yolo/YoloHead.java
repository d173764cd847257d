package io.edgecv.decode.yolo;

import io.edgecv.spi.TensorSpec;

/**
 * A YOLO detection head: which output holds the detections, in which of the three layouts ({@link Kind}), with how
 * many classes (0: not needed).
 *
 * <p>Thread-safety: immutable.
 */
final class YoloHead {
    /** The three output layouts, one per family. */
    enum Kind {
        V5(YoloV5Family.NAME), V8(YoloV8Family.NAME), END2END(YoloEnd2EndFamily.NAME);

        final String family;

        Kind(String family) {
            this.family = family;
        }
    }

    final Kind kind;
    final int output;
    final int classes;
    final boolean anchorsFirst;

    YoloHead(Kind kind, int output, int classes, boolean anchorsFirst) {
        this.kind = kind;
        this.output = output;
        this.classes = classes;
        this.anchorsFirst = anchorsFirst;
    }

    /** Whether no dimension of the output is known before a run. */
    static boolean unknownShape(TensorSpec t) {
        for (int i = 0; i < t.rank(); i++) {
            if (t.dim(i) >= 0) {
                return false;
            }
        }
        return true;
    }
}
