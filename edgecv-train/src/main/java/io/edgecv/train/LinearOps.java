package io.edgecv.train;

import ai.djl.ndarray.NDArray;

/**
 * Gemm, MatMul and BatchNormalization (inference form with running statistics; in training mode batch
 * statistics, with the running ones updated by ONNX's momentum rule).
 *
 * <p>Thread-safety: stateless.
 */
final class LinearOps {
    private LinearOps() {
    }

    static NDArray[] matMul(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].matMul(in[1])};
    }

    static NDArray[] gemm(NodeContext ctx, NDArray[] in) {
        NDArray a = ctx.i("transA", 0) != 0 ? in[0].transpose() : in[0];
        NDArray b = ctx.i("transB", 0) != 0 ? in[1].transpose() : in[1];
        float alpha = ctx.f("alpha", 1f);
        float beta = ctx.f("beta", 1f);
        NDArray y = a.matMul(b);
        if (alpha != 1f) {
            y = y.mul(alpha);
        }
        if (in.length > 2 && in[2] != null) {
            y = y.add(beta == 1f ? in[2] : in[2].mul(beta));
        }
        return new NDArray[] {y};
    }

    static NDArray[] batchNorm(NodeContext ctx, NDArray[] in) {
        NDArray x = in[0];
        int rank = x.getShape().dimension();
        long[] bshape = new long[rank];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = x.getShape().get(1);
        float eps = ctx.f("epsilon", 1e-5f);
        NDArray mean = in[3];
        NDArray var = in[4];
        if (ctx.training) {
            int[] axes = new int[rank - 1];
            axes[0] = 0;
            for (int a = 2; a < rank; a++) {
                axes[a - 1] = a;
            }
            NDArray batchMean = WindowOps.meanOver(x, axes, false);
            NDArray centred = x.sub(batchMean.reshape(bshape));
            NDArray batchVar = WindowOps.meanOver(centred.mul(centred), axes, false);
            float momentum = ctx.f("momentum", 0.9f);
            ctx.updateBuffer(ctx.node.getInput(3),
                    mean.mul(momentum).add(batchMean.stopGradient().mul(1 - momentum)));
            ctx.updateBuffer(ctx.node.getInput(4),
                    var.mul(momentum).add(batchVar.stopGradient().mul(1 - momentum)));
            mean = batchMean;
            var = batchVar;
        }
        NDArray scale = in[1].div(var.add(eps).sqrt()).reshape(bshape);
        NDArray y = x.sub(mean.reshape(bshape)).mul(scale).add(in[2].reshape(bshape));
        return new NDArray[] {y};
    }
}
