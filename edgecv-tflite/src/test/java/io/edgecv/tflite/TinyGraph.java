package io.edgecv.tflite;

import io.edgecv.spi.Float16;
import io.edgecv.tflite.TinyFlatBuffer.Refs;
import io.edgecv.tflite.TinyFlatBuffer.Scalars;
import io.edgecv.tflite.TinyFlatBuffer.Str;
import io.edgecv.tflite.TinyFlatBuffer.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small multi-operator TFLite graphs with {@link TinyFlatBuffer}, for testing operator mappings one at a
 * time against TensorFlow Lite itself: float32 runtime tensors, float32 / float16 / int8 / int32 constants, and
 * operators with their builtin options.
 */
final class TinyGraph {
    static final int FLOAT32 = 0;
    static final int FLOAT16 = 1;
    static final int INT32 = 2;
    static final int INT8 = 9;

    private final List<Table> tensors = new ArrayList<>();
    private final List<Table> buffers = new ArrayList<>(List.of(new Table()));
    private final List<Table> operators = new ArrayList<>();
    private final List<Integer> codes = new ArrayList<>();
    private final List<Long> inputs = new ArrayList<>();
    private final List<Long> outputs = new ArrayList<>();

    /** @return a float32 graph input */
    int input(String name, long... shape) {
        int t = tensor(name, shape);
        inputs.add((long) t);
        return t;
    }

    /** @return a float32 runtime tensor */
    int tensor(String name, long... shape) {
        return add(tensorTable(name, FLOAT32, shape, 0));
    }

    /** Marks {@code t} a graph output. */
    TinyGraph output(int t) {
        outputs.add((long) t);
        return this;
    }

    int constant(String name, long[] shape, float... values) {
        long[] raw = new long[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToIntBits(values[i]);
            for (int b = 0; b < 4; b++) {
                raw[4 * i + b] = (bits >>> (8 * b)) & 0xFF;
            }
        }
        return add(tensorTable(name, FLOAT32, shape, buffer(raw)));
    }

    int constantFp16(String name, long[] shape, float... values) {
        long[] raw = new long[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            short h = Float16.fromFloat(values[i]);
            raw[2 * i] = h & 0xFF;
            raw[2 * i + 1] = (h >>> 8) & 0xFF;
        }
        return add(tensorTable(name, FLOAT16, shape, buffer(raw)));
    }

    /** An int8 constant quantized per channel along {@code axis} (zero points 0). */
    int constantInt8(String name, long[] shape, int axis, float[] scales, byte... values) {
        long[] raw = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            raw[i] = values[i] & 0xFF;
        }
        long[] scaleBits = new long[scales.length];
        for (int i = 0; i < scales.length; i++) {
            scaleBits[i] = Float.floatToIntBits(scales[i]);
        }
        Table t = tensorTable(name, INT8, shape, buffer(raw)).ref(4, new Table()
                .ref(2, new Scalars(4, scaleBits)).ref(3, new Scalars(8, new long[scales.length]))
                .scalar(6, 4, axis));
        return add(t);
    }

    /** @return a 1-D int32 constant */
    int ints(String name, long... values) {
        return ints(name, new long[] {values.length}, values);
    }

    /** @return an int32 constant of the given shape */
    int ints(String name, long[] shape, long... values) {
        long[] raw = new long[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < 4; b++) {
                raw[4 * i + b] = (values[i] >>> (8 * b)) & 0xFF;
            }
        }
        return add(tensorTable(name, INT32, shape, buffer(raw)));
    }

    /**
     * Adds an operator.
     *
     * @param code        builtin operator code
     * @param optionsType {@code BuiltinOptions} union type, 0 for none
     * @param options     the options table (slot, size, value fields), or null
     */
    TinyGraph op(int code, int optionsType, Table options, int[] in, int... out) {
        int index = codes.indexOf(code);
        if (index < 0) {
            codes.add(code);
            index = codes.size() - 1;
        }
        Table t = new Table().scalar(0, 4, index).ref(1, new Scalars(4, longs(in))).ref(2, new Scalars(4, longs(out)));
        if (options != null) {
            t.scalar(3, 1, optionsType).ref(4, options);
        }
        operators.add(t);
        return this;
    }

    byte[] build() {
        Table[] opcodes = new Table[codes.size()];
        for (int i = 0; i < opcodes.length; i++) {
            int c = codes.get(i);
            opcodes[i] = new Table().scalar(0, 1, Math.min(c, 127)).scalar(2, 4, 1).scalar(3, 4, c);
        }
        Table subgraph = new Table()
                .ref(0, new Refs(tensors.toArray(new Table[0])))
                .ref(1, new Scalars(4, inputs.stream().mapToLong(Long::longValue).toArray()))
                .ref(2, new Scalars(4, outputs.stream().mapToLong(Long::longValue).toArray()))
                .ref(3, new Refs(operators.toArray(new Table[0])))
                .ref(4, new Str("main"));
        Table model = new Table()
                .scalar(0, 4, 3)
                .ref(1, new Refs(opcodes))
                .ref(2, new Refs(subgraph))
                .ref(3, new Str("edgecv operator test"))
                .ref(4, new Refs(buffers.toArray(new Table[0])));
        return TinyFlatBuffer.finish(model);
    }

    private int buffer(long[] raw) {
        buffers.add(new Table().ref(0, new Scalars(1, raw)));
        return buffers.size() - 1;
    }

    private int add(Table t) {
        tensors.add(t);
        return tensors.size() - 1;
    }

    private static Table tensorTable(String name, int type, long[] shape, int buffer) {
        return new Table().ref(0, new Scalars(4, shape)).scalar(1, 1, type).scalar(2, 4, buffer)
                .ref(3, new Str(name));
    }

    private static long[] longs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
