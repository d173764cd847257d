package io.edgecv.tflite;

import io.edgecv.spi.flatbuffers.FlatBufferReader.Table;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Vector;
import java.util.Arrays;

/**
 * Checks a tensor's quantization parameters: scales finite and positive (non-zero for 4-, 8- and 16-bit integer
 * types), as many zero points as scales and each inside its type's range, per-channel scales matching the size of
 * their quantized dimension, and only the known details type (custom).
 *
 * <p>Thread-safety: stateless.
 */
final class QuantizationCheck {
    private QuantizationCheck() {
    }

    /**
     * @param path the tensor's path, for messages
     * @param q the tensor's {@code QuantizationParameters}, or null
     * @param type the tensor's type
     * @param dims the tensor's shape
     * @throws ModelDefect naming the bad parameter
     */
    static void check(String path, Table<ModelDefect> q, int type, long[] dims) throws ModelDefect {
        if (q == null) {
            return;
        }
        q.vector(0, "min", 4);
        q.vector(1, "max", 4);
        Vector<ModelDefect> scale = q.vector(2, "scale", 4);
        Vector<ModelDefect> zero = q.vector(3, "zero_point", 8);
        int detailsType = q.u8(4, "details_type", 0);
        Table<ModelDefect> details = q.table(5, "details");
        if (details != null) {
            if (detailsType != 1) {
                throw new ModelDefect(path + ".quantization.details has unknown type " + detailsType);
            }
            details.vector(0, "custom", 1);
        }
        int qdim = q.i32(6, "quantized_dimension", 0);
        int ns = scale == null ? 0 : scale.length;
        int nz = zero == null ? 0 : zero.length;
        if (ns == 0) {
            return;
        }
        boolean eightBit = type == TfLiteSchema.UINT8 || type == TfLiteSchema.INT8 || type == TfLiteSchema.INT16
                || type == TfLiteSchema.INT4;
        for (int i = 0; i < ns; i++) {
            float s = scale.f32(i);
            if (!Float.isFinite(s) || s < 0f || eightBit && s == 0f) {
                throw new ModelDefect(path + ".quantization.scale[" + i + "] is " + s
                        + "; scales must be finite and positive");
            }
        }
        if (nz != 0 && nz != ns) {
            throw new ModelDefect(path + ".quantization has " + ns + " scales and " + nz + " zero points");
        }
        long lo = type == TfLiteSchema.UINT8 ? 0 : type == TfLiteSchema.INT8 ? -128 : Long.MIN_VALUE;
        long hi = type == TfLiteSchema.UINT8 ? 255 : type == TfLiteSchema.INT8 ? 127 : Long.MAX_VALUE;
        for (int i = 0; i < nz; i++) {
            long z = zero.i64(i);
            if (z < lo || z > hi || z < Integer.MIN_VALUE || z > Integer.MAX_VALUE) {
                throw new ModelDefect(path + ".quantization.zero_point[" + i + "] is " + z + ", outside the "
                        + TfLiteSchema.typeName(type) + " range");
            }
        }
        if (ns > 1 && (qdim < 0 || qdim >= dims.length || dims[qdim] != ns)) {
            throw new ModelDefect(path + ".quantization has " + ns + " per-channel scales on dimension " + qdim
                    + " of shape " + Arrays.toString(dims));
        }
    }
}
