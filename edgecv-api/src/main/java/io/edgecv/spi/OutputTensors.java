package io.edgecv.spi;

import java.nio.FloatBuffer;

/**
 * The outputs of one inference, as decoders read them: each output as 32-bit floats (dequantized or widened by
 * the backend where the model's type is another) with its actual shape.
 *
 * <p>Thread-safety: valid only until the next inference of the session that produced it; not thread-safe.
 */
public interface OutputTensors {
    /** @return number of outputs */
    int outputCount();

    /**
     * @param index output index, in the model's order
     * @return the output's values as floats, position 0, limit = element count; do not keep it past the next run
     */
    FloatBuffer output(int index);

    /**
     * @param index output index
     * @return the actual shape of the output after the last run; the caller must not modify it
     */
    long[] outputShape(int index);
}
