package io.edgecv.quantize;

/**
 * Told of calibration progress, for a progress bar. Called on the thread running
 * {@link Quantizer#quantize(java.nio.file.Path, java.nio.file.Path, QuantizationConfig, CalibrationListener)}.
 *
 * <p>Thread-safety: implementations are called from one thread at a time.
 */
@FunctionalInterface
public interface CalibrationListener {
    /** Ignores progress. */
    CalibrationListener NONE = (pass, passes, done, total) -> { };

    /**
     * One image went through the model.
     *
     * @param pass the calibration pass, from 1 ({@link CalibrationMethod#MINMAX} needs one pass, the histogram
     *             methods two: ranges first, histograms second)
     * @param passes how many passes there are
     * @param done images done in this pass, from 1
     * @param total images in a pass
     */
    void imageDone(int pass, int passes, int done, int total);
}
