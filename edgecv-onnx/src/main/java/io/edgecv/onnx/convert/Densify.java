package io.edgecv.onnx.convert;

import io.edgecv.spi.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Expands a sparse TFLite constant ({@code SparsityParameters}: traversal order, block map, dense and CSR
 * dimensions) to its dense values, as TFLite's {@code FormatConverter::SparseToDense} does, so that a DENSIFY of
 * weights folds into a float32 initializer. Every index is checked; a file that points outside the tensor is a
 * {@link TfLiteFormatException}.
 *
 * <p>Thread-safety: not thread-safe (one instance per tensor).
 */
final class Densify {
    private final TfLiteModel.Tensor tensor;
    private final TfLiteModel.Sparsity sparsity;
    private final float[] src;
    private final float[] out;
    private final int[] blockSize;
    private final int[] orig;
    private int next;
    private long leaves;

    private Densify(TfLiteModel.Tensor t, float[] src) {
        this.tensor = t;
        this.sparsity = t.sparsity();
        this.src = src;
        this.out = new float[(int) t.elementCount()];
        int rank = t.shape().length;
        this.blockSize = new int[sparsity.blockMap().length];
        for (int k = 0; k < blockSize.length; k++) {
            blockSize[k] = sparsity.dims()[sparsity.traversalOrder()[rank + k]].denseSize();
        }
        this.orig = new int[rank];
    }

    /**
     * @param t a sparse FLOAT32 or FLOAT16 constant
     * @return its dense values in row-major order of its shape
     */
    static float[] values(TfLiteModel.Tensor t) throws TfLiteFormatException {
        ByteBuffer b = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
        float[] src;
        if (t.type() == TfLiteModel.FLOAT32) {
            src = new float[t.data().length / 4];
            b.asFloatBuffer().get(src);
        } else {
            src = new float[t.data().length / 2];
            for (int i = 0; i < src.length; i++) {
                src[i] = Float16.toFloat(b.getShort(2 * i));
            }
        }
        Densify d = new Densify(t, src);
        d.populate(new int[d.sparsity.traversalOrder().length], 0, 0);
        return d.out;
    }

    private void populate(int[] idx, int level, int prev) throws TfLiteFormatException {
        if (level == idx.length) {
            leaf(idx);
            return;
        }
        TfLiteModel.Dim d = sparsity.dims()[level];
        if (d.format() == 0) {
            for (int i = 0; i < d.denseSize(); i++) {
                idx[level] = i;
                populate(idx, level + 1, prev * d.denseSize() + i);
            }
            return;
        }
        int[] seg = d.segments();
        if (prev + 1 >= seg.length || seg[prev] < 0 || seg[prev + 1] > d.indices().length) {
            throw bad("CSR segment " + prev + " of dimension " + level + " is outside its arrays");
        }
        for (int i = seg[prev]; i < seg[prev + 1]; i++) {
            idx[level] = d.indices()[i];
            populate(idx, level + 1, i);
        }
    }

    private void leaf(int[] idx) throws TfLiteFormatException {
        if (++leaves > out.length || next >= src.length) {
            throw bad("the sparse data has more values than the tensor or than its buffer");
        }
        int rank = orig.length;
        int[] order = sparsity.traversalOrder();
        for (int i = 0; i < rank; i++) {
            if (order[i] >= rank) {
                throw bad("traversal order " + java.util.Arrays.toString(order) + " does not start with the"
                        + " original dimensions");
            }
            orig[order[i]] = idx[i];
        }
        for (int i = rank; i < idx.length; i++) {
            int block = order[i] - rank;
            if (block < 0 || block >= blockSize.length) {
                throw bad("traversal order " + java.util.Arrays.toString(order) + " names no block dimension");
            }
            int dim = sparsity.blockMap()[block];
            orig[dim] = orig[dim] * blockSize[block] + idx[i];
        }
        int flat = 0;
        int[] shape = tensor.shape();
        for (int i = 0; i < rank; i++) {
            if (orig[i] < 0 || orig[i] >= shape[i]) {
                throw bad("index " + orig[i] + " of dimension " + i + " is outside shape "
                        + java.util.Arrays.toString(shape));
            }
            flat = flat * shape[i] + orig[i];
        }
        out[flat] = src[next++];
    }

    private TfLiteFormatException bad(String what) {
        return new TfLiteFormatException("sparse tensor '" + tensor.name() + "': " + what);
    }
}
