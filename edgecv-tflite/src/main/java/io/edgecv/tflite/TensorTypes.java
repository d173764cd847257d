package io.edgecv.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat16;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt64;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt8;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteUInt8;

import io.edgecv.spi.ElementType;

/**
 * TensorFlow Lite tensor types as EdgeCV element types. The session converts non-float32 outputs to floats with
 * {@link io.edgecv.spi.FloatWidening}.
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
}
