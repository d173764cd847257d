package io.edgecv.decode;

import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;

/** Float arrays as a decoder's output tensors (each a flat {@code [1, n]}), for decoder tests. */
public final class ArrayOutputs {
    private ArrayOutputs() {
    }

    /** @return the arrays as outputs 0, 1, ... */
    public static OutputTensors of(float[]... tensors) {
        return new OutputTensors() {
            @Override
            public int outputCount() {
                return tensors.length;
            }

            @Override
            public FloatBuffer output(int index) {
                return FloatBuffer.wrap(tensors[index]);
            }

            @Override
            public long[] outputShape(int index) {
                return new long[] {1, tensors[index].length};
            }
        };
    }
}
