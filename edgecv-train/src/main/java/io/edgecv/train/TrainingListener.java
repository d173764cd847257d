package io.edgecv.train;

import io.edgecv.quantize.DetectionAgreement;

/**
 * Progress of a {@link Distiller} run: one call per optimiser step and one per validation (after every epoch, and
 * before the first step). The CLI draws a progress bar from it.
 *
 * <p>Thread-safety: called from the training thread only.
 */
public interface TrainingListener {
    /** Does nothing. */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * @param step steps done (1 after the first step), counted over the whole schedule, resumes included
     * @param totalSteps the schedule's length
     * @param loss this step's loss (mean over its images)
     * @param learningRate the learning rate this step used
     */
    default void onStep(int step, int totalSteps, double loss, float learningRate) {
    }

    /**
     * @param epoch epochs done (0: the student before training)
     * @param agreement the student's detections scored against the teacher's on the validation images
     * @param best whether this is the best so far (the model kept)
     */
    default void onValidation(int epoch, DetectionAgreement agreement, boolean best) {
    }
}
