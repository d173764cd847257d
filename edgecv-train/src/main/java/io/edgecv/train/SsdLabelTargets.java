package io.edgecv.train;

import io.edgecv.decode.Anchors;
import io.edgecv.decode.ssd.SsdDecoder;
import io.edgecv.nms.NonMaxSuppression;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.train.data.BoxList;
import java.util.Arrays;

/**
 * Hard targets of a labelled image for an SSD student, matched the way SSD is trained (the TensorFlow Object
 * Detection API's argmax matcher): an anchor whose best IoU with a labelled box is at least 0.5 takes that box's
 * class and learns its encoded box; every labelled box also claims its best anchor, however low the IoU, so that
 * small boxes are learned too; every other anchor is background (class 0).
 *
 * <p>Boxes are in pixels of the (augmented) image; the student's preprocessing stretches the image to its input,
 * so a box's fractions of the image are its fractions of the input.
 *
 * <p>Thread-safety: not thread-safe; a run reuses one per batch slot.
 */
final class SsdLabelTargets {
    /** IoU from which an anchor is matched to a labelled box. */
    static final float MATCH_IOU = 0.5f;

    private final SsdDecoder decoder;
    private final float[] classes;
    private final float[] boxes;
    private final float[] positive;
    private final float[] bestIou;
    /** The anchors' corners, and the labelled box being matched in the last slot. */
    private final float[] corners;
    private int positives;

    SsdLabelTargets(SsdDecoder decoder) {
        this.decoder = decoder;
        Anchors a = decoder.anchors();
        int n = a.size();
        this.classes = new float[n];
        this.boxes = new float[4 * n];
        this.positive = new float[n];
        this.bestIou = new float[n];
        this.corners = new float[4 * (n + 1)];
        for (int i = 0; i < n; i++) {
            corners[4 * i] = a.cx(i) - a.w(i) / 2;
            corners[4 * i + 1] = a.cy(i) - a.h(i) / 2;
            corners[4 * i + 2] = a.cx(i) + a.w(i) / 2;
            corners[4 * i + 3] = a.cy(i) + a.h(i) / 2;
        }
    }

    /**
     * @return the student's SSD decoder if labelled boxes can be matched to its anchors (an SSD student with stretch
     *     preprocessing, so that a box's fractions of the image are its fractions of the input), else null
     */
    static SsdDecoder decoderOf(StudentModel student) {
        return student.decoder() instanceof SsdDecoder d
                && student.description().preprocessing().resize() == ResizeMode.STRETCH ? d : null;
    }

    /**
     * Matches the boxes of one image to the anchors.
     *
     * @param labelled the image's boxes in pixels, class indices of the student's classes
     * @param width the image width in pixels
     * @param height the image height in pixels
     * @return this
     * @throws IllegalArgumentException if a box's class is not one of the student's object classes
     */
    SsdLabelTargets match(BoxList labelled, int width, int height) {
        int n = decoder.anchors().size();
        Arrays.fill(classes, 0);
        Arrays.fill(positive, 0);
        Arrays.fill(bestIou, 0);
        positives = 0;
        int[] owner = new int[n];
        Arrays.fill(owner, -1);
        for (int b = 0; b < labelled.size(); b++) {
            int c = labelled.classIndex(b);
            if (c < decoder.firstClass() || c >= decoder.classCount()) {
                throw new IllegalArgumentException("a labelled box has class " + c + "; the student's object classes"
                        + " are " + decoder.firstClass() + " to " + (decoder.classCount() - 1) + ": map the labels"
                        + " onto the model's with ClassMapping");
            }
            float x1 = clamp(labelled.x1(b) / width);
            float y1 = clamp(labelled.y1(b) / height);
            float x2 = clamp(labelled.x2(b) / width);
            float y2 = clamp(labelled.y2(b) / height);
            if (!(x2 > x1 && y2 > y1)) {
                continue; // cropped away by the augmentation
            }
            corners[4 * n] = x1;
            corners[4 * n + 1] = y1;
            corners[4 * n + 2] = x2;
            corners[4 * n + 3] = y2;
            int best = -1;
            float bestOfBox = -1;
            for (int i = 0; i < n; i++) {
                float iou = NonMaxSuppression.iou(corners, n, i);
                if (iou > bestOfBox) {
                    bestOfBox = iou;
                    best = i;
                }
                if (iou >= MATCH_IOU && iou > bestIou[i]) {
                    bestIou[i] = iou;
                    owner[i] = b;
                }
            }
            bestIou[best] = 2; // claimed: no later box takes it by IoU
            owner[best] = b;
        }
        for (int i = 0; i < n; i++) {
            int b = owner[i];
            if (b >= 0) {
                classes[i] = labelled.classIndex(b);
                positive[i] = 1;
                positives++;
                decoder.encode(i, clamp(labelled.x1(b) / width), clamp(labelled.y1(b) / height),
                        clamp(labelled.x2(b) / width), clamp(labelled.y2(b) / height), boxes, 4 * i);
            } else {
                Arrays.fill(boxes, 4 * i, 4 * i + 4, 0f);
            }
        }
        return this;
    }

    /** @return per anchor, the class index (0: background), as floats for a tensor */
    float[] classes() {
        return classes;
    }

    /** @return per anchor, the encoded box of its labelled box (zeros where background) */
    float[] boxes() {
        return boxes;
    }

    /** @return per anchor, 1 where it learns a labelled box, else 0 */
    float[] positive() {
        return positive;
    }

    /** @return how many anchors were matched by the last {@link #match} */
    int positives() {
        return positives;
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
