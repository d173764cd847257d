package io.edgecv.model;

import io.edgecv.InvalidModelException;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.TensorSpec;

/**
 * Preprocessing read off an image input tensor: size and layout from its shape ({@code [1, H, W, 3]} is NHWC,
 * {@code [1, 3, H, W]} NCHW), element type and quantization from its type.
 *
 * <p>Thread-safety: stateless.
 */
public final class InputDefaults {
    /** Input side assumed for a dynamic height or width, unless the model's description says otherwise. */
    public static final int DYNAMIC_SIDE = 640;

    private InputDefaults() {
    }

    /**
     * @param signature the model
     * @param inputIndex which input holds the image
     * @return a builder with size, layout, element type and quantization set
     * @throws InvalidModelException if the input is not a 4-D, 3-channel image tensor of a supported type
     */
    public static Preprocessing.Builder from(ModelSignature signature, int inputIndex) throws InvalidModelException {
        if (signature.inputs().size() <= inputIndex) {
            throw new InvalidModelException(signature.source().name() + " has no input " + inputIndex + "; "
                    + signature.describe());
        }
        TensorSpec in = signature.inputs().get(inputIndex);
        if (in.rank() != 4) {
            throw new InvalidModelException("input " + in + " of " + signature.source().name()
                    + " is not a 4-D image tensor [1,H,W,3] or [1,3,H,W]");
        }
        TensorLayout layout;
        long h;
        long w;
        if (in.dim(3) == 3) {
            layout = TensorLayout.NHWC;
            h = in.dim(1);
            w = in.dim(2);
        } else if (in.dim(1) == 3) {
            layout = TensorLayout.NCHW;
            h = in.dim(2);
            w = in.dim(3);
        } else {
            throw new InvalidModelException("input " + in + " of " + signature.source().name()
                    + " has no 3-channel axis (dimension 1 or 3 must be 3)");
        }
        ElementType type = in.type();
        if (type != ElementType.FLOAT32 && type != ElementType.UINT8 && type != ElementType.INT8) {
            throw new InvalidModelException("input " + in + " has element type " + type
                    + "; EdgeCV feeds FLOAT32, UINT8 or INT8 image tensors");
        }
        Preprocessing.Builder b = Preprocessing.builder()
                .setSize((int) (w > 0 ? w : DYNAMIC_SIDE), (int) (h > 0 ? h : DYNAMIC_SIDE))
                .optLayout(layout)
                .optElementType(type);
        if (in.isQuantized()) {
            b.optQuantization(in.scale(), in.zeroPoint());
        }
        return b;
    }
}
