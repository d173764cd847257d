package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The soft-label distillation loss on class logits, L = α·CE(student, labels) + (1−α)·T²·KL(softmax(teacher/T) ‖
 * softmax(student/T)), plus a smooth-L1 box loss on the anchors where the teacher is confident.
 *
 * <p>Logits are {@code [..., classes]} (the class axis last, as SSD's {@code [1, 1917, 24]}); every leading
 * position (batch × anchor) is one sample, and the terms are means over samples. Without hard labels, CE uses the
 * teacher's own decisions, so no labels are needed: its arg-max class (softmax form), or per class whether its
 * score is at least 0.5 (sigmoid form). {@link Builder#optForegroundWeight} weights the
 * anchors where the teacher or the student sees an object. The teacher's confidence per anchor is the
 * largest sigmoid score over the classes from {@code firstClass} on (SSD: class 0 is background).
 *
 * <p>Thread-safety: immutable.
 */
public final class DistillationLoss {
    private final float alpha;
    private final float temperature;
    private final float boxWeight;
    private final float confidence;
    private final int firstClass;
    private final boolean sigmoid;
    private final float foregroundWeight;

    private DistillationLoss(Builder b) {
        this.foregroundWeight = b.foregroundWeight;
        this.sigmoid = b.sigmoid;
        this.alpha = b.alpha;
        this.temperature = b.temperature;
        this.boxWeight = b.boxWeight;
        this.confidence = b.confidence;
        this.firstClass = b.firstClass;
    }

    /** @return a builder with α = 0.5, T = 4, box weight 1, confidence 0.5, first class 1 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param student the student's class logits
     * @param teacher the teacher's class logits, same shape (no gradient flows into them)
     * @param labels hard class ids per sample (shape of the logits without the class axis), or {@code null}
     * @return the scalar class loss
     */
    public NDArray classLoss(NDArray student, NDArray teacher, NDArray labels) {
        requireSameShape(student, teacher, "class logits");
        NDArray t = teacher.stopGradient();
        int axis = student.getShape().dimension() - 1;
        NDArray perSample = sigmoid ? sigmoidLoss(student, t, labels, axis)
                : softmaxLoss(student, t, labels != null ? labels : t.argMax(axis), axis);
        if (foregroundWeight == 0) {
            return perSample.mean();
        }
        NDArray weights = foreground(t, axis).maximum(foreground(student.stopGradient(), axis))
                .mul(foregroundWeight).add(1);
        return perSample.mul(weights).sum().div(weights.sum());
    }

    /** @return per sample, the largest foreground score (sigmoid or softmax, as the loss reads the logits) */
    private NDArray foreground(NDArray logits, int axis) {
        long classes = logits.getShape().get(axis);
        NDArray p = sigmoid ? Activation.sigmoid(logits) : logits.softmax(axis);
        return p.get("..., " + firstClass + ":" + classes).max(new int[] {axis});
    }

    private NDArray softmaxLoss(NDArray student, NDArray t, NDArray hard, int axis) {
        NDArray logProbs = student.logSoftmax(axis);
        NDArray ce = logProbs.mul(hard.oneHot((int) student.getShape().get(axis)).toType(logProbs
                .getDataType(), false)).sum(new int[] {axis}).neg();
        NDArray logPs = student.div(temperature).logSoftmax(axis);
        NDArray logPt = t.div(temperature).logSoftmax(axis);
        NDArray kl = logPt.exp().mul(logPt.sub(logPs)).sum(new int[] {axis});
        return ce.mul(alpha).add(kl.mul((1 - alpha) * temperature * temperature));
    }

    /**
     * Per-class binary distributions: binary CE on the hard targets, binary KL at temperature T. Without labels the
     * hard target of each class is whether the teacher's score is at least 0.5: with independent sigmoids the
     * arg-max over all classes (background included) would push a person the teacher scores 0.7 towards 0 wherever
     * its background score is higher, and the student's detections fall below the threshold.
     */
    private NDArray sigmoidLoss(NDArray student, NDArray t, NDArray labels, int axis) {
        NDArray target = labels != null
                ? labels.oneHot((int) student.getShape().get(axis)).toType(student.getDataType(), false)
                : t.gte(0).toType(student.getDataType(), false);
        NDArray ce = binaryCrossEntropy(student, target).sum(new int[] {axis});
        NDArray pt = Activation.sigmoid(t.div(temperature));
        NDArray st = student.div(temperature);
        NDArray tt = t.div(temperature);
        // KL(pt || ps) = pt (log pt - log ps) + (1 - pt) (log(1 - pt) - log(1 - ps)); log(1 - sigmoid(z)) = log sigmoid(-z)
        NDArray kl = pt.mul(logSigmoid(tt).sub(logSigmoid(st)))
                .add(pt.neg().add(1).mul(logSigmoid(tt.neg()).sub(logSigmoid(st.neg()))))
                .sum(new int[] {axis});
        return ce.mul(alpha).add(kl.mul((1 - alpha) * temperature * temperature));
    }

    private static NDArray binaryCrossEntropy(NDArray logits, NDArray target) {
        return target.mul(logSigmoid(logits)).add(target.neg().add(1).mul(logSigmoid(logits.neg()))).neg();
    }

    /** log sigmoid(x) = -(max(-x, 0) + log(1 + exp(-|x|))), stable for large |x|. */
    private static NDArray logSigmoid(NDArray x) {
        return x.neg().maximum(0).add(x.abs().neg().exp().add(1).log()).neg();
    }

    /**
     * @param student the student's box regressions {@code [..., 4]}
     * @param teacher the teacher's box regressions, same shape
     * @param teacherLogits the teacher's class logits {@code [..., classes]} with the same leading shape
     * @return the scalar smooth-L1 loss (β = 1) over the confident anchors, times the box weight; 0 when none is
     *     confident
     */
    public NDArray boxLoss(NDArray student, NDArray teacher, NDArray teacherLogits) {
        requireSameShape(student, teacher, "boxes");
        int axis = teacherLogits.getShape().dimension() - 1;
        long classes = teacherLogits.getShape().get(axis);
        NDArray scores = Activation.sigmoid(teacherLogits.stopGradient().get("..., " + firstClass + ":" + classes));
        NDArray mask = scores.max(new int[] {axis}).gte(confidence).toType(student.getDataType(), false);
        return maskedBoxLoss(student, teacher, mask);
    }

    /**
     * @param student the student's box regressions {@code [..., 4]}
     * @param target the target regressions, same shape (labelled boxes encoded against the anchors, or the
     *     teacher's)
     * @param mask {@code [...]}: 1 where an anchor learns its box, 0 elsewhere
     * @return the scalar smooth-L1 loss (β = 1) over the masked anchors, times the box weight; 0 when none is masked
     */
    public NDArray maskedBoxLoss(NDArray student, NDArray target, NDArray mask) {
        requireSameShape(student, target, "boxes");
        NDArray diff = student.sub(target.stopGradient()).abs();
        NDArray small = diff.lt(1).toType(student.getDataType(), false);
        NDArray smoothL1 = diff.mul(diff).mul(0.5).mul(small).add(diff.sub(0.5).mul(small.neg().add(1)));
        NDArray perAnchor = smoothL1.sum(new int[] {student.getShape().dimension() - 1}).mul(mask);
        return perAnchor.sum().div(mask.sum().maximum(1)).mul(boxWeight);
    }

    private static void requireSameShape(NDArray a, NDArray b, String what) {
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalArgumentException("student and teacher " + what + " differ in shape: " + a.getShape()
                    + " vs " + b.getShape() + "; map the layouts first (same family and anchors)");
        }
    }

    /**
     * Settings for {@link DistillationLoss}.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private float alpha = 0.5f;
        private float temperature = 4f;
        private float boxWeight = 1f;
        private float confidence = 0.5f;
        private int firstClass = 1;
        private boolean sigmoid;
        private float foregroundWeight;

        private Builder() {
        }

        /**
         * @param weight γ in the class loss's per-anchor weight {@code 1 + γ·max(fg_teacher, fg_student)}, where
         *     {@code fg} is the anchor's largest foreground score (no gradient flows through the weight); the class
         *     loss is then the weighted mean. Default 0: the plain mean over anchors, where SSD's 1917 anchors of
         *     background swamp the few the teacher detects on (why the first cut's student detections went 0 to 0)
         */
        public Builder optForegroundWeight(float weight) {
            if (!(weight >= 0) || Float.isInfinite(weight)) {
                throw new IllegalArgumentException("foreground weight " + weight + " is not a finite number >= 0");
            }
            this.foregroundWeight = weight;
            return this;
        }

        /**
         * @param sigmoid {@code true}: the class scores are independent sigmoids (SSD, BlazeFace), so CE and KL are
         *     taken per class on binary distributions; {@code false} (default, the seed's formula): softmax over the
         *     class axis
         */
        public Builder optSigmoidScores(boolean sigmoid) {
            this.sigmoid = sigmoid;
            return this;
        }

        /** @param alpha weight of the hard-label CE term, in [0, 1] */
        public Builder optAlpha(float alpha) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha " + alpha + " is not in [0, 1]");
            }
            this.alpha = alpha;
            return this;
        }

        /** @param temperature softening temperature T, > 0 */
        public Builder optTemperature(float temperature) {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("temperature " + temperature + " is not > 0");
            }
            this.temperature = temperature;
            return this;
        }

        /** @param weight factor on the box loss, >= 0 */
        public Builder optBoxWeight(float weight) {
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("box weight " + weight + " is not >= 0");
            }
            this.boxWeight = weight;
            return this;
        }

        /** @param confidence teacher score from which an anchor's box is learned, in (0, 1) */
        public Builder optConfidence(float confidence) {
            if (!(confidence > 0 && confidence < 1)) {
                throw new IllegalArgumentException("confidence " + confidence + " is not in (0, 1)");
            }
            this.confidence = confidence;
            return this;
        }

        /** @param firstClass the first non-background class (1 for SSD, 0 when there is no background class) */
        public Builder optFirstClass(int firstClass) {
            if (firstClass < 0) {
                throw new IllegalArgumentException("first class " + firstClass + " is negative");
            }
            this.firstClass = firstClass;
            return this;
        }

        public DistillationLoss build() {
            return new DistillationLoss(this);
        }
    }
}
