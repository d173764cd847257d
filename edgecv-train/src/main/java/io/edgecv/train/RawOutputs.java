package io.edgecv.train;

import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A model's raw outputs copied out of a runtime (or out of the student's graph), as decoders read them.
 *
 * <p>Thread-safety: immutable once made (the arrays are not handed out for writing).
 */
final class RawOutputs implements OutputTensors {
    private final List<float[]> values;
    private final List<long[]> shapes;

    RawOutputs(List<float[]> values, List<long[]> shapes) {
        this.values = List.copyOf(values);
        this.shapes = List.copyOf(shapes);
    }

    /** Copies every output of a run (the runtime's buffers are only valid until its next run). */
    static RawOutputs copyOf(OutputTensors run) {
        float[][] v = new float[run.outputCount()][];
        long[][] s = new long[run.outputCount()][];
        for (int i = 0; i < v.length; i++) {
            FloatBuffer b = run.output(i);
            v[i] = new float[b.remaining()];
            b.duplicate().get(v[i]);
            s[i] = run.outputShape(i).clone();
        }
        return new RawOutputs(List.of(v), List.of(s));
    }

    /** @return output {@code index}'s values, not copied: do not modify */
    float[] values(int index) {
        return values.get(index);
    }

    @Override
    public int outputCount() {
        return values.size();
    }

    @Override
    public FloatBuffer output(int index) {
        return FloatBuffer.wrap(values.get(index)).asReadOnlyBuffer();
    }

    @Override
    public long[] outputShape(int index) {
        return shapes.get(index);
    }
}
