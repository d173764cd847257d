package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.edgecv.spi.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads and makes ONNX {@link TensorProto} initializers: float32 data in, quantized or float16 data out, always
 * as little-endian {@code raw_data}.
 *
 * <p>Thread-safety: stateless.
 */
final class Tensors {
    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int UINT8 = TensorProto.DataType.UINT8_VALUE;
    static final int INT8 = TensorProto.DataType.INT8_VALUE;
    static final int INT32 = TensorProto.DataType.INT32_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;
    static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;

    private Tensors() {
    }

    /** @return element count of a tensor's dims */
    static long elementCount(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    /** @return whether the tensor keeps its bytes in an external file */
    static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    /**
     * @param t a float32 tensor
     * @return its values
     * @throws IllegalArgumentException if it is not float32
     */
    static float[] floats(TensorProto t) {
        if (t.getDataType() != FLOAT) {
            throw new IllegalArgumentException("tensor " + t.getName() + " is of type " + t.getDataType()
                    + ", not float32");
        }
        int n = Math.toIntExact(elementCount(t));
        float[] v = new float[n];
        if (!t.getRawData().isEmpty()) {
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = t.getFloatData(i);
            }
        }
        return v;
    }

    /**
     * @param t an int64 or int32 tensor
     * @return its values
     */
    static long[] longs(TensorProto t) {
        int n = Math.toIntExact(elementCount(t));
        long[] v = new long[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (t.getDataType() == INT64) {
            for (int i = 0; i < n; i++) {
                v[i] = raw.hasRemaining() ? raw.getLong(i * 8) : t.getInt64Data(i);
            }
        } else if (t.getDataType() == INT32) {
            for (int i = 0; i < n; i++) {
                v[i] = raw.hasRemaining() ? raw.getInt(i * 4) : t.getInt32Data(i);
            }
        } else {
            throw new IllegalArgumentException("tensor " + t.getName() + " is not an integer tensor");
        }
        return v;
    }

    private static TensorProto.Builder header(String name, int type, long[] dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            b.addDims(d);
        }
        return b;
    }

    static TensorProto ofFloats(String name, long[] dims, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return header(name, FLOAT, dims).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    static TensorProto ofFloat16(String name, long[] dims, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            buf.putShort(i * 2, Float16.fromFloat(values[i]));
        }
        return header(name, FLOAT16, dims).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** @param type {@link #UINT8} or {@link #INT8}; values already in range */
    static TensorProto ofBytes(String name, int type, long[] dims, byte[] values) {
        return header(name, type, dims).setRawData(ByteString.copyFrom(values)).build();
    }

    static TensorProto ofInts(String name, long[] dims, int[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(values);
        return header(name, INT32, dims).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    static TensorProto ofLongs(String name, long[] dims, long[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return header(name, INT64, dims).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** A rank-0 float tensor. */
    static TensorProto scalar(String name, float value) {
        return ofFloats(name, new long[0], new float[] {value});
    }

    /** A rank-0 zero point of the given 8-bit or int32 type. */
    static TensorProto zeroPoint(String name, int type, long[] dims, int value) {
        int n = Math.toIntExact(count(dims));
        if (type == INT32) {
            int[] v = new int[n];
            java.util.Arrays.fill(v, value);
            return ofInts(name, dims, v);
        }
        byte[] v = new byte[n];
        java.util.Arrays.fill(v, (byte) value);
        return ofBytes(name, type, dims, v);
    }

    static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** @return the dims as an array */
    static long[] dims(TensorProto t) {
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDims(i);
        }
        return d;
    }

    /** @return bytes per element of an ONNX element type, 0 if not fixed-size */
    static int elementBytes(int type) {
        switch (TensorProto.DataType.forNumber(type)) {
            case FLOAT: case INT32: case UINT32: return 4;
            case UINT8: case INT8: case BOOL: return 1;
            case UINT16: case INT16: case FLOAT16: case BFLOAT16: return 2;
            case INT64: case UINT64: case DOUBLE: case COMPLEX64: return 8;
            case COMPLEX128: return 16;
            default: return 0;
        }
    }

    /** @return how many values the tensor stores, from whichever field holds them */
    static long storedCount(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            int eb = elementBytes(t.getDataType());
            return eb == 0 ? -1 : t.getRawData().size() / eb;
        }
        switch (TensorProto.DataType.forNumber(t.getDataType())) {
            case FLOAT: return t.getFloatDataCount();
            case DOUBLE: return t.getDoubleDataCount();
            case INT64: return t.getInt64DataCount();
            case UINT64: case UINT32: return t.getUint64DataCount();
            case STRING: return t.getStringDataCount();
            case COMPLEX64: return t.getFloatDataCount() / 2;
            case COMPLEX128: return t.getDoubleDataCount() / 2;
            default: return t.getInt32DataCount();
        }
    }
}
