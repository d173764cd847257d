package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Relu, LeakyRelu, Clip, Sigmoid, HardSigmoid, HardSwish, Tanh, Exp, Neg, Pow, Softmax and the broadcasting arithmetic Add, Sub, Mul, Div.
 *
 * <p>Thread-safety: stateless.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static NDArray[] relu(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {Activation.relu(in[0])};
    }

    static NDArray[] sigmoid(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {Activation.sigmoid(in[0])};
    }

    static NDArray[] tanh(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].tanh()};
    }

    static NDArray[] leakyRelu(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {Activation.leakyRelu(in[0], ctx.f("alpha", 0.01f))};
    }

    /** HardSigmoid: max(0, min(1, alpha·x + beta)), alpha 0.2 and beta 0.5 by default. */
    static NDArray[] hardSigmoid(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {hardSigmoid(in[0], ctx.f("alpha", 0.2f), ctx.f("beta", 0.5f))};
    }

    /** HardSwish: x · HardSigmoid(x) with alpha 1/6 and beta 0.5 (MobileNetV3). */
    static NDArray[] hardSwish(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].mul(hardSigmoid(in[0], 1f / 6, 0.5f))};
    }

    private static NDArray hardSigmoid(NDArray x, float alpha, float beta) {
        return x.mul(alpha).add(beta).maximum(0).minimum(1);
    }

    static NDArray[] neg(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].neg()};
    }

    /** Pow: the exponent broadcasts (YOLOv5 decodes box sizes as {@code (2·sigmoid)^2}; its exponent is a constant). */
    static NDArray[] pow(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].pow(in[1].toType(in[0].getDataType(), false))};
    }

    static NDArray[] exp(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].exp()};
    }

    static NDArray[] add(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].add(in[1])};
    }

    static NDArray[] sub(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].sub(in[1])};
    }

    static NDArray[] mul(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].mul(in[1])};
    }

    static NDArray[] div(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].div(in[1])};
    }

    /** Clip: bounds as attributes before opset 11, as optional scalar inputs from 11 on. */
    static NDArray[] clip(NodeContext ctx, NDArray[] in) {
        Double lo;
        Double hi;
        if (ctx.opset < 11) {
            lo = ctx.find("min") == null ? null : (double) ctx.f("min", 0);
            hi = ctx.find("max") == null ? null : (double) ctx.f("max", 0);
        } else {
            lo = in.length > 1 && in[1] != null ? in[1].toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .toDoubleArray()[0] : null;
            hi = in.length > 2 && in[2] != null ? in[2].toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .toDoubleArray()[0] : null;
        }
        NDArray y = in[0];
        if (lo != null) {
            y = y.maximum(lo);
        }
        if (hi != null) {
            y = y.minimum(hi);
        }
        return new NDArray[] {y == in[0] ? in[0].add(0) : y};
    }

    /** Softmax: over one axis from opset 13; before it, over everything from axis on (as a 2-D matrix). */
    static NDArray[] softmax(NodeContext ctx, NDArray[] in) {
        NDArray x = in[0];
        int rank = x.getShape().dimension();
        int axis = (int) ctx.i("axis", ctx.opset >= 13 ? -1 : 1);
        axis = axis < 0 ? axis + rank : axis;
        if (ctx.opset >= 13) {
            return new NDArray[] {x.softmax(axis)};
        }
        Shape shape = x.getShape();
        long rows = 1;
        for (int a = 0; a < axis; a++) {
            rows *= shape.get(a);
        }
        return new NDArray[] {x.reshape(rows, -1).softmax(1).reshape(shape)};
    }
}
