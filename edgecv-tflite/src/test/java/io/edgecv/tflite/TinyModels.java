package io.edgecv.tflite;

import io.edgecv.tflite.TinyFlatBuffer.Refs;
import io.edgecv.tflite.TinyFlatBuffer.Scalars;
import io.edgecv.tflite.TinyFlatBuffer.Str;
import io.edgecv.tflite.TinyFlatBuffer.Table;

/** Small TFLite models written by {@link TinyFlatBuffer}: one elementwise operator on an image-shaped tensor. */
final class TinyModels {
    static final int DEQUANTIZE = 6;
    static final int QUANTIZE = 114;

    private TinyModels() {
    }

    /** A tensor table; {@code scale} 0 means no quantization. */
    static Table tensor(String name, int type, long[] shape, float scale, long zeroPoint, int buffer) {
        Table t = new Table()
                .ref(0, new Scalars(4, shape))
                .scalar(1, 1, type)
                .scalar(2, 4, buffer)
                .ref(3, new Str(name));
        if (scale != 0f) {
            t.ref(4, new Table()
                    .ref(2, new Scalars(4, Float.floatToIntBits(scale)))
                    .ref(3, new Scalars(8, zeroPoint)));
        }
        return t;
    }

    /** A one-operator model: tensor 0 (input) to tensor 1 (output) through {@code opcode}. */
    static byte[] oneOp(int opcode, Table input, Table output) {
        return model(opcode, new Table[] {input, output}, new long[] {0}, new long[] {1},
                new Table().scalar(0, 4, 0).ref(1, new Scalars(4, 0)).ref(2, new Scalars(4, 1)));
    }

    /** A model of one subgraph with the given tensors, inputs, outputs and one operator table. */
    static byte[] model(int opcode, Table[] tensors, long[] inputs, long[] outputs, Table operator) {
        Table subgraph = new Table()
                .ref(0, new Refs(tensors))
                .ref(1, new Scalars(4, inputs))
                .ref(2, new Scalars(4, outputs))
                .ref(3, new Refs(operator))
                .ref(4, new Str("main"));
        Table model = new Table()
                .scalar(0, 4, 3)
                .ref(1, new Refs(new Table().scalar(0, 1, Math.min(opcode, 127)).scalar(2, 4, 1)
                        .scalar(3, 4, opcode)))
                .ref(2, new Refs(subgraph))
                .ref(3, new Str("edgecv test model"))
                .ref(4, new Refs(new Table()));
        return TinyFlatBuffer.finish(model);
    }

    /** uint8 image input (scale, zero point) dequantized to a float32 output of the same shape. */
    static byte[] uint8Input(int h, int w, float scale, int zeroPoint) {
        long[] shape = {1, h, w, 3};
        return oneOp(DEQUANTIZE, tensor("image_u8", 3, shape, scale, zeroPoint, 0),
                tensor("image_float", 0, shape, 0f, 0, 0));
    }

    /** float32 image input quantized to a uint8 output (scale, zero point) of the same shape. */
    static byte[] uint8Output(int h, int w, float scale, int zeroPoint) {
        long[] shape = {1, h, w, 3};
        return oneOp(QUANTIZE, tensor("image_float", 0, shape, 0f, 0, 0),
                tensor("image_u8", 3, shape, scale, zeroPoint, 0));
    }
}
