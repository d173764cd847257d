package io.edgecv.onnx.convert;

import io.edgecv.spi.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Where each TFLite tensor lives in the ONNX graph, in one or both layouts: as TFLite has it (NHWC for 4-D
 * tensors) and as NCHW, the layout of ONNX's convolutions. A value missing in the asked layout is made once, by a
 * Transpose of the other (or by permuting a constant's data), and remembered, so consecutive convolutions pass
 * NCHW values without transposes between them. Constants (including DEQUANTIZE results folded to float32) become
 * initializers only where an operator reads them.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class TensorValues {
    /** NHWC to NCHW. */
    static final int[] TO_NCHW = {0, 3, 1, 2};
    /** NCHW to NHWC. */
    static final int[] TO_NHWC = {0, 2, 3, 1};

    private final TfLiteModel model;
    private final OnnxGraph graph;
    private final boolean nchwIo;
    private final boolean[] isOutput;
    private final String[] tflite;
    private final String[] nchw;
    private final float[][] folded;

    TensorValues(TfLiteModel model, OnnxGraph graph, boolean nchwIo) {
        this.model = model;
        this.graph = graph;
        this.nchwIo = nchwIo;
        int n = model.tensors.size();
        this.isOutput = new boolean[n];
        this.tflite = new String[n];
        this.nchw = new String[n];
        this.folded = new float[n][];
        for (int o : model.outputs) {
            isOutput[o] = true;
        }
    }

    TfLiteModel.Tensor tensor(int t) {
        return model.tensors.get(t);
    }

    int[] shape(int t) {
        return tensor(t).shape();
    }

    int rank(int t) {
        return shape(t).length;
    }

    /** @return whether the graph's inputs and outputs of rank 4 are NCHW */
    boolean nchwIo() {
        return nchwIo;
    }

    /** @return whether {@code t} is a float constant: float data in the file, or a DEQUANTIZE of a constant */
    boolean isConstant(int t) {
        return folded[t] != null || tensor(t).isConstant();
    }

    /** @return whether {@code t} is already in the graph as NCHW (only 4-D tensors can be) */
    boolean hasNchw(int t) {
        return rank(t) == 4 && nchw[t] != null;
    }

    /** Records a constant computed by the converter (a folded DEQUANTIZE). */
    void fold(int t, float[] values) {
        folded[t] = values;
    }

    /** @return the float values of constant {@code t} */
    float[] floats(int t) {
        if (folded[t] != null) {
            return folded[t];
        }
        TfLiteModel.Tensor x = tensor(t);
        ByteBuffer b = ByteBuffer.wrap(x.data()).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[(int) x.elementCount()];
        switch (x.type()) {
            case TfLiteModel.FLOAT32 -> b.asFloatBuffer().get(v);
            case TfLiteModel.FLOAT16 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float16.toFloat(b.getShort(2 * i));
                }
            }
            case TfLiteModel.INT32 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.getInt(4 * i);
                }
            }
            default -> throw new IllegalStateException("constant " + x.name() + " of type " + x.typeName()
                    + " read as float");
        }
        return v;
    }

    /** @return the integer values of an INT32 or INT64 constant, or null if {@code t} is not one */
    long[] ints(int t) {
        TfLiteModel.Tensor x = tensor(t);
        if (!x.isConstant() || (x.type() != TfLiteModel.INT32 && x.type() != TfLiteModel.INT64)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(x.data()).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[(int) x.elementCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = x.type() == TfLiteModel.INT32 ? b.getInt(4 * i) : b.getLong(8 * i);
        }
        return v;
    }

    /** @return the ONNX name of {@code t} in the asked layout, making it if needed */
    String get(int t, boolean asNchw) {
        return asNchw && rank(t) == 4 ? nchw(t) : tflite(t);
    }

    /** @return the ONNX name of {@code t} as TFLite lays it out */
    String tflite(int t) {
        if (tflite[t] == null) {
            if (isConstant(t)) {
                tflite[t] = constant(t, shape(t), floatsOrRaw(t));
            } else if (nchw[t] != null) {
                tflite[t] = graph.transpose(nchw[t], TO_NHWC, name(t, false));
            } else {
                throw new IllegalStateException("tensor " + tensor(t).name() + " is read before it is written");
            }
        }
        return tflite[t];
    }

    private String nchw(int t) {
        if (nchw[t] == null) {
            if (isConstant(t)) {
                int[] s = shape(t);
                nchw[t] = constant(t, permute(s, TO_NCHW), permuteNhwc(floats(t), s));
            } else {
                nchw[t] = graph.transpose(tflite(t), TO_NCHW, name(t, true));
            }
        }
        return nchw[t];
    }

    /**
     * A constant operand of an NCHW elementwise operator: its shape is broadcast to rank 4 (leading ones) as NHWC,
     * then permuted to NCHW.
     */
    String constantBroadcastNchw(int t) {
        int[] s = shape(t);
        if (s.length == 4) {
            return nchw(t);
        }
        int[] s4 = {1, 1, 1, 1};
        System.arraycopy(s, 0, s4, 4 - s.length, s.length);
        return constant(t, permute(s4, TO_NCHW), permuteNhwc(floats(t), s4));
    }

    /** @return a new name for the value of {@code t} in the given layout: its own name for a graph output */
    String name(int t, boolean asNchw) {
        String n = tensor(t).name();
        boolean ioLayout = asNchw == (nchwIo && rank(t) == 4);
        if (isOutput[t] && ioLayout) {
            return n;
        }
        String base = n.isEmpty() ? "t" + t : OnnxGraph.readable(n);
        return graph.fresh(base + (asNchw && rank(t) == 4 ? "_nchw" : ""));
    }

    /** Records the name of {@code t}'s value in the given layout. */
    void set(int t, boolean asNchw, String name) {
        if (asNchw && rank(t) == 4) {
            nchw[t] = name;
        } else {
            tflite[t] = name;
        }
    }

    private Object floatsOrRaw(int t) {
        TfLiteModel.Tensor x = tensor(t);
        return folded[t] == null && (x.type() == TfLiteModel.INT32 || x.type() == TfLiteModel.INT64)
                ? ints(t) : floats(t);
    }

    private String constant(int t, int[] shape, Object values) {
        long[] dims = Arrays.stream(shape).asLongStream().toArray();
        String base = tensor(t).name().isEmpty() ? "c" + t : OnnxGraph.readable(tensor(t).name());
        if (values instanceof long[] l) {
            ByteBuffer buf = ByteBuffer.allocate(l.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            buf.asLongBuffer().put(l);
            return graph.initializer(base, OnnxGraph.INT64, dims, buf.array());
        }
        return graph.floats(base, dims, (float[]) values);
    }

    static int[] permute(int[] shape, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[perm[i]];
        }
        return out;
    }

    /** @return NHWC data of shape {@code s} rearranged as NCHW */
    static float[] permuteNhwc(float[] v, int[] s) {
        int n = s[0];
        int h = s[1];
        int w = s[2];
        int c = s[3];
        float[] out = new float[v.length];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        out[((b * c + k) * h + y) * w + x] = v[((b * h + y) * w + x) * c + k];
                    }
                }
            }
        }
        return out;
    }
}
