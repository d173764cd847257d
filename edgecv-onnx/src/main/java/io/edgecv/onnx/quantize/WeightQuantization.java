package io.edgecv.onnx.quantize;

/**
 * Symmetric int8 weights, per output channel or per tensor, and int32 biases at scale input x weight: the forms
 * ONNX Runtime's integer kernels and TensorRT expect.
 *
 * <p>Thread-safety: immutable.
 */
final class WeightQuantization {
    /** int8 values, channel-major along {@link #axis} as the float weights were. */
    final byte[] values;
    /** One scale per channel (length 1 when per tensor). */
    final float[] scales;
    /** Channel axis, or -1 when per tensor. */
    final int axis;

    private WeightQuantization(byte[] values, float[] scales, int axis) {
        this.values = values;
        this.scales = scales;
        this.axis = axis;
    }

    /**
     * @param w the float weights, row-major
     * @param dims their shape
     * @param axis channel axis for per-channel scales, or -1 for one scale
     * @return int8 weights in [-127, 127] with scale = max |w| / 127 per channel
     */
    static WeightQuantization symmetric(float[] w, long[] dims, int axis) {
        int channels = axis < 0 ? 1 : Math.toIntExact(dims[axis]);
        int inner = 1;
        for (int d = axis + 1; d < dims.length && axis >= 0; d++) {
            inner *= Math.toIntExact(dims[d]);
        }
        if (axis < 0) {
            inner = w.length;
        }
        float[] absMax = new float[channels];
        for (int i = 0; i < w.length; i++) {
            int c = axis < 0 ? 0 : (i / inner) % channels;
            absMax[c] = Math.max(absMax[c], Math.abs(w[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = absMax[c] == 0f ? 1f : absMax[c] / 127f;
        }
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            int c = axis < 0 ? 0 : (i / inner) % channels;
            long v = (long) Math.rint(w[i] / scales[c]); // ties to even, as numpy.round in ONNX Runtime
            q[i] = (byte) Math.max(-127, Math.min(127, v));
        }
        return new WeightQuantization(q, scales, axis);
    }

    /**
     * @param bias float bias, one per output channel
     * @param inputScale the activation's scale
     * @return the int32 bias at scale inputScale x weight scale (clamped to the int32 range)
     */
    int[] bias(float[] bias, float inputScale) {
        int[] q = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
            float s = inputScale * scales[scales.length == 1 ? 0 : c];
            double v = Math.rint(bias[c] / (double) s);
            q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return q;
    }

    /** @return the bias scales: inputScale x each weight scale */
    float[] biasScales(float inputScale) {
        float[] s = new float[scales.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = inputScale * scales[c];
        }
        return s;
    }
}
