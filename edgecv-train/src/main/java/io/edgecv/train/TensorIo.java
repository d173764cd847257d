package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.edgecv.spi.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ONNX {@link TensorProto} to NDArray and back: floating-point tensors (float32, float16, double) become the
 * graph's float type; int64/int32 stay integers (shapes, indices).
 *
 * <p>Thread-safety: stateless.
 */
final class TensorIo {
    private TensorIo() {
    }

    static long[] dims(TensorProto t) {
        long[] d = new long[t.getDimsCount()];
        for (int k = 0; k < d.length; k++) {
            d[k] = t.getDims(k);
        }
        return d;
    }

    static boolean isFloat(TensorProto t) {
        int type = t.getDataType();
        return type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.FLOAT16_VALUE
                || type == TensorProto.DataType.DOUBLE_VALUE;
    }

    static NDArray toNDArray(NDManager manager, TensorProto t, DataType floatType) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor " + t.getName() + " keeps its data in an external file; "
                    + "save the model with its weights inside (onnx.save with save_as_external_data=False)");
        }
        Shape shape = new Shape(dims(t));
        int n = Math.toIntExact(shape.size());
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = !t.getRawData().isEmpty();
        switch (TensorProto.DataType.forNumber(t.getDataType())) {
            case FLOAT: {
                float[] v = new float[n];
                for (int k = 0; k < n; k++) {
                    v[k] = hasRaw ? raw.getFloat(k * 4) : t.getFloatData(k);
                }
                return manager.create(v, shape).toType(floatType, false);
            }
            case FLOAT16: {
                float[] v = new float[n];
                for (int k = 0; k < n; k++) {
                    v[k] = Float16.toFloat(hasRaw ? raw.getShort(k * 2) : (short) t.getInt32Data(k));
                }
                return manager.create(v, shape).toType(floatType, false);
            }
            case DOUBLE: {
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    v[k] = hasRaw ? raw.getDouble(k * 8) : t.getDoubleData(k);
                }
                return manager.create(v, shape).toType(floatType, false);
            }
            case INT64: {
                long[] v = new long[n];
                for (int k = 0; k < n; k++) {
                    v[k] = hasRaw ? raw.getLong(k * 8) : t.getInt64Data(k);
                }
                return manager.create(v, shape);
            }
            case INT32: {
                int[] v = new int[n];
                for (int k = 0; k < n; k++) {
                    v[k] = hasRaw ? raw.getInt(k * 4) : t.getInt32Data(k);
                }
                return manager.create(v, shape);
            }
            default:
                throw new IllegalArgumentException("tensor " + t.getName() + " has ONNX element type "
                        + TensorProto.DataType.forNumber(t.getDataType()) + ", which training does not read");
        }
    }

    /** @return the tensor with its data replaced by the array's values, in the tensor's own element type */
    static TensorProto withValues(TensorProto t, NDArray values) {
        float[] v = values.toType(DataType.FLOAT32, false).toFloatArray();
        TensorProto.Builder b = t.toBuilder().clearFloatData().clearDoubleData().clearInt32Data();
        ByteBuffer buf;
        switch (TensorProto.DataType.forNumber(t.getDataType())) {
            case FLOAT:
                buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(v);
                break;
            case FLOAT16:
                buf = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < v.length; k++) {
                    buf.putShort(k * 2, Float16.fromFloat(v[k]));
                }
                break;
            case DOUBLE:
                double[] d = values.toType(DataType.FLOAT64, false).toDoubleArray();
                buf = ByteBuffer.allocate(d.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                buf.asDoubleBuffer().put(d);
                break;
            default:
                throw new IllegalStateException("not a floating-point tensor: " + t.getName());
        }
        return b.setRawData(ByteString.copyFrom(buf.array())).build();
    }
}
