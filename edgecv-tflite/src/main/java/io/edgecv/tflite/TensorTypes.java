package io.edgecv.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat16;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt64;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt8;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteUInt8;

import io.edgecv.spi.ElementType;
import io.edgecv.spi.Float16;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * TensorFlow Lite tensor types as EdgeCV element types, and the conversion of non-float32 outputs to floats:
 * 8-bit quantized values are dequantized with the tensor's scale and zero point
 * ({@code real = scale * (q - zeroPoint)}), float16 is widened, integers are converted.
 *
 * <p>Thread-safety: stateless.
 */
final class TensorTypes {
    private TensorTypes() {
    }

    /** @return the element type of a {@code TfLiteType} code */
    static ElementType of(int tfliteType) {
        if (tfliteType == kTfLiteFloat32) {
            return ElementType.FLOAT32;
        } else if (tfliteType == kTfLiteFloat16) {
            return ElementType.FLOAT16;
        } else if (tfliteType == kTfLiteUInt8) {
            return ElementType.UINT8;
        } else if (tfliteType == kTfLiteInt8) {
            return ElementType.INT8;
        } else if (tfliteType == kTfLiteInt32) {
            return ElementType.INT32;
        } else if (tfliteType == kTfLiteInt64) {
            return ElementType.INT64;
        }
        return ElementType.OTHER;
    }

    /**
     * Converts {@code n} elements of {@code src} (native order, from index 0) into {@code dst} (from index 0).
     *
     * @param type source element type, not {@link ElementType#OTHER}
     * @param scale quantization scale; 0 copies 8-bit values as plain numbers
     * @param zeroPoint quantization zero point
     */
    static void toFloats(ElementType type, ByteBuffer src, int n, float scale, int zeroPoint, FloatBuffer dst) {
        switch (type) {
            case UINT8:
                if (scale == 0f) {
                    for (int i = 0; i < n; i++) {
                        dst.put(i, src.get(i) & 0xFF);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        dst.put(i, scale * ((src.get(i) & 0xFF) - zeroPoint));
                    }
                }
                return;
            case INT8:
                if (scale == 0f) {
                    for (int i = 0; i < n; i++) {
                        dst.put(i, src.get(i));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        dst.put(i, scale * (src.get(i) - zeroPoint));
                    }
                }
                return;
            case FLOAT16:
                for (int i = 0; i < n; i++) {
                    dst.put(i, Float16.toFloat(src.getShort(2 * i)));
                }
                return;
            case INT32:
                for (int i = 0; i < n; i++) {
                    dst.put(i, src.getInt(4 * i));
                }
                return;
            case INT64:
                for (int i = 0; i < n; i++) {
                    dst.put(i, src.getLong(8 * i));
                }
                return;
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    dst.put(i, src.getFloat(4 * i));
                }
                return;
            default:
                throw new IllegalArgumentException("cannot convert " + type + " to float");
        }
    }
}
