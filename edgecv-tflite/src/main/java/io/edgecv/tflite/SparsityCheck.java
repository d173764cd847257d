package io.edgecv.tflite;

import io.edgecv.spi.flatbuffers.FlatBufferReader.Table;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Vector;
/**
 * Checks a sparse constant tensor's {@code SparsityParameters} (TFLite schema: {@code traversal_order},
 * {@code block_map}, {@code dim_metadata} of DENSE sizes or SPARSE_CSR segments and indices) before TensorFlow
 * Lite densifies it, and counts the values its buffer must hold. The rules are those of TensorFlow Lite's own
 * verifier ({@code VerifyAndCountSparseElements} in {@code tensorflow/lite/core/tools/verifier.cc}): as many
 * dimension records as traversed dimensions, one block size per block dimension dividing the dimension it blocks,
 * dense sizes equal to the (blocked) dimension, CSR segments that start at 0, never decrease, number one more than
 * the values before them and end at the index count, indices inside their dimension. Stricter on two points that
 * keep the densifier in bounds: the traversal order is a permutation and a block dimension maps to an original
 * one. MediaPipe's official models (its pose detector) are sparse and pass; a corrupt sparse tensor is refused.
 *
 * <p>Thread-safety: stateless.
 */
final class SparsityCheck {
    /** {@code DimensionType} values. */
    private static final int DENSE = 0;
    private static final int SPARSE_CSR = 1;
    /** {@code SparseIndexVector} union types. */
    private static final int INT32_VECTOR = 1;
    private static final int UINT16_VECTOR = 2;
    private static final int UINT8_VECTOR = 3;
    private static final int MAX_DIMS = 16;

    private SparsityCheck() {
    }

    /**
     * @param path the tensor's path, for messages
     * @param sparsity its {@code SparsityParameters}
     * @param dims its (dense) shape
     * @param maxElements the most values a tensor may hold
     * @return the number of values stored in its buffer
     * @throws ModelDefect naming the first rule broken
     */
    static long storedElements(String path, Table<ModelDefect> sparsity, long[] dims, long maxElements)
            throws ModelDefect {
        String p = path + ".sparsity";
        Vector<ModelDefect> order = sparsity.vector(0, "traversal_order", 4);
        Vector<ModelDefect> blockMap = sparsity.vector(1, "block_map", 4);
        Vector<ModelDefect> meta = sparsity.vector(2, "dim_metadata", 4);
        if (order == null || meta == null) {
            throw new ModelDefect(p + " has no traversal_order or dim_metadata");
        }
        int total = order.length;
        int rank = dims.length;
        if (total < rank || total > MAX_DIMS || meta.length != total) {
            throw new ModelDefect(p + " traverses " + total + " dimensions with " + meta.length
                    + " dimension records for a tensor of rank " + rank);
        }
        boolean[] seen = new boolean[total];
        for (int i = 0; i < total; i++) {
            int d = order.i32(i);
            if (d < 0 || d >= total || seen[d]) {
                throw new ModelDefect(p + ".traversal_order is not a permutation of 0.." + (total - 1));
            }
            seen[d] = true;
        }
        int blockRank = total - rank;
        if (blockRank > 0 && (blockMap == null || blockMap.length != blockRank)) {
            throw new ModelDefect(p + ".block_map must name " + blockRank + " blocked dimension(s)");
        }
        Table<ModelDefect>[] records = new Table[total];
        for (int i = 0; i < total; i++) {
            records[i] = meta.table(i);
        }
        long[] expanded = new long[total];
        System.arraycopy(dims, 0, expanded, 0, rank);
        for (int i = 0; i < blockRank; i++) {
            int blockDim = order.i32(i + rank);
            int blockSize = records[i + rank].i32(1, "dense_size", 0);
            int mapped = blockMap.i32(i);
            if (blockDim < rank || blockSize <= 0 || mapped < 0 || mapped >= rank
                    || expanded[mapped] % blockSize != 0) {
                throw new ModelDefect(p + " block " + i + " (dimension " + blockDim + ", size " + blockSize
                        + ", blocking dimension " + mapped + ") does not fit the shape");
            }
            expanded[blockDim] = blockSize;
            expanded[mapped] /= blockSize;
        }
        long count = 1;
        for (int i = 0; i < total; i++) {
            int dim = order.i32(i);
            Table<ModelDefect> m = records[i];
            int format = m.i8(0, "format", DENSE);
            if (format == DENSE) {
                int size = m.i32(1, "dense_size", 0);
                if (size != expanded[dim]) {
                    throw new ModelDefect(m.path + ".dense_size " + size + " but the dimension is " + expanded[dim]);
                }
                count = Math.multiplyExact(count, size);
            } else if (format == SPARSE_CSR) {
                long[] segments = indexVector(m, 2, "array_segments");
                long[] indices = indexVector(m, 4, "array_indices");
                if (segments.length != count + 1 || segments[0] != 0) {
                    throw new ModelDefect(m.path + " has " + segments.length + " segment bounds for " + count
                            + " values before it, or does not start at 0");
                }
                for (int j = 1; j < segments.length; j++) {
                    if (segments[j] < segments[j - 1]) {
                        throw new ModelDefect(m.path + ".array_segments decrease at " + j);
                    }
                }
                if (segments[segments.length - 1] != indices.length) {
                    throw new ModelDefect(m.path + ".array_segments end at " + segments[segments.length - 1]
                            + " but there are " + indices.length + " indices");
                }
                for (long x : indices) {
                    if (x < 0 || x >= expanded[dim]) {
                        throw new ModelDefect(m.path + ".array_indices hold " + x + ", outside dimension "
                                + dim + " of size " + expanded[dim]);
                    }
                }
                count = indices.length;
            } else {
                throw new ModelDefect(m.path + ".format " + format + " is neither DENSE nor SPARSE_CSR");
            }
            if (count > maxElements) {
                throw new ModelDefect(p + " describes more than " + maxElements + " values");
            }
        }
        return count;
    }

    /** Reads a {@code SparseIndexVector} union (type in field {@code id}, value in {@code id + 1}). */
    private static long[] indexVector(Table<ModelDefect> m, int id, String name) throws ModelDefect {
        int type = m.u8(id, name + "_type", 0);
        Table<ModelDefect> t = m.table(id + 1, name);
        if (t == null) {
            throw new ModelDefect(m.path + " is SPARSE_CSR without " + name);
        }
        int size = type == INT32_VECTOR ? 4 : type == UINT16_VECTOR ? 2 : type == UINT8_VECTOR ? 1 : 0;
        if (size == 0) {
            throw new ModelDefect(m.path + "." + name + " has union type " + type);
        }
        Vector<ModelDefect> v = t.vector(0, "values", size);
        if (v == null) {
            throw new ModelDefect(m.path + "." + name + " has no values");
        }
        long[] out = new long[v.length];
        for (int i = 0; i < out.length; i++) {
            int at = v.start + i * size;
            out[i] = size == 4 ? v.i32(i) : size == 2 ? v.reader.u16(at, v.path) : v.reader.u8(at, v.path);
        }
        return out;
    }
}
