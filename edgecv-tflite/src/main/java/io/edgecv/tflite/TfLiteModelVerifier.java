package io.edgecv.tflite;

import io.edgecv.InvalidModelException;
import io.edgecv.spi.flatbuffers.FlatBufferReader;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Table;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@code .tflite} file in pure Java before any byte of it reaches TensorFlow Lite, whose loader trusts
 * the file: a corrupt or hostile flatbuffer can otherwise read or write outside it and crash the JVM.
 *
 * <p>Structure: every table, vtable, offset, vector and string the schema defines (including every builtin
 * options table) lies inside the file, with the alignment and vtable rules of FlatBuffers. Semantics: schema
 * version 3; known tensor types; shapes non-negative with sane rank and size; every tensor, buffer, operator-code
 * and subgraph index in range; constant data (inside the flatbuffer, or after it through {@code offset/size} as
 * models over 2 GB store it) inside the file and exactly the size its tensor's shape and type need; string
 * constants well formed; quantization parameters finite, positive and per-channel consistent; convolution and
 * pooling options present with positive strides, dilations and filter sizes and known enums; no control-flow
 * cycle between subgraphs; custom options well-formed FlexBuffers; operator outputs never constant.
 *
 * <p>Thread-safety: stateless; each call uses its own reader.
 */
final class TfLiteModelVerifier {
    /** Largest tensor accepted, in bytes (the largest Java buffer). */
    static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE;
    /** Highest tensor rank accepted. */
    static final int MAX_RANK = 16;

    /** Longest string the verifier reads (names, metadata keys); longer ones are checked whole, then cut. */
    static final int MAX_STRING_BYTES = 4096;

    private TfLiteModelVerifier() {
    }

    /** @return a bounds-checked reader of {@code file} that reports defects as {@link ModelDefect} */
    static FlatBufferReader<ModelDefect> reader(byte[] file) {
        return new FlatBufferReader<>(file, file.length, MAX_STRING_BYTES, ModelDefect::new);
    }

    /**
     * @param file the whole file
     * @param name the model's name, for messages
     * @return what the verifier learnt
     * @throws InvalidModelException naming the first defect found
     */
    static VerifiedModel verify(byte[] file, String name) throws InvalidModelException {
        if (file.length < 8) {
            throw new InvalidModelException(name + " is " + file.length + " bytes, too short to be a TFLite model"
                    + " (truncated?); download or export it again");
        }
        if (file[4] != 'T' || file[5] != 'F' || file[6] != 'L' || file[7] != '3') {
            throw new InvalidModelException(name + " is not a TFLite model: bytes 4..7 are not the flatbuffer"
                    + " identifier TFL3; check that the file is a .tflite model and not truncated or renamed");
        }
        try {
            return new Walk(file).model();
        } catch (ModelDefect d) {
            throw new InvalidModelException(name + " is corrupt or not a valid TFLite model: " + d.getMessage()
                    + ". EdgeCV checks .tflite files before TensorFlow Lite reads them; download or export the model"
                    + " again.");
        } catch (StackOverflowError | ArithmeticException e) {
            throw new InvalidModelException(name + " is corrupt or not a valid TFLite model (" + e
                    + "); download or export the model again.");
        }
    }

    /** One verification pass over one file. */
    private static final class Walk {
        private final byte[] file;
        private final FlatBufferReader<ModelDefect> fb;
        private final List<long[]> ranges = new ArrayList<>();
        private final Set<String> operators = new LinkedHashSet<>();
        private int bufferCount;
        /** Per buffer: whether it holds data, its size in bytes, and where the data starts. */
        private boolean[] bufferHasData;
        private long[] bufferSize;
        private long[] bufferStart;
        private int[] opcodes;
        private String[] customCodes;
        private long[][] mainShapes = new long[0][];
        private boolean[] mainDynamic = new boolean[0];
        private boolean lastTensorDynamic;
        private int subgraphCount;
        /** Subgraph-to-subgraph references from control-flow options, for the cycle check. */
        private final List<List<Integer>> calls = new ArrayList<>();

        Walk(byte[] file) {
            this.file = file;
            this.fb = reader(file);
        }

        VerifiedModel model() throws ModelDefect {
            Table<ModelDefect> model = fb.table(fb.deref(0, "root offset"), "model");
            long version = model.u32(0, "version", 0);
            if (version != TfLiteSchema.SCHEMA_VERSION) {
                throw new ModelDefect("schema version is " + version + ", TensorFlow Lite runs version "
                        + TfLiteSchema.SCHEMA_VERSION);
            }
            buffers(model.vector(4, "buffers", 4));
            operatorCodes(model.vector(1, "operator_codes", 4));
            Vector<ModelDefect> subgraphs = model.vector(2, "subgraphs", 4);
            if (subgraphs == null || subgraphs.length == 0) {
                throw new ModelDefect("the model has no subgraph");
            }
            subgraphCount = subgraphs.length;
            int[] tensorCounts = new int[subgraphCount];
            for (int s = 0; s < subgraphCount; s++) {
                calls.add(new ArrayList<>());
            }
            for (int s = 0; s < subgraphCount; s++) {
                tensorCounts[s] = subgraph(s, subgraphs.table(s));
            }
            SubgraphCalls.checkNoCycles(calls);
            String description = model.string(3, "description");
            Map<String, Integer> metadata = metadata(model);
            signatures(model.vector(7, "signature_defs", 4), tensorCounts);
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] flat = new long[2 * ranges.size()];
            for (int i = 0; i < ranges.size(); i++) {
                flat[2 * i] = ranges.get(i)[0];
                flat[2 * i + 1] = ranges.get(i)[1];
            }
            return new VerifiedModel(new ArrayList<>(operators), flat, metadata, description,
                    bufferStart, bufferSize, mainShapes, mainDynamic);
        }

        private void buffers(Vector<ModelDefect> v) throws ModelDefect {
            if (v == null) {
                throw new ModelDefect("the model has no buffers table");
            }
            bufferCount = v.length;
            bufferHasData = new boolean[bufferCount];
            bufferSize = new long[bufferCount];
            bufferStart = new long[bufferCount];
            for (int i = 0; i < bufferCount; i++) {
                Table<ModelDefect> b = v.table(i);
                Vector<ModelDefect> data = b.vector(0, "data", 1);
                long offset = b.i64(1, "offset", 0);
                long size = b.i64(2, "size", 0);
                if (offset > 1 || offset < 0) {
                    // stored outside the flatbuffer, relative to the start of the file
                    if (offset < 0 || size < 0 || size > file.length || offset > file.length - size) {
                        throw new ModelDefect("buffers[" + i + "] points to bytes " + Long.toUnsignedString(offset)
                                + " + " + Long.toUnsignedString(size) + ", outside the " + file.length
                                + "-byte file");
                    }
                    bufferHasData[i] = size > 0;
                    bufferSize[i] = size;
                    bufferStart[i] = offset;
                } else if (data != null) {
                    bufferHasData[i] = data.length > 0;
                    bufferSize[i] = data.length;
                    bufferStart[i] = data.start;
                }
                if (bufferHasData[i]) {
                    ranges.add(new long[] {bufferStart[i], bufferStart[i] + bufferSize[i]});
                }
            }
        }

        private void operatorCodes(Vector<ModelDefect> v) throws ModelDefect {
            int n = v == null ? 0 : v.length;
            opcodes = new int[n];
            customCodes = new String[n];
            for (int i = 0; i < n; i++) {
                Table<ModelDefect> c = v.table(i);
                int deprecated = c.i8(0, "deprecated_builtin_code", 0);
                String custom = c.string(1, "custom_code");
                c.i32(2, "version", 1);
                int builtin = c.i32(3, "builtin_code", 0);
                int code = Math.max(deprecated, builtin);
                if (deprecated < 0 || builtin < 0 || code > TfLiteSchema.maxBuiltinCode()) {
                    throw new ModelDefect("operator_codes[" + i + "] has builtin code " + code
                            + " (deprecated code " + deprecated + "), which TensorFlow Lite does not know");
                }
                if (code == TfLiteSchema.CUSTOM && custom == null) {
                    throw new ModelDefect("operator_codes[" + i + "] is CUSTOM without a custom_code name");
                }
                opcodes[i] = code;
                customCodes[i] = custom;
            }
        }

        /** @return the number of tensors of the subgraph */
        private int subgraph(int s, Table<ModelDefect> g) throws ModelDefect {
            String path = "subgraphs[" + s + "]";
            Vector<ModelDefect> tensors = g.vector(0, "tensors", 4);
            int count = tensors == null ? 0 : tensors.length;
            long[][] shapes = new long[count][];
            boolean[] constant = new boolean[count];
            boolean[] dynamic = new boolean[count];
            for (int t = 0; t < count; t++) {
                Table<ModelDefect> tensor = tensors.table(t);
                shapes[t] = tensor(path + ".tensors[" + t + "]", tensor);
                dynamic[t] = lastTensorDynamic;
                long buffer = tensor.u32(2, "buffer", 0);
                constant[t] = bufferHasData[(int) buffer];
            }
            Vector<ModelDefect> inputs = g.vector(1, "inputs", 4);
            indices(inputs, count, false, path + ".inputs");
            indices(g.vector(2, "outputs", 4), count, false, path + ".outputs");
            Vector<ModelDefect> ops = g.vector(3, "operators", 4);
            int opCount = ops == null ? 0 : ops.length;
            int[][] opInputs = new int[opCount][];
            int[][] opOutputs = new int[opCount][];
            int[] opCodes = new int[opCount];
            for (int o = 0; o < opCount; o++) {
                Table<ModelDefect> op = ops.table(o);
                opCodes[o] = operator(s, path + ".operators[" + o + "]", op, count, constant);
                opInputs[o] = ints(op.vector(1, "inputs", 4));
                opOutputs[o] = ints(op.vector(2, "outputs", 4));
            }
            GraphCheck.check(path, shapes, ints(inputs), opCodes, opInputs, opOutputs);
            if (s == 0) {
                mainShapes = shapes;
                mainDynamic = dynamic;
            }
            g.string(4, "name");
            return count;
        }

        private static int[] ints(Vector<ModelDefect> v) {
            int[] a = new int[v == null ? 0 : v.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = v.i32(i);
            }
            return a;
        }

        /** Checks one tensor; returns its shape. */
        private long[] tensor(String path, Table<ModelDefect> t) throws ModelDefect {
            Vector<ModelDefect> shape = t.vector(0, "shape", 4);
            int rank = shape == null ? 0 : shape.length;
            if (rank > MAX_RANK) {
                throw new ModelDefect(path + " has rank " + rank + ", more than " + MAX_RANK);
            }
            long[] dims = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                dims[d] = shape.i32(d);
                if (dims[d] < 0) {
                    throw new ModelDefect(path + ".shape " + Arrays.toString(dims) + " has a negative dimension");
                }
                elements = elements == 0 || dims[d] == 0 ? 0 : Math.multiplyExact(elements, dims[d]);
                if (elements > MAX_TENSOR_BYTES) {
                    throw new ModelDefect(path + ".shape has more than " + MAX_TENSOR_BYTES + " elements");
                }
            }
            int type = t.i8(1, "type", TfLiteSchema.FLOAT32);
            if (!TfLiteSchema.isTensorType(type)) {
                throw new ModelDefect(path + ".type " + type + " is not a TensorFlow Lite tensor type");
            }
            if (elements * TfLiteSchema.typeBytes(type) > MAX_TENSOR_BYTES) {
                throw new ModelDefect(path + " would take more than " + MAX_TENSOR_BYTES + " bytes");
            }
            long buffer = t.u32(2, "buffer", 0);
            if (buffer >= bufferCount) {
                throw new ModelDefect(path + ".buffer " + buffer + " is out of range (the model has "
                        + bufferCount + " buffers)");
            }
            t.string(3, "name");
            QuantizationCheck.check(path, t.table(4, "quantization"), type, dims);
            t.u8(5, "is_variable", 0);
            Table<ModelDefect> sparsity = t.table(6, "sparsity");
            long stored = elements;
            if (sparsity != null) {
                if (type != TfLiteSchema.FLOAT32 && type != TfLiteSchema.INT8 && type != TfLiteSchema.FLOAT16) {
                    throw new ModelDefect(path + " is a sparse " + TfLiteSchema.typeName(type) + " tensor;"
                            + " TensorFlow Lite densifies float32, float16 and int8 only");
                }
                if (!bufferHasData[(int) buffer]) {
                    throw new ModelDefect(path + " is sparse but has no constant data");
                }
                stored = SparsityCheck.storedElements(path, sparsity, dims, MAX_TENSOR_BYTES);
            }
            Vector<ModelDefect> signature = t.vector(7, "shape_signature", 4);
            lastTensorDynamic = false;
            if (signature != null && signature.length > 0) {
                if (signature.length != rank) {
                    throw new ModelDefect(path + ".shape_signature has rank " + signature.length + ", its shape "
                            + rank);
                }
                for (int d = 0; d < rank; d++) {
                    int sd = signature.i32(d);
                    if (sd < -1 || sd >= 0 && sd != dims[d]) {
                        throw new ModelDefect(path + ".shape_signature dimension " + d + " is " + sd
                                + " but its shape says " + dims[d]);
                    }
                    lastTensorDynamic |= sd == -1;
                }
            }
            t.u8(8, "has_rank", 0);
            Vector<ModelDefect> variants = t.vector(9, "variant_tensors", 4);
            for (int i = 0; variants != null && i < variants.length; i++) {
                Table<ModelDefect> v = variants.table(i);
                Vector<ModelDefect> vs = v.vector(0, "shape", 4);
                if (vs != null && vs.length > MAX_RANK) {
                    throw new ModelDefect(v.path + " has rank " + vs.length);
                }
                int vt = v.i8(1, "type", 0);
                if (!TfLiteSchema.isTensorType(vt)) {
                    throw new ModelDefect(v.path + ".type " + vt + " is not a tensor type");
                }
                v.u8(2, "has_rank", 0);
            }
            if (bufferHasData[(int) buffer]) {
                ConstantDataCheck.check(file, path, (int) buffer, bufferStart[(int) buffer], bufferSize[(int) buffer],
                        type, stored);
            }
            return dims;
        }

        private void indices(Vector<ModelDefect> v, int count, boolean optionalAllowed, String path)
                throws ModelDefect {
            for (int i = 0; v != null && i < v.length; i++) {
                int x = v.i32(i);
                if (x >= count || x < (optionalAllowed ? -1 : 0)) {
                    throw new ModelDefect(path + "[" + i + "] is tensor " + x + ", out of range (the subgraph has "
                            + count + " tensors)");
                }
            }
        }

        /** Checks one operator; returns its builtin code. */
        private int operator(int s, String path, Table<ModelDefect> op, int tensorCount, boolean[] constant)
                throws ModelDefect {
            long opcodeIndex = op.u32(0, "opcode_index", 0);
            if (opcodeIndex >= opcodes.length) {
                throw new ModelDefect(path + ".opcode_index " + opcodeIndex + " is out of range (the model has "
                        + opcodes.length + " operator codes)");
            }
            int code = opcodes[(int) opcodeIndex];
            String opName = code == TfLiteSchema.CUSTOM ? "CUSTOM:" + customCodes[(int) opcodeIndex]
                    : TfLiteSchema.opName(code);
            operators.add(opName);
            String where = path + " (" + opName + ")";
            Vector<ModelDefect> inputs = op.vector(1, "inputs", 4);
            indices(inputs, tensorCount, OptionsCheck.acceptsOptionalInputs(code), where + ".inputs");
            Vector<ModelDefect> outputs = op.vector(2, "outputs", 4);
            indices(outputs, tensorCount, false, where + ".outputs");
            for (int i = 0; outputs != null && i < outputs.length; i++) {
                if (constant[outputs.i32(i)]) {
                    throw new ModelDefect(where + " writes its output " + i + " into constant tensor "
                            + outputs.i32(i));
                }
            }
            int optionsType = op.u8(3, "builtin_options_type", 0);
            Table<ModelDefect> options = op.table(4, "builtin_options");
            Vector<ModelDefect> custom = op.vector(5, "custom_options", 1);
            int customFormat = op.i8(6, "custom_options_format", 0);
            if (customFormat != 0) {
                throw new ModelDefect(where + ".custom_options_format " + customFormat + " is not FLEXBUFFERS");
            }
            Vector<ModelDefect> mutating = op.vector(7, "mutating_variable_inputs", 1);
            if (mutating != null && mutating.length != 0 && mutating.length != (inputs == null ? 0 : inputs.length)) {
                throw new ModelDefect(where + ".mutating_variable_inputs has " + mutating.length + " entries for "
                        + (inputs == null ? 0 : inputs.length) + " inputs");
            }
            indices(op.vector(8, "intermediates", 4), tensorCount, false, where + ".intermediates");
            long largeOffset = op.i64(9, "large_custom_options_offset", 0);
            long largeSize = op.i64(10, "large_custom_options_size", 0);
            if (largeOffset > 1 || largeOffset < 0) {
                if (largeOffset < 0 || largeSize < 0 || largeSize > file.length
                        || largeOffset > file.length - largeSize) {
                    throw new ModelDefect(where + " has custom options at bytes "
                            + Long.toUnsignedString(largeOffset) + " + " + Long.toUnsignedString(largeSize)
                            + ", outside the " + file.length + "-byte file");
                }
                if (largeSize > 0) {
                    FlexBuffersCheck.verify(file, (int) largeOffset, (int) largeSize, where + ".custom_options");
                }
            } else if (custom != null && custom.length > 0) {
                FlexBuffersCheck.verify(file, custom.start, custom.length, where + ".custom_options");
            }
            int options2Type = op.u8(11, "builtin_options_2_type", 0);
            Table<ModelDefect> options2 = op.table(12, "builtin_options_2");
            OptionsCheck.check(where, code, optionsType, options, options2Type, options2, subgraphCount,
                    calls.get(s));
            return code;
        }

        private Map<String, Integer> metadata(Table<ModelDefect> model) throws ModelDefect {
            Vector<ModelDefect> legacy = model.vector(5, "metadata_buffer", 4);
            for (int i = 0; legacy != null && i < legacy.length; i++) {
                int b = legacy.i32(i);
                if (b < 0 || b >= bufferCount) {
                    throw new ModelDefect("metadata_buffer[" + i + "] is buffer " + b + ", out of range");
                }
            }
            Map<String, Integer> out = new LinkedHashMap<>();
            Vector<ModelDefect> meta = model.vector(6, "metadata", 4);
            for (int i = 0; meta != null && i < meta.length; i++) {
                Table<ModelDefect> m = meta.table(i);
                String key = m.string(0, "name");
                long b = m.u32(1, "buffer", 0);
                if (b >= bufferCount) {
                    throw new ModelDefect("metadata[" + i + "] (" + key + ") is buffer " + b + ", out of range");
                }
                if (key != null) {
                    out.put(key, (int) b);
                }
            }
            return out;
        }

        private void signatures(Vector<ModelDefect> v, int[] tensorCounts) throws ModelDefect {
            for (int i = 0; v != null && i < v.length; i++) {
                Table<ModelDefect> sig = v.table(i);
                long sub = sig.u32(4, "subgraph_index", 0);
                if (sub >= subgraphCount) {
                    throw new ModelDefect(sig.path + ".subgraph_index " + sub + " is out of range");
                }
                sig.string(2, "signature_key");
                sig.string(3, "deprecated_tag");
                for (int side = 0; side < 2; side++) {
                    Vector<ModelDefect> maps = sig.vector(side, side == 0 ? "inputs" : "outputs", 4);
                    for (int m = 0; maps != null && m < maps.length; m++) {
                        Table<ModelDefect> map = maps.table(m);
                        map.string(0, "name");
                        long t = map.u32(1, "tensor_index", 0);
                        if (t >= tensorCounts[(int) sub]) {
                            throw new ModelDefect(map.path + ".tensor_index " + t + " is out of range");
                        }
                    }
                }
            }
        }
    }
}
