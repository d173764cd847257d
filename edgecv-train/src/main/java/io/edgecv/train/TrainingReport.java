package io.edgecv.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link Distiller} run did: the schedule, the loss, the validation agreement (mAP@0.5 of the student's
 * detections against the teacher's on the held-out images) per epoch, the best epoch (the model written) and the
 * training throughput.
 *
 * <p>Thread-safety: immutable.
 */
public final class TrainingReport {
    private final Path student;
    private final int steps;
    private final int resumedAt;
    private final List<Double> agreements;
    private final List<Double> epochLosses;
    private final int bestEpoch;
    private final int trainingImages;
    private final int validationImages;
    private final double imagesPerSecond;

    TrainingReport(Path student, int steps, int resumedAt, List<Double> agreements, List<Double> epochLosses,
                   int bestEpoch, int trainingImages, int validationImages, double imagesPerSecond) {
        this.student = student;
        this.steps = steps;
        this.resumedAt = resumedAt;
        this.agreements = List.copyOf(agreements);
        this.epochLosses = List.copyOf(epochLosses);
        this.bestEpoch = bestEpoch;
        this.trainingImages = trainingImages;
        this.validationImages = validationImages;
        this.imagesPerSecond = imagesPerSecond;
    }

    /** @return the file written: the student at its best epoch */
    public Path student() {
        return student;
    }

    /** @return optimiser steps of the schedule done, in total */
    public int steps() {
        return steps;
    }

    /** @return the step this run resumed from (0 when it started fresh) */
    public int resumedAt() {
        return resumedAt;
    }

    /** @return validation mAP@0.5 against the teacher per epoch; index 0 is the student before training */
    public List<Double> agreements() {
        return agreements;
    }

    /** @return the mean training loss per epoch (index 0 is epoch 1) */
    public List<Double> epochLosses() {
        return epochLosses;
    }

    /** @return validation agreement before training */
    public double agreementBefore() {
        return agreements.get(0);
    }

    /** @return the best validation agreement (the written student's) */
    public double bestAgreement() {
        return agreements.get(bestEpoch);
    }

    /** @return the epoch of the written student (0: training never beat the untrained student) */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** @return training images (before augmentation) */
    public int trainingImages() {
        return trainingImages;
    }

    /** @return validation images */
    public int validationImages() {
        return validationImages;
    }

    /** @return training images per second in this run (teacher, forward, backward and update; no validation) */
    public double imagesPerSecond() {
        return imagesPerSecond;
    }

    /** @return a few lines for people */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "distilled %d steps on %d training images (%.2f images/s)%s%n", steps,
                trainingImages, imagesPerSecond, resumedAt > 0 ? ", resumed at step " + resumedAt : ""));
        sb.append(String.format(Locale.ROOT, "validation agreement with the teacher (mAP@0.5, %d images): %.4f"
                + " before, %.4f best (epoch %d)%n", validationImages, agreementBefore(), bestAgreement(), bestEpoch));
        for (int e = 0; e < agreements.size(); e++) {
            sb.append(String.format(Locale.ROOT, "  epoch %2d  agreement %.4f%s%n", e, agreements.get(e),
                    e == 0 ? "  (untrained)" : e - 1 < epochLosses.size()
                            ? String.format(Locale.ROOT, "  loss %.4f", epochLosses.get(e - 1)) : ""));
        }
        sb.append("wrote ").append(student);
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
