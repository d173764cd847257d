package io.edgecv.onnx.convert;

import io.edgecv.spi.flatbuffers.FlatBufferReader;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Table;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Vector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parts of a TensorFlow Lite model ({@code tensorflow/lite/schema/schema.fbs}, identifier {@code TFL3}) the
 * converter needs, read from the first subgraph through {@link FlatBufferReader} (the bounds-checked reader the
 * TFLite backend's verifier uses too): tensors with their constant bytes and quantization, operators with their
 * options table, the graph's inputs and outputs.
 *
 * <p>Thread-safety: immutable after {@link #read}.
 */
final class TfLiteModel {
    /** Tensor type codes of the schema. */
    static final int FLOAT32 = 0;
    static final int FLOAT16 = 1;
    static final int INT32 = 2;
    static final int UINT8 = 3;
    static final int INT64 = 4;
    static final int INT16 = 7;
    static final int INT8 = 9;

    private static final String[] TYPE_NAMES = {"FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL",
        "INT16", "COMPLEX64", "INT8", "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16",
        "INT4", "BFLOAT16"};
    private static final int[] TYPE_BYTES = {4, 2, 4, 1, 8, 0, 1, 2, 8, 1, 8, 16, 8, 0, 0, 4, 2, 0, 2};

    /**
     * One tensor.
     *
     * @param index    its index in the subgraph
     * @param name     its name (may be empty)
     * @param type     type code
     * @param shape    static shape
     * @param data     constant bytes (little-endian), or null for a runtime tensor
     * @param scales   quantization scales, empty if none
     * @param zeroPoints quantization zero points, empty if none
     * @param quantizedDimension axis of per-channel quantization
     * @param sparsity how {@code data} is compressed, or null for a dense tensor
     */
    record Tensor(int index, String name, int type, int[] shape, byte[] data, float[] scales, long[] zeroPoints,
                  int quantizedDimension, Sparsity sparsity) {
        boolean isConstant() {
            return data != null;
        }

        boolean isQuantized() {
            return scales.length > 0 && (type == INT8 || type == UINT8 || type == INT16);
        }

        /** @return the product of the dimensions (checked not to overflow when the tensor is read) */
        long elementCount() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        String typeName() {
            return TfLiteModel.typeName(type);
        }
    }

    /**
     * A sparse constant's layout ({@code SparsityParameters}): the order dimensions are traversed in, which
     * original dimension each block dimension splits, and per traversed dimension its format.
     *
     * @param traversalOrder dimensions in storage order (original ones, then block ones)
     * @param blockMap       for each block dimension, the original dimension it splits
     * @param dims           per traversed dimension: dense (format 0, its size) or CSR (format 1, segments and
     *                       indices)
     */
    record Sparsity(int[] traversalOrder, int[] blockMap, Dim[] dims) {
    }

    /**
     * One traversed dimension of a sparse tensor.
     *
     * @param format    0 dense, 1 CSR
     * @param denseSize size of a dense dimension
     * @param segments  CSR segment starts
     * @param indices   CSR indices
     */
    record Dim(int format, int denseSize, int[] segments, int[] indices) {
    }

    /**
     * One operator.
     *
     * @param index   position in execution order
     * @param code    builtin operator code
     * @param name    builtin name, or the custom code for CUSTOM operators
     * @param inputs  tensor indices, -1 for an omitted optional input
     * @param outputs tensor indices
     * @param options the builtin options table, or null
     */
    record Operator(int index, int code, String name, int[] inputs, int[] outputs,
                    Table<TfLiteFormatException> options) {
        int options(int field, int fallback) throws TfLiteFormatException {
            return options == null ? fallback : options.i32(field, "option " + field, fallback);
        }

        int optionByte(int field, int fallback) throws TfLiteFormatException {
            return options == null ? fallback : options.u8(field, "option " + field, fallback);
        }

        float optionFloat(int field, float fallback) throws TfLiteFormatException {
            return options == null ? fallback : options.f32(field, "option " + field, fallback);
        }
    }

    final List<Tensor> tensors;
    final List<Operator> operators;
    final int[] inputs;
    final int[] outputs;
    final int subgraphCount;

    private TfLiteModel(List<Tensor> tensors, List<Operator> operators, int[] inputs, int[] outputs,
                        int subgraphCount) {
        this.tensors = tensors;
        this.operators = operators;
        this.inputs = inputs;
        this.outputs = outputs;
        this.subgraphCount = subgraphCount;
    }

    static String typeName(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "type " + type;
    }

    /**
     * @param bytes the whole .tflite file
     * @return the model's first subgraph
     * @throws TfLiteFormatException if the bytes are not a TFLite flatbuffer or any offset does not fit
     */
    static TfLiteModel read(byte[] bytes) throws TfLiteFormatException {
        if (bytes.length < 8 || !"TFL3".equals(new String(bytes, 4, 4, StandardCharsets.ISO_8859_1))) {
            throw new TfLiteFormatException("not a TensorFlow Lite model: the file identifier at bytes 4..8 is not"
                    + " TFL3");
        }
        FlatBufferReader<TfLiteFormatException> fb = new FlatBufferReader<>(bytes, bytes.length, Integer.MAX_VALUE,
                TfLiteFormatException::new);
        Table<TfLiteFormatException> model = fb.table(fb.deref(0, "root offset"), "model");
        long version = model.u32(0, "version", 0);
        if (version != 3) {
            throw new TfLiteFormatException("schema version " + version + " is not 3, the one TensorFlow Lite runs");
        }
        Vector<TfLiteFormatException> subgraphs = model.vector(2, "subgraphs", 4);
        if (subgraphs == null || subgraphs.length == 0) {
            throw new TfLiteFormatException("the model has no subgraph");
        }
        List<byte[]> buffers = readBuffers(fb, model.vector(4, "buffers", 4));
        Vector<TfLiteFormatException> codes = model.vector(1, "operator_codes", 4);
        int codeCount = codes == null ? 0 : codes.length;
        int[] builtin = new int[codeCount];
        String[] names = new String[codeCount];
        for (int i = 0; i < codeCount; i++) {
            Table<TfLiteFormatException> c = codes.table(i);
            builtin[i] = Math.max(c.u8(0, "deprecated_builtin_code", 0), c.i32(3, "builtin_code", 0));
            names[i] = builtin[i] == TfLiteOps.CUSTOM ? "CUSTOM " + c.string(1, "custom_code")
                    : TfLiteOps.name(builtin[i]);
        }
        Table<TfLiteFormatException> sg = subgraphs.table(0);
        Vector<TfLiteFormatException> tv = sg.vector(0, "tensors", 4);
        int tensorCount = tv == null ? 0 : tv.length;
        List<Tensor> tensors = new ArrayList<>(tensorCount);
        for (int i = 0; i < tensorCount; i++) {
            tensors.add(readTensor(tv.table(i), i, buffers));
        }
        Vector<TfLiteFormatException> ov = sg.vector(3, "operators", 4);
        List<Operator> ops = new ArrayList<>();
        for (int i = 0; ov != null && i < ov.length; i++) {
            Table<TfLiteFormatException> o = ov.table(i);
            long opcode = o.u32(0, "opcode_index", 0);
            if (opcode >= codeCount) {
                throw new TfLiteFormatException(o.path + " uses operator code " + opcode + " of " + codeCount);
            }
            int[] in = indices(o.vector(1, "inputs", 4), tensorCount, true);
            int[] out = indices(o.vector(2, "outputs", 4), tensorCount, false);
            Table<TfLiteFormatException> options = o.u8(3, "builtin_options_type", 0) == 0 ? null
                    : o.table(4, "builtin_options");
            ops.add(new Operator(i, builtin[(int) opcode], names[(int) opcode], in, out, options));
        }
        return new TfLiteModel(List.copyOf(tensors), List.copyOf(ops),
                indices(sg.vector(1, "inputs", 4), tensorCount, false),
                indices(sg.vector(2, "outputs", 4), tensorCount, false), subgraphs.length);
    }

    private static List<byte[]> readBuffers(FlatBufferReader<TfLiteFormatException> fb,
                                            Vector<TfLiteFormatException> v) throws TfLiteFormatException {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; v != null && i < v.length; i++) {
            Table<TfLiteFormatException> b = v.table(i);
            Vector<TfLiteFormatException> data = b.vector(0, "data", 1);
            long offset = b.i64(1, "offset", 0);
            long size = b.i64(2, "size", 0);
            if (data != null && data.length > 0) {
                out.add(data.bytes());
            } else if (offset > 1) {
                // buffers of models over 2 GB live after the flatbuffer, addressed from the start of the file
                fb.require(offset, size, b.path + " (offset " + offset + ", size " + size + ")");
                out.add(fb.bytes(offset, size, b.path));
            } else {
                out.add(null);
            }
        }
        return out;
    }

    private static Tensor readTensor(Table<TfLiteFormatException> t, int index, List<byte[]> buffers)
            throws TfLiteFormatException {
        Vector<TfLiteFormatException> sv = t.vector(0, "shape", 4);
        int[] shape = sv == null ? new int[0] : sv.ints();
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new TfLiteFormatException(t.path + " has a negative dimension in shape "
                        + Arrays.toString(shape));
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new TfLiteFormatException(t.path + " has shape " + Arrays.toString(shape) + ", more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        int type = t.u8(1, "type", 0);
        long buffer = t.u32(2, "buffer", 0);
        if (buffer >= buffers.size() && buffer != 0) {
            throw new TfLiteFormatException(t.path + " uses buffer " + buffer + " of " + buffers.size());
        }
        String name = t.string(3, "name");
        byte[] data = buffer < buffers.size() ? buffers.get((int) buffer) : null;
        Tensor tmp = new Tensor(index, name == null ? "" : name, type, shape, data, new float[0], new long[0], 0,
                null);
        // a sparse constant holds fewer bytes than its shape; DENSIFY checks them against its sparsity
        Sparsity sparsity = sparsity(t.table(6, "sparsity"), shape.length);
        if (data != null && sparsity == null) {
            int bytesPer = type >= 0 && type < TYPE_BYTES.length ? TYPE_BYTES[type] : 0;
            if (bytesPer == 0 || tmp.elementCount() * bytesPer != data.length) {
                throw new TfLiteFormatException(t.path + " (" + tmp.name() + ") has " + data.length
                        + " bytes of data for " + typeName(type) + " shape " + Arrays.toString(shape));
            }
        }
        float[] scales = new float[0];
        long[] zeros = new long[0];
        int qdim = 0;
        Table<TfLiteFormatException> q = t.table(4, "quantization");
        if (q != null) {
            Vector<TfLiteFormatException> s = q.vector(2, "scale", 4);
            Vector<TfLiteFormatException> z = q.vector(3, "zero_point", 8);
            if (s != null) {
                scales = new float[s.length];
                for (int i = 0; i < s.length; i++) {
                    scales[i] = s.f32(i);
                }
            }
            if (z != null) {
                zeros = new long[z.length];
                for (int i = 0; i < z.length; i++) {
                    zeros[i] = z.i64(i);
                }
            }
            qdim = q.i32(6, "quantized_dimension", 0);
        }
        return new Tensor(index, tmp.name(), type, shape, data, scales, zeros, qdim, sparsity);
    }

    private static Sparsity sparsity(Table<TfLiteFormatException> s, int rank) throws TfLiteFormatException {
        if (s == null) {
            return null;
        }
        Vector<TfLiteFormatException> order = s.vector(0, "traversal_order", 4);
        Vector<TfLiteFormatException> map = s.vector(1, "block_map", 4);
        Vector<TfLiteFormatException> dims = s.vector(2, "dim_metadata", 4);
        int[] traversal = order == null ? new int[0] : order.ints();
        int[] blocks = map == null ? new int[0] : map.ints();
        if (dims == null || traversal.length != rank + blocks.length || dims.length != traversal.length) {
            throw new TfLiteFormatException(s.path + " has " + traversal.length + " traversed dimensions and "
                    + (dims == null ? 0 : dims.length) + " dimension entries for rank " + rank + " and "
                    + blocks.length + " blocks");
        }
        for (int d : traversal) {
            if (d < 0 || d >= traversal.length) {
                throw new TfLiteFormatException(s.path + ".traversal_order names dimension " + d);
            }
        }
        for (int d : blocks) {
            if (d < 0 || d >= rank) {
                throw new TfLiteFormatException(s.path + ".block_map names dimension " + d);
            }
        }
        Dim[] out = new Dim[dims.length];
        for (int i = 0; i < dims.length; i++) {
            Table<TfLiteFormatException> d = dims.table(i);
            out[i] = new Dim(d.u8(0, "format", 0), d.i32(1, "dense_size", 0),
                    indexVector(d, 2, 3, "array_segments"), indexVector(d, 4, 5, "array_indices"));
        }
        return new Sparsity(traversal, blocks, out);
    }

    /** @return a {@code SparseIndexVector} union (Int32Vector, Uint16Vector, Uint8Vector) as ints, or empty */
    private static int[] indexVector(Table<TfLiteFormatException> d, int typeField, int field, String name)
            throws TfLiteFormatException {
        int type = d.u8(typeField, name + "_type", 0);
        Table<TfLiteFormatException> t = type == 0 ? null : d.table(field, name);
        if (t == null) {
            return new int[0];
        }
        int size = switch (type) {
            case 1 -> 4;
            case 2 -> 2;
            case 3 -> 1;
            default -> throw new TfLiteFormatException(t.path + " has index type " + type);
        };
        Vector<TfLiteFormatException> v = t.vector(0, "values", size);
        if (v == null) {
            return new int[0];
        }
        if (size == 4) {
            return v.ints();
        }
        byte[] b = v.bytes();
        int[] out = new int[v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = size == 1 ? b[i] & 0xFF : (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8;
        }
        return out;
    }

    private static int[] indices(Vector<TfLiteFormatException> v, int tensorCount, boolean optional)
            throws TfLiteFormatException {
        if (v == null) {
            return new int[0];
        }
        int[] out = v.ints();
        for (int x : out) {
            if (x >= tensorCount || x < (optional ? -1 : 0)) {
                throw new TfLiteFormatException(v.path + " names tensor " + x + " of " + tensorCount);
            }
        }
        return out;
    }
}
