package io.edgecv.decode.yolo;

import io.edgecv.decode.Decoder;
import io.edgecv.nms.Candidates;
import io.edgecv.spi.OutputTensors;

/**
 * What the YOLO decoders share: the output they read, the scale applied to box coordinates (the input size for
 * heads that give normalised boxes, else 1), their argument checks, and batch entry 0 as the entry a
 * {@link io.edgecv.Detector} decodes.
 *
 * <p>Thread-safety: not thread-safe; see {@link Decoder}.
 */
public abstract class BatchedYoloDecoder implements Decoder {
    /** Index of the output this decoder reads. */
    protected final int output;
    /** Multiplies x coordinates and widths. */
    protected final float boxScaleX;
    /** Multiplies y coordinates and heights. */
    protected final float boxScaleY;

    /**
     * @param output index of the output to read, 0 or more
     * @param boxScaleX multiplies x coordinates and widths, positive
     * @param boxScaleY multiplies y coordinates and heights, positive
     * @throws IllegalArgumentException if a value is out of range
     */
    protected BatchedYoloDecoder(int output, float boxScaleX, float boxScaleY) {
        if (output < 0) {
            throw new IllegalArgumentException("output index must be 0 or more, got " + output);
        }
        if (!(boxScaleX > 0f) || !(boxScaleY > 0f)) {
            throw new IllegalArgumentException("box scales must be positive, got " + boxScaleX + ", " + boxScaleY);
        }
        this.output = output;
        this.boxScaleX = boxScaleX;
        this.boxScaleY = boxScaleY;
    }

    /** @return the index of the output this decoder reads */
    public int output() {
        return output;
    }

    /** @return the factor on x coordinates and widths: the input width for normalised boxes, else 1 */
    public float boxScaleX() {
        return boxScaleX;
    }

    /**
     * @param numClasses a head's class count
     * @return {@code numClasses}
     * @throws IllegalArgumentException if it is below 1
     */
    protected static int checkClasses(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("a YOLO head needs at least 1 class, got " + numClasses);
        }
        return numClasses;
    }

    /** Decodes batch entry 0. */
    @Override
    public final void decode(OutputTensors outputs, float scoreThreshold, Candidates out) {
        decode(outputs, 0, scoreThreshold, out);
    }

    /**
     * Decodes one entry of a batched output.
     *
     * @param outputs the raw outputs of one inference
     * @param batchIndex which batch entry, from 0
     * @param scoreThreshold lowest score to keep, in [0, 1]
     * @param out where candidates go, boxes in model input pixels
     * @throws IndexOutOfBoundsException if the output has no such batch entry
     * @throws IllegalStateException if the output's shape does not fit the decoder
     */
    public abstract void decode(OutputTensors outputs, int batchIndex, float scoreThreshold, Candidates out);
}
