package io.edgecv.onnx.convert;

import java.io.IOException;

/**
 * Dispatches one TFLite operator to its mapping. {@link GraphCheck#SUPPORTED} lists the same operators.
 *
 * <p>Thread-safety: stateless.
 */
final class OperatorMapping {
    private OperatorMapping() {
    }

    static void write(Emitter e, TfLiteModel.Operator op) throws IOException {
        switch (op.code()) {
            case TfLiteOps.CONV_2D -> ConvOps.conv(e, op);
            case TfLiteOps.DEPTHWISE_CONV_2D -> ConvOps.depthwise(e, op);
            case TfLiteOps.TRANSPOSE_CONV -> ConvOps.transposeConv(e, op);
            case TfLiteOps.MAX_POOL_2D -> ConvOps.pool(e, op, "MaxPool");
            case TfLiteOps.AVERAGE_POOL_2D -> ConvOps.pool(e, op, "AveragePool");
            case TfLiteOps.FULLY_CONNECTED -> ConvOps.fullyConnected(e, op);
            case TfLiteOps.ADD -> ElementOps.binary(e, op, "Add", op.optionByte(0, 0));
            case TfLiteOps.SUB -> ElementOps.binary(e, op, "Sub", op.optionByte(0, 0));
            case TfLiteOps.MUL -> ElementOps.binary(e, op, "Mul", op.optionByte(0, 0));
            case TfLiteOps.DIV -> ElementOps.binary(e, op, "Div", op.optionByte(0, 0));
            case TfLiteOps.MAXIMUM -> ElementOps.binary(e, op, "Max", Emitter.NONE);
            case TfLiteOps.MINIMUM -> ElementOps.binary(e, op, "Min", Emitter.NONE);
            case TfLiteOps.RELU, TfLiteOps.RELU6, TfLiteOps.RELU_N1_TO_1, TfLiteOps.LOGISTIC, TfLiteOps.TANH,
                    TfLiteOps.HARD_SWISH, TfLiteOps.LEAKY_RELU -> ElementOps.unary(e, op);
            case TfLiteOps.PRELU -> ElementOps.prelu(e, op);
            case TfLiteOps.DEQUANTIZE -> ElementOps.dequantize(e, op);
            case TfLiteOps.CONCATENATION -> ShapeOps.concat(e, op);
            case TfLiteOps.RESHAPE -> ShapeOps.reshape(e, op);
            case TfLiteOps.PAD, TfLiteOps.PADV2 -> ShapeOps.pad(e, op);
            case TfLiteOps.MEAN -> ShapeOps.mean(e, op);
            case TfLiteOps.RESIZE_BILINEAR, TfLiteOps.RESIZE_NEAREST_NEIGHBOR -> ShapeOps.resize(e, op);
            case TfLiteOps.TRANSPOSE -> ShapeOps.transpose(e, op);
            case TfLiteOps.SOFTMAX -> ShapeOps.softmax(e, op);
            case TfLiteOps.DEPTH_TO_SPACE -> ShapeOps.depthSpace(e, op, "DepthToSpace");
            case TfLiteOps.SPACE_TO_DEPTH -> ShapeOps.depthSpace(e, op, "SpaceToDepth");
            case TfLiteOps.DENSIFY -> ElementOps.densify(e, op);
            default -> throw ConvOps.refuse(op, "not supported");
        }
    }
}
